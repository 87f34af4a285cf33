using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Swp.Requirements.Firewalls;

/// <summary>
/// Format <c>iptables</c>: an <c>iptables-restore</c> file for a Linux host firewall (IPv4
/// filter table), applied with the three commands of <see cref="ApplyCommands"/> (its header
/// says them too): <c>iptables-restore --noflush FILE</c>, then a jump to each of its chains at the
/// top of <c>INPUT</c> and <c>OUTPUT</c> unless one is there (<c>iptables -C ... || iptables -I ...</c>):
/// safe to run again, and the host's own rules and policies stay as they are.
/// <para>
/// It declares two chains of its own, <c>SWP-EGRESS</c> and <c>SWP-INGRESS</c> (a chain line
/// creates the chain, or empties it if it exists: a new load replaces their rules as one
/// transaction), accepts packets of ESTABLISHED and RELATED connections, and
/// accepts the NEW connections of each rule: one line per pair of source and destination
/// network, each with the rule's name and description as its <c>-m comment</c>. Loopback rules
/// match <c>-o lo</c> or <c>-i lo</c>.
/// </para>
/// <para>
/// Limits of the platform, and what this renderer does about them:
/// <list type="bullet">
/// <item>Comments hold at most 255 bytes: the comment is the rule's name and description in
/// printable ASCII (control characters become spaces, other characters <c>?</c>), cut to 255
/// characters ending in <c>...</c>; <c>"</c> and <c>\</c> are backslash-escaped, as
/// iptables-save writes them.</item>
/// <item>iptables matches addresses, not names: a rule that names the remote end's domains and
/// lists no addresses matches any remote address, and says so in a comment line above it.</item>
/// <item>IPv4 only: ip6tables is not touched.</item>
/// <item>The policies of INPUT and OUTPUT are not changed unless <see cref="DropOtherTraffic"/>
/// is set; the rules only accept, so with ACCEPT policies they change nothing on their own.</item>
/// <item>iptables-restore has no "add if missing", so the jumps from <c>INPUT</c> and
/// <c>OUTPUT</c> are not in the file (loading it twice would leave two of each): the commands
/// that apply it add each jump only when <c>iptables -C</c> does not find it.</item>
/// <item>The jumps go to the top of <c>INPUT</c> and <c>OUTPUT</c>, above the host's own rules
/// (ufw's chains, a hardened host's drops): the accepts take effect on a host that filters.</item>
/// <item>A rule's remarks, and the policy's, are <c>#</c> comment lines, which iptables-restore
/// reads past and does not keep.</item>
/// </list>
/// </para>
/// </summary>
public sealed class IptablesRenderer : FirewallRenderer
{
    private const string IngressChain = "SWP-INGRESS";
    private const string EgressChain = "SWP-EGRESS";

    /// <summary>The longest comment iptables' comment match keeps, in bytes.</summary>
    public const int MaxCommentLength = 255;

    private static readonly FirewallDialect s_dialect = new("iptables", "rules")
    {
        ReadBackFormat = "iptables-save",
        RendersLoopbackRules = true,
        MaxCommentLength = MaxCommentLength,
    };

    /// <inheritdoc/>
    public override FirewallDialect Dialect => s_dialect;

    /// <summary>
    /// The shell commands that apply the file (<c>FILE</c> is its path), as its header and the
    /// README say them: load the chains, then add each jump only where it is missing. Safe to run
    /// again; the behaviour tests run exactly these.
    /// </summary>
    public static IReadOnlyList<string> ApplyCommands { get; } =
    [
        "iptables-restore --noflush FILE",
        $"iptables -C INPUT -j {IngressChain} 2>/dev/null || iptables -I INPUT 1 -j {IngressChain}",
        $"iptables -C OUTPUT -j {EgressChain} 2>/dev/null || iptables -I OUTPUT 1 -j {EgressChain}",
    ];

    /// <summary>
    /// When true, the file also sets the policies of INPUT and OUTPUT to DROP, so that only what
    /// its rules accept gets through (SSH, other loopback traffic and IPv4 everything else are
    /// dropped too). False by default: the policies are left as they are.
    /// </summary>
    public bool DropOtherTraffic { get; init; }

