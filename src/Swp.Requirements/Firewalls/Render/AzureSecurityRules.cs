using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Swp.Requirements.Firewalls;

/// <summary>One security rule of an Azure network security group, as both Azure dialects write it.</summary>
internal sealed class AzureRule
{
    public AzureRule(string name, string description, int priority, bool inbound, string protocol, string port, bool allow, List<string> sources, List<string> destinations, FirewallRule? rule)
    {
        Name = name;
        Description = description;
        Priority = priority;
        Inbound = inbound;
        Protocol = protocol;
        Port = port;
        Allow = allow;
        Sources = sources;
        Destinations = destinations;
        Rule = rule;
    }

    public string Name { get; }

    public string Description { get; }

    public int Priority { get; }

    public bool Inbound { get; }

    public string Protocol { get; }

    public string Port { get; }

    public bool Allow { get; }

    public List<string> Sources { get; }

    public List<string> Destinations { get; }

    /// <summary>The policy's rule, or null for the "deny other traffic" rules.</summary>
    public FirewallRule? Rule { get; }
}

/// <summary>What the Azure dialects (Bicep, ARM JSON) share: rules to security rules, names, priorities and descriptions.</summary>
internal static class AzureSecurityRules
{
    /// <summary>The resource type's API version both dialects write.</summary>
    public const string ApiVersion = "2024-05-01";

    /// <summary>The lowest priority number a rule can have (checked first).</summary>
    public const int MinPriority = 100;

    /// <summary>The highest priority number a rule can have.</summary>
    public const int MaxPriority = 4096;

    /// <summary>The most rules one network security group can have.</summary>
    public const int MaxRules = 1000;

    /// <summary>The longest rule name.</summary>
    public const int MaxNameLength = 80;

    /// <summary>The longest rule description.</summary>
    public const int MaxDescriptionLength = 140;

    /// <summary>The address prefix of "any address".</summary>
    public const string AnyPrefix = "0.0.0.0/0";

    /// <summary>The security group's default name, <c>swp-&lt;component&gt;</c>.</summary>
    public static string GroupName(FirewallPolicy policy) => "swp-" + policy.Component.ToId();

    /// <summary>
    /// The security rules: the policy's network rules in order (loopback rules go to
    /// <paramref name="loopback"/>), priorities from 100 in steps of 10 per direction (steps of 1
    /// when 10 do not fit), and, with <paramref name="denyOthers"/>, a deny rule for each direction
    /// at 4096.
    /// </summary>
    /// <exception cref="FirewallLimitException">The rules do not fit the priorities or the 1000 rules of a group.</exception>
    public static List<AzureRule> Rules(FirewallPolicy policy, bool denyOthers, List<FirewallRule> loopback, ICollection<RenderWarning> warnings)
    {
        List<FirewallRule> rules = RenderText.NetworkRules(policy, loopback);
        foreach (FirewallRule rule in loopback)
        {
            RenderText.Warn(warnings, RenderWarningKind.LeftOut, rule, "left out: a loopback rule, and a network security group never sees loopback traffic.");
        }

        int highest = denyOthers ? MaxPriority - 1 : MaxPriority;
        int inbound = rules.FindAll(r => r.Direction == RuleDirection.Ingress).Count;
        int outbound = rules.Count - inbound;
        int total = rules.Count + (denyOthers ? 2 : 0);
        if (total > MaxRules)
        {
            throw new FirewallLimitException(
                $"The firewall of {policy.Component.ToId()} needs {RenderText.Invariant(total)} Azure security rules; a network security group holds at most {RenderText.Invariant(MaxRules)}.");
        }

        int available = highest - MinPriority + 1;
        if (Math.Max(inbound, outbound) > available)
        {
            throw new FirewallLimitException(
                $"The firewall of {policy.Component.ToId()} needs {RenderText.Invariant(Math.Max(inbound, outbound))} Azure security rules in one direction; priorities {RenderText.Invariant(MinPriority)}-{RenderText.Invariant(highest)} give {RenderText.Invariant(available)}.");
        }

        int inboundStep = Step(inbound, highest);
        int outboundStep = Step(outbound, highest);
        int nextInbound = MinPriority;
        int nextOutbound = MinPriority;
        var result = new List<AzureRule>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (FirewallRule rule in rules)
        {
            bool isInbound = rule.Direction == RuleDirection.Ingress;
            int priority;
            if (isInbound)
            {
                priority = nextInbound;
                nextInbound += inboundStep;
            }
            else
            {
                priority = nextOutbound;
                nextOutbound += outboundStep;
            }

            string name = Name(rule.Name);
            if (name != rule.Name)
            {
                RenderText.Warn(warnings, RenderWarningKind.Truncated, rule, $"its Azure name: '{name}' (a name is at most {RenderText.Invariant(MaxNameLength)} characters).");
            }

            if (rule.RemoteDomains.Count > 0 && rule.RemoteAddresses.Count == 0)
            {
                RenderText.Widened(warnings, rule, AnyPrefix);
            }

            if (!names.Add(name))
            {
                throw new FirewallLimitException($"Two rules have the Azure name '{name}' (names are at most {RenderText.Invariant(MaxNameLength)} characters and not case-sensitive).");
            }

            var remote = Prefixes(rule.RemoteAddresses);
            var local = Prefixes(rule.LocalAddresses);
            result.Add(new AzureRule(
                name,
                RenderText.Fit(rule, rule.Description, RenderText.Clean(rule.Description), "control characters, line separators and invisible direction marks as spaces", MaxDescriptionLength, "description", warnings),
                priority,
                isInbound,
                rule.IPProtocol == IPProtocol.Tcp ? "Tcp" : "Udp",
                RenderText.Invariant(rule.Port),
                allow: true,
                isInbound ? remote : local,
                isInbound ? local : remote,
                rule));
        }

        if (denyOthers)
        {
            foreach (bool isInbound in new[] { false, true })
            {
                string direction = isInbound ? "inbound" : "outbound";
                result.Add(new AzureRule(
                    "swp-deny-other-" + direction,
                    $"Swp.Requirements: deny all other {direction} traffic (before Azure's default rules)",
                    MaxPriority,
                    isInbound,
                    "*",
                    "*",
                    allow: false,
                    ["*"],
                    ["*"],
                    null));
            }
        }

        return result;

        static int Step(int count, int highest) => count <= 1 || MinPriority + (10 * (count - 1)) <= highest ? 10 : 1;
    }

