using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Swp.Requirements.Firewalls;

/// <summary>
/// Text helpers every dialect shares: one-line cleaning of free text, ASCII folding, truncation,
/// the header, and the checks of names and domain names. Deterministic: no culture, no Unicode
/// tables of the runtime (the same input gives the same bytes on every target framework).
/// </summary>
internal static class RenderText
{
    /// <summary>The marker a truncated text ends with.</summary>
    public const string Ellipsis = "...";

    /// <summary>An integer in invariant digits.</summary>
    public static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// True for the characters that never stay in rendered text: C0 and C1 controls (tab,
    /// newlines, NEL), the line and paragraph separators, and the invisible bidirectional and
    /// byte-order marks that could make text read differently from what it is.
    /// </summary>
    public static bool IsUnsafe(char c) =>
        c < ' ' || (c >= '\u007F' && c <= '\u009F') || c == '\u2028' || c == '\u2029'
        || c == '\u061C' || c == '\u200E' || c == '\u200F' || (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2066' && c <= '\u2069') || c == '\uFEFF';

    /// <summary>
    /// Free text as one line: every unsafe character (<see cref="IsUnsafe"/>) becomes a space and
    /// every lone surrogate becomes U+FFFD; everything else is kept.
    /// </summary>
    public static string Clean(string text)
    {
        StringBuilder? builder = null;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            char replacement;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            else if (char.IsSurrogate(c))
            {
                replacement = '\uFFFD';
            }
            else if (IsUnsafe(c))
            {
                replacement = ' ';
            }
            else
            {
                builder?.Append(c);
                continue;
            }

            builder ??= new StringBuilder(text.Length).Append(text, 0, i);
            builder.Append(replacement);
        }

        return builder?.ToString() ?? text;
    }