    /// <inheritdoc/>
    protected override void RenderCore(FirewallPolicy policy, TextWriter writer, ICollection<RenderWarning> warnings)
    {
        var output = new StringBuilder();
        Comment(output, "Apply with these commands (safe to run again: the jumps are added only where missing):");
        foreach (string command in ApplyCommands)
        {
            Comment(output, "  " + command);
        }

        Comment(output, $"The file alone fills the chains {EgressChain} and {IngressChain} (a new load replaces their rules); the jumps at the top");
        Comment(output, "of INPUT and OUTPUT make them take effect above the host's own rules.");
        foreach (string line in RenderText.Header(policy, "iptables-restore rules (IPv4 filter table)"))
        {
            Comment(output, line);
        }

        Comment(output, DropOtherTraffic
            ? "The policies of INPUT and OUTPUT become DROP: everything these rules do not accept is dropped (SSH and other loopback traffic too), and, until the jumps are added, everything: run the three commands together."
            : "The policies of INPUT and OUTPUT are not changed: these rules only accept.");
        output.Append("*filter\n");
        if (DropOtherTraffic)
        {
            output.Append(":INPUT DROP [0:0]\n:OUTPUT DROP [0:0]\n");
        }

        output.Append(':').Append(EgressChain).Append(" - [0:0]\n");
        output.Append(':').Append(IngressChain).Append(" - [0:0]\n");
        foreach (RuleDirection direction in new[] { RuleDirection.Egress, RuleDirection.Ingress })
        {
            string chain = direction == RuleDirection.Egress ? EgressChain : IngressChain;
            output.Append("-A ").Append(chain).Append(" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n");
            foreach (FirewallRule rule in policy.Rules)
            {
                if (rule.Direction == direction)
                {
                    WriteRule(output, chain, rule, warnings);
                }
            }
        }

        output.Append("COMMIT\n");
        writer.Write(output.ToString());
    }

    private static void WriteRule(StringBuilder output, string chain, FirewallRule rule, ICollection<RenderWarning> warnings)
    {
        foreach (string remark in rule.Remarks)
        {
            Comment(output, rule.Name + ": " + remark);
        }

        if (rule.RemoteDomains.Count > 0 && rule.RemoteAddresses.Count == 0)
        {
            RenderText.Widened(warnings, rule, "any remote address");
            Comment(output, $"{rule.Name}: iptables matches addresses, not names: any remote address. The remote end's domains: {RenderText.Domains(rule)}");
        }

        string label = RenderText.Label(rule);
        string comment = Quote(RenderText.Fit(rule, label, RenderText.Ascii(label, '?'), "characters outside printable ASCII as '?' (control characters as spaces)", MaxCommentLength, "comment", warnings));
        string protocol = rule.IPProtocol.ToId();
        string port = RenderText.Invariant(rule.Port);
        foreach (IPv4Network? source in OrAny(rule.SourceAddresses))
        {
            foreach (IPv4Network? destination in OrAny(rule.DestinationAddresses))
            {
                output.Append("-A ").Append(chain);
                if (source is { } s)
                {
                    output.Append(" -s ").Append(s.ToString());
                }

                if (destination is { } d)
                {
                    output.Append(" -d ").Append(d.ToString());
                }

                if (rule.IsLoopback)
                {
                    output.Append(rule.Direction == RuleDirection.Ingress ? " -i lo" : " -o lo");
                }

                output.Append(" -p ").Append(protocol).Append(" -m ").Append(protocol).Append(" --dport ").Append(port)
                    .Append(" -m conntrack --ctstate NEW -m comment --comment ").Append(comment).Append(" -j ACCEPT\n");
            }
        }
    }

    private static IEnumerable<IPv4Network?> OrAny(IReadOnlyList<IPv4Network> networks)
    {
        if (networks.Count == 0)
        {
            yield return null;
            yield break;
        }

        foreach (IPv4Network network in networks)
        {
            yield return network;
        }
    }

    /// <summary>A double-quoted iptables-restore argument: <c>\</c> and <c>"</c> backslash-escaped (the text is printable ASCII already).</summary>
    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static void Comment(StringBuilder output, string text) =>
        output.Append("# ").Append(RenderText.Ascii(text, '?').TrimEnd(' ')).Append('\n');
}