    /// <summary>
    /// A rule name Azure takes (1–80 characters of letters, digits, <c>_.-</c>, starting with a
    /// letter or digit, ending with a letter, digit or <c>_</c>): the model's name, or, when longer
    /// than 80, its first 71 characters, <c>-</c> and 8 hex digits of its hash.
    /// </summary>
    public static string Name(string ruleName)
    {
        string name = ruleName;
        if (name[0] == '-')
        {
            name = "r" + name;
        }

        if (name.Length > MaxNameLength)
        {
            name = new StringBuilder(MaxNameLength).Append(name, 0, MaxNameLength - 9).Append('-').Append(RenderText.Hash(ruleName)).ToString();
        }

        if (name[name.Length - 1] == '-')
        {
            name = new StringBuilder(name, 0, name.Length - 1, name.Length).Append('_').ToString();
        }

        return name;
    }

    private static List<string> Prefixes(IReadOnlyList<IPv4Network> networks)
    {
        var prefixes = new List<string>();
        foreach (IPv4Network network in networks)
        {
            string text = network.ToString();
            if (!prefixes.Contains(text))
            {
                prefixes.Add(text);
            }
        }

        if (prefixes.Count == 0)
        {
            prefixes.Add(AnyPrefix);
        }

        return prefixes;
    }

    /// <summary>A Bicep string literal, ASCII only: <c>\</c>, <c>'</c>, <c>${</c> and control characters escaped, other characters outside ASCII as <c>\u{X}</c>.</summary>
    public static string BicepQuote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('\'');
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '\\': builder.Append("\\\\"); break;
                case '\'': builder.Append("\\'"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '$' when i + 1 < text.Length && text[i + 1] == '{': builder.Append("\\$"); break;
                default:
                    if (c >= ' ' && c <= '~')
                    {
                        builder.Append(c);
                    }
                    else
                    {
                        int codePoint = c;
                        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                        {
                            codePoint = char.ConvertToUtf32(c, text[++i]);
                        }
                        else if (char.IsSurrogate(c))
                        {
                            codePoint = 0xFFFD;
                        }

                        builder.Append("\\u{").Append(codePoint.ToString("X", CultureInfo.InvariantCulture)).Append('}');
                    }

                    break;
            }
        }

        return builder.Append('\'').ToString();
    }

    /// <summary>An ARM template string that is never read as an expression: one that starts with <c>[</c> and ends with <c>]</c> gets a second <c>[</c>.</summary>
    public static string ArmLiteral(string text) =>
        text.Length > 0 && text[0] == '[' && text[text.Length - 1] == ']' ? "[" + text : text;
}
