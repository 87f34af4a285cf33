using System;
using System.Collections.Generic;
using System.Text;

namespace Swp.Requirements.Firewalls;

/// <summary>One AWS security group rule: one direction, IP protocol, port and CIDR, for one or more of the policy's rules.</summary>
internal sealed class AwsPermission
{
    public AwsPermission(RuleDirection direction, IPProtocol protocol, int port, string cidr)
    {
        Direction = direction;
        Protocol = protocol;
        Port = port;
        Cidr = cidr;
    }

    public RuleDirection Direction { get; }

    public IPProtocol Protocol { get; }

    public int Port { get; }

    public string Cidr { get; }

    /// <summary>The policy's rules this AWS rule serves (AWS refuses two rules with the same protocol, port and CIDR, so they share one).</summary>
    public List<FirewallRule> Rules { get; } = [];

    /// <summary>
    /// The AWS description, in AWS's characters and at most 255 (<see cref="AwsSecurityGroups.Text"/>):
    /// the rule's name and description, or the names of the rules that share this AWS rule.
    /// </summary>
    public string Description
    {
        get
        {
            if (Rules.Count == 1)
            {
                return AwsSecurityGroups.Text(RenderText.Label(Rules[0]));
            }

            var names = new List<string>();
            foreach (FirewallRule rule in Rules)
            {
                names.Add(rule.Name);
            }

            return AwsSecurityGroups.Text(string.Join(", ", names));
        }
    }
}

/// <summary>One security group of a split policy: at most the per-group number of rules in each direction.</summary>
internal sealed class AwsGroup
{
    public AwsGroup(int number, string name)
    {
        Number = number;
        Name = name;
    }

    /// <summary>1, 2, ...</summary>
    public int Number { get; }

    /// <summary><c>swp-&lt;component&gt;-&lt;number&gt;</c>.</summary>
    public string Name { get; }

    public List<AwsPermission> Ingress { get; } = [];

    public List<AwsPermission> Egress { get; } = [];
}

/// <summary>
/// What both AWS renderers write, planned once: the policy's network rules as AWS rules split over
/// groups, the loopback rules left out, and the texts both put on a group.
/// </summary>
internal sealed class AwsPlan
{
    private AwsPlan(FirewallPolicy policy, List<FirewallRule> rules, List<FirewallRule> loopback, List<AwsPermission> permissions, List<AwsGroup> groups)
    {
        Component = policy.Component.ToId();
        Rules = rules;
        Loopback = loopback;
        Permissions = permissions;
        Groups = groups;
    }

    /// <summary>The component's ID.</summary>
    public string Component { get; }

    /// <summary>The policy's rules that reach the network, in the policy's order.</summary>
    public List<FirewallRule> Rules { get; }

    /// <summary>The loopback rules, left out (a security group never sees loopback traffic).</summary>
    public List<FirewallRule> Loopback { get; }

    /// <summary>Every AWS rule, each serving one or more of <see cref="Rules"/>.</summary>
    public List<AwsPermission> Permissions { get; }

    /// <summary>The groups the AWS rules are split over.</summary>
    public List<AwsGroup> Groups { get; }

    /// <summary>Plans the groups of a checked policy, and adds what AWS made the plan leave out, widen, cut or change to <paramref name="warnings"/>.</summary>
    public static AwsPlan Create(FirewallPolicy policy, int rulesPerGroup, ICollection<RenderWarning> warnings)
    {
        var loopback = new List<FirewallRule>();
        List<FirewallRule> rules = RenderText.NetworkRules(policy, loopback);
        List<AwsPermission> permissions = AwsSecurityGroups.Permissions(rules);
        var plan = new AwsPlan(policy, rules, loopback, permissions, AwsSecurityGroups.Split(policy, permissions, rulesPerGroup));
        foreach (FirewallRule rule in loopback)
        {
            RenderText.Warn(warnings, RenderWarningKind.LeftOut, rule, "left out: a loopback rule, and a security group never sees loopback traffic.");
        }

        foreach (FirewallRule rule in rules)
        {
            if (rule.RemoteDomains.Count > 0 && rule.RemoteAddresses.Count == 0)
            {
                RenderText.Widened(warnings, rule, AwsSecurityGroups.AnyCidr);
            }

            if (permissions.Exists(p => p.Rules.Count == 1 && p.Rules[0] == rule))
            {
                string label = RenderText.Label(rule);
                // '->' as 'to' is AWS's spelling of every label, not a loss: only other replacements are said.
                RenderText.Fit(rule, label.Replace("->", "to"), AwsSecurityGroups.Characters(label), AwsSecurityGroups.CharactersHow, AwsSecurityGroups.MaxDescriptionLength, "AWS rule's description", warnings);
            }
        }

        return plan;
    }

    /// <summary>What to attach to the component's instances: "the security group", or "all 3 security groups".</summary>
    public string GroupsToAttach => Groups.Count == 1 ? "the security group" : "all " + RenderText.Invariant(Groups.Count) + " security groups";

    /// <summary>A group's description, in AWS's characters.</summary>
    public string GroupDescription(AwsGroup group) => AwsSecurityGroups.Text(
        $"Swp.Requirements: firewall of {Component}, part {RenderText.Invariant(group.Number)} of {RenderText.Invariant(Groups.Count)}");
}

/// <summary>What the AWS dialects (CloudFormation, Terraform) share: rules to AWS rules, groups, and AWS's description characters.</summary>
internal static class AwsSecurityGroups
{
    /// <summary>AWS's default quota of inbound, and of outbound, rules per security group.</summary>
    public const int DefaultRulesPerGroup = 60;

    /// <summary>The most security groups one network interface can have (the quota's maximum).</summary>
    public const int MaxGroups = 16;