    /// <summary>
    /// <see cref="Clean"/>, then every character outside printable ASCII (U+0020–U+007E) becomes
    /// <paramref name="replacement"/> (a surrogate pair becomes one).
    /// </summary>
    public static string Ascii(string text, char replacement)
    {
        string clean = Clean(text);
        var builder = new StringBuilder(clean.Length);
        for (int i = 0; i < clean.Length; i++)
        {
            char c = clean[i];
            if (c >= ' ' && c <= '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(replacement);
                if (char.IsHighSurrogate(c) && i + 1 < clean.Length && char.IsLowSurrogate(clean[i + 1]))
                {
                    i++;
                }
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The text cut to at most <paramref name="maxLength"/> UTF-16 code units, ending in
    /// <see cref="Ellipsis"/> when cut; a surrogate pair is never split.
    /// </summary>
    public static string Truncate(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }

        int keep = maxLength - Ellipsis.Length;
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return new StringBuilder(maxLength).Append(text, 0, Math.Max(keep, 0)).Append(Ellipsis).ToString();
    }

    /// <summary>
    /// A rule's text as the platform takes it: <paramref name="sanitized"/> (the text with the
    /// characters the platform does not take replaced) cut to <paramref name="maxLength"/>, with a
    /// <see cref="RenderWarningKind.Sanitized"/> and a <see cref="RenderWarningKind.Truncated"/>
    /// warning when either changed it.
    /// </summary>
    /// <param name="rule">The rule the text is of.</param>
    /// <param name="text">The text as the model has it.</param>
    /// <param name="sanitized">The text with the replacements made.</param>
    /// <param name="how">What the replacements are, e.g. "characters outside printable ASCII as '?'".</param>
    /// <param name="maxLength">The platform's limit, or null for none.</param>
    /// <param name="what">Which text it is, e.g. "comment".</param>
    /// <param name="warnings">Where to add the warnings.</param>
    public static string Fit(FirewallRule rule, string text, string sanitized, string how, int? maxLength, string what, ICollection<RenderWarning> warnings)
    {
        if (!string.Equals(text, sanitized, StringComparison.Ordinal))
        {
            warnings.Add(new RenderWarning(RenderWarningKind.Sanitized, rule.Name, $"its {what}: {how}."));
        }

        string cut = maxLength is int max ? Truncate(sanitized, max) : sanitized;
        if (cut.Length != sanitized.Length)
        {
            warnings.Add(new RenderWarning(RenderWarningKind.Truncated, rule.Name, $"its {what}: cut to {Invariant(cut.Length)} characters (the platform keeps {Invariant(maxLength!.Value)}), ending in '{Ellipsis}'."));
        }

        return cut;
    }

    /// <summary>
    /// Adds the <see cref="RenderWarningKind.Widened"/> warning of a rule that names the remote
    /// end's domains and lists no address, on a platform that matches addresses only.
    /// </summary>
    /// <param name="warnings">Where to add it.</param>
    /// <param name="rule">The rule.</param>
    /// <param name="any">What the rule matches instead, e.g. <c>any remote address</c> or <c>0.0.0.0/0</c>.</param>
    public static void Widened(ICollection<RenderWarning> warnings, FirewallRule rule, string any) =>
        warnings.Add(new RenderWarning(RenderWarningKind.Widened, rule.Name, $"widened to {any}: the platform matches addresses, not names, and the rule names {Invariant(rule.RemoteDomains.Count)} domain name(s) and no address."));

    /// <summary>Adds a warning about a rule and returns its text (for the comment that says the same in the output).</summary>
    public static string Warn(ICollection<RenderWarning> warnings, RenderWarningKind kind, FirewallRule rule, string message)
    {
        warnings.Add(new RenderWarning(kind, rule.Name, message));
        return message;
    }

    /// <summary>The text a dialect uses where a rule has one comment: its name, then its description.</summary>
    public static string Label(FirewallRule rule) => rule.Name + ": " + rule.Description;

    /// <summary>
    /// Checks what every dialect relies on: rule names of lower-case letters, digits and
    /// <c>-</c> (1–200 characters), and domain names that are host names.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is null.</exception>
    /// <exception cref="ArgumentException">A rule's name or domain name breaks the model's contract.</exception>
    public static void CheckPolicy(FirewallPolicy policy)
    {
        if (policy is null)
        {
            throw new ArgumentNullException(nameof(policy));
        }

        foreach (FirewallRule rule in policy.Rules)
        {
            if (!IsRuleName(rule.Name))
            {
                throw new ArgumentException(
                    $"Rule name '{Ascii(rule.Name, '?')}' is not 1-200 lower-case letters, digits and '-'.", nameof(policy));
            }

            foreach (string domain in rule.RemoteDomains)
            {
                if (!IsDomainName(domain))
                {
                    throw new ArgumentException(
                        $"Rule '{rule.Name}' has '{Ascii(domain, '?')}' as a domain name: a domain name is dot-separated labels of letters, digits and '-' (at most 253 characters), optionally starting with '*.'.",
                        nameof(policy));
                }
            }
        }
    }

    /// <summary>True for 1–200 characters of <c>a-z</c>, <c>0-9</c> and <c>-</c>.</summary>
    public static bool IsRuleName(string name)
    {
        if (name.Length is 0 or > 200)
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True for a domain name (<see cref="Net.DomainNameText"/>: the one rule; <c>*.</c> stands for any subdomain).</summary>
    public static bool IsDomainName(string name) => Net.DomainNameText.IsValid(name);

    /// <summary>
    /// The header every output starts with (as comment lines, without the comment marker): what
    /// it is, for which component, from which spec, and the policy's remarks, one line each.
    /// </summary>
    public static List<string> Header(FirewallPolicy policy, string what)
    {
        var lines = new List<string>
        {
            $"{what} for the firewall of {policy.Component.ToId()}.",
            $"Generated by Swp.Requirements from the Server & Workload Protection port table (spec {FirewallPolicy.SpecVersion}); render again rather than edit.",
        };
        foreach (string remark in policy.Remarks)
        {
            lines.Add(Clean(remark));
        }

        return lines;
    }

    /// <summary>The rules of <paramref name="policy"/> that are not loopback rules (the ones a cloud security group can hold).</summary>
    public static List<FirewallRule> NetworkRules(FirewallPolicy policy, List<FirewallRule> skippedLoopback)
    {
        var rules = new List<FirewallRule>();
        foreach (FirewallRule rule in policy.Rules)
        {
            (rule.IsLoopback ? skippedLoopback : rules).Add(rule);
        }

        return rules;
    }

    /// <summary>The domains, joined by <c>, </c>.</summary>
    public static string Domains(FirewallRule rule) => string.Join(", ", rule.RemoteDomains);

    /// <summary>The text of an address list: the networks joined by <c>, </c>, or <c>any</c>.</summary>
    public static string Addresses(IReadOnlyList<IPv4Network> networks)
    {
        if (networks.Count == 0)
        {
            return "any";
        }

        var parts = new string[networks.Count];
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = networks[i].ToString();
        }

        return string.Join(", ", parts);
    }

    /// <summary>Checks that no network in a rule is <c>default(IPv4Network)</c>, which holds no address and must never render as "any".</summary>
    /// <exception cref="ArgumentException">A network is not valid.</exception>
    public static void CheckNetworks(FirewallPolicy policy)
    {
        foreach (FirewallRule rule in policy.Rules)
        {
            foreach (IPv4Network network in rule.LocalAddresses)
            {
                Check(rule, network);
            }

            foreach (IPv4Network network in rule.RemoteAddresses)
            {
                Check(rule, network);
            }
        }

        static void Check(FirewallRule rule, IPv4Network network)
        {
            if (!network.IsValid)
            {
                throw new ArgumentException($"Rule '{rule.Name}' lists default(IPv4Network), which is no network.", nameof(policy));
            }
        }
    }

    /// <summary>
    /// Every check of <see cref="CheckPolicy"/> and <see cref="CheckNetworks"/>, and that the
    /// writer is not null: what each renderer runs first.
    /// </summary>
    public static void Validate(FirewallPolicy policy, System.IO.TextWriter writer)
    {
        if (writer is null)
        {
            throw new ArgumentNullException(nameof(writer));
        }

        CheckPolicy(policy);
        CheckNetworks(policy);
    }

    /// <summary>A 32-bit FNV-1a hash of a name, as 8 lower-case hex digits: a stable suffix that keeps shortened names unique.</summary>
    public static string Hash(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = unchecked((hash ^ c) * 16777619);
        }

        return hash.ToString("x8", CultureInfo.InvariantCulture);
    }
}