    /// <summary>The longest description AWS takes.</summary>
    public const int MaxDescriptionLength = 255;

    /// <summary>The CIDR of "any address".</summary>
    public const string AnyCidr = "0.0.0.0/0";

    /// <summary>
    /// The AWS rules of the network rules, in the policy's order: one per remote network (or
    /// <c>0.0.0.0/0</c> for none); rules with the same direction, protocol, port and CIDR share one.
    /// </summary>
    public static List<AwsPermission> Permissions(IEnumerable<FirewallRule> rules)
    {
        var permissions = new List<AwsPermission>();
        var byKey = new Dictionary<string, AwsPermission>(StringComparer.Ordinal);
        foreach (FirewallRule rule in rules)
        {
            var cidrs = new List<string>();
            if (rule.RemoteAddresses.Count == 0)
            {
                cidrs.Add(AnyCidr);
            }

            foreach (IPv4Network network in rule.RemoteAddresses)
            {
                cidrs.Add(network.ToString());
            }

            foreach (string cidr in cidrs)
            {
                string key = $"{rule.Direction}|{rule.IPProtocol.ToId()}|{RenderText.Invariant(rule.Port)}|{cidr}";
                if (!byKey.TryGetValue(key, out AwsPermission? permission))
                {
                    permission = new AwsPermission(rule.Direction, rule.IPProtocol, rule.Port, cidr);
                    byKey.Add(key, permission);
                    permissions.Add(permission);
                }

                if (!permission.Rules.Contains(rule))
                {
                    permission.Rules.Add(rule);
                }
            }
        }

        return permissions;
    }

    /// <summary>The AWS rules spread over as few groups as the per-direction limit allows (at least one group), in order.</summary>
    /// <exception cref="FirewallLimitException">More than <see cref="MaxGroups"/> groups would be needed.</exception>
    public static List<AwsGroup> Split(FirewallPolicy policy, List<AwsPermission> permissions, int rulesPerGroup)
    {
        var ingress = permissions.FindAll(p => p.Direction == RuleDirection.Ingress);
        var egress = permissions.FindAll(p => p.Direction == RuleDirection.Egress);
        int count = Math.Max(1, Math.Max(Groups(ingress.Count), Groups(egress.Count)));
        if (count > MaxGroups)
        {
            throw new FirewallLimitException(
                $"The firewall of {policy.Component.ToId()} needs {RenderText.Invariant(ingress.Count)} inbound and {RenderText.Invariant(egress.Count)} outbound AWS rules: " +
                $"{RenderText.Invariant(count)} security groups of {RenderText.Invariant(rulesPerGroup)} rules per direction, more than the {RenderText.Invariant(MaxGroups)} a network interface can have.");
        }

        var groups = new List<AwsGroup>();
        for (int i = 0; i < count; i++)
        {
            var group = new AwsGroup(i + 1, $"swp-{policy.Component.ToId()}-{RenderText.Invariant(i + 1)}");
            group.Ingress.AddRange(Slice(ingress, i));
            group.Egress.AddRange(Slice(egress, i));
            groups.Add(group);
        }

        return groups;

        int Groups(int rules) => (rules + rulesPerGroup - 1) / rulesPerGroup;

        List<AwsPermission> Slice(List<AwsPermission> list, int index) =>
            list.GetRange(Math.Min(index * rulesPerGroup, list.Count), Math.Max(0, Math.Min(rulesPerGroup, list.Count - (index * rulesPerGroup))));
    }

    /// <summary>Checks a per-group rule limit: 1–1000 (AWS's quota can be raised, with rules per group times groups per interface at most 1000).</summary>
    public static int CheckRulesPerGroup(int value) => value is >= 1 and <= 1000
        ? value
        : throw new ArgumentOutOfRangeException(nameof(value), value, "Rules per security group are 1-1000.");

    /// <summary>True for the characters AWS takes in security group and rule descriptions: a-z, A-Z, 0-9, space and <c>._-:/()#,@[]+=&amp;;{}!$*</c>.</summary>
    public static bool IsAllowed(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or ' '
        or '.' or '_' or '-' or ':' or '/' or '(' or ')' or '#' or ',' or '@' or '[' or ']' or '+' or '='
        or '&' or ';' or '{' or '}' or '!' or '$' or '*';

    /// <summary>
    /// Free text in AWS's description characters: one line (<see cref="RenderText.Clean"/>),
    /// <c>-&gt;</c> as <c>to</c>, every other character outside the set as <c>_</c> (a surrogate
    /// pair as one), at most 255 characters (cut ones end in <c>...</c>).
    /// </summary>
    public static string Text(string text) => RenderText.Truncate(Characters(text), MaxDescriptionLength);

    /// <summary>What <see cref="Characters"/> replaces, for a warning.</summary>
    public const string CharactersHow = "control characters as spaces, characters AWS does not take as '_'";

    /// <summary>Free text in AWS's description characters, not cut: <see cref="Text"/> before its cut.</summary>
    public static string Characters(string text)
    {
        string clean = RenderText.Ascii(text, '_').Replace("->", "to");
        var builder = new StringBuilder(clean.Length);
        foreach (char c in clean)
        {
            builder.Append(IsAllowed(c) ? c : '_');
        }

        return builder.ToString();
    }

    /// <summary>A component ID in PascalCase, for CloudFormation logical IDs: <c>data-center-gateway</c> as <c>DataCenterGateway</c>.</summary>
    public static string Pascal(string id)
    {
        var builder = new StringBuilder(id.Length);
        bool upper = true;
        foreach (char c in id)
        {
            if (c == '-')
            {
                upper = true;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return builder.ToString();
    }
}
