using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Swp.Requirements.Firewalls;

/// <summary>
/// Format <c>ufw</c>: a POSIX shell script of <c>ufw allow in ...</c> and <c>ufw allow out ...</c>
/// commands for a Linux host run by ufw (Uncomplicated Firewall, 0.35 or later: comments), to run
/// as root with <c>sh FILE</c>. ufw keeps the rules (in <c>/etc/ufw/user.rules</c>) and applies them at
/// once when it is enabled, and again at every start.
/// <para>
/// One command per pair of source and destination network, each with the rule's name and
/// description as its <c>comment</c>: <c>ufw allow in proto tcp from SOURCE to DESTINATION port
/// PORT comment '...'</c>; <c>any</c> for an empty address list.
/// </para>
/// <para>
/// Limits of the platform, and what this renderer does about them:
/// <list type="bullet">
/// <item>It assumes <c>default deny incoming</c> (ufw's own default) and, for the egress rules
/// to matter, <c>default deny outgoing</c>; it never changes a default policy (the header says so).</item>
/// <item>Safe to run again: ufw skips a rule it already has. A rule the policy no longer has
/// stays until <c>ufw delete</c> removes it.</item>
/// <item>ufw takes no <c>'</c> in a comment: the comment is printable ASCII (control characters
/// become spaces, other characters <c>?</c>) with <c>'</c> as <c>"</c>.</item>
/// <item>ufw matches addresses, not names: a rule that names the remote end's domains and lists
/// no addresses matches any remote address, and says so in a comment line.</item>
/// <item>ufw accepts every loopback packet (its <c>before.rules</c>): loopback rules are left out
/// (a comment line each).</item>
/// <item>IPv4 only: every address is an IPv4 network, and a rule with no addresses says
/// <c>from 0.0.0.0/0</c> or <c>to 0.0.0.0/0</c>, so ufw adds no IPv6 rule.</item>
/// </list>
/// </para>
/// </summary>
public sealed class UfwRenderer : FirewallRenderer
{
    private const string Any = "0.0.0.0/0";

    private static readonly FirewallDialect s_dialect = new("ufw", "sh");

    /// <inheritdoc/>
    public override FirewallDialect Dialect => s_dialect;

    /// <inheritdoc/>
    protected override void RenderCore(FirewallPolicy policy, TextWriter writer, ICollection<RenderWarning> warnings)
    {
        var output = new StringBuilder("#!/bin/sh\n");
        foreach (string line in RenderText.Header(policy, "ufw rules (ufw allow commands)"))
        {
            Comment(output, line);
        }

        Comment(output, "Apply as root with: sh FILE (ufw keeps the rules and applies them now if it is enabled, and at every start).");
        Comment(output, "Assumes the defaults 'default deny incoming' (ufw's own) and, for the 'allow out' rules to matter, 'default deny outgoing'.");
        Comment(output, "No default policy is changed: these rules only allow. Safe to run again: ufw skips a rule it already has;");
        Comment(output, "a rule this file no longer has stays until 'ufw delete' removes it.");
        output.Append("set -eu\n");
        output.Append("UFW=${UFW:-ufw}\n");
        foreach (RuleDirection direction in new[] { RuleDirection.Ingress, RuleDirection.Egress })
        {
            foreach (FirewallRule rule in policy.Rules)
            {
                if (rule.Direction == direction)
                {
                    WriteRule(output, rule, warnings);
                }
            }
        }

        writer.Write(output.ToString());
    }

    private static void WriteRule(StringBuilder output, FirewallRule rule, ICollection<RenderWarning> warnings)
    {
        output.Append('\n');
        foreach (string remark in rule.Remarks)
        {
            Comment(output, rule.Name + ": " + remark);
        }

        if (rule.IsLoopback)
        {
            Comment(output, rule.Name + ": " + RenderText.Warn(warnings, RenderWarningKind.LeftOut, rule, "left out: a loopback rule, and ufw accepts every loopback packet (before.rules)."));
            return;
        }

        if (rule.RemoteDomains.Count > 0 && rule.RemoteAddresses.Count == 0)
        {
            RenderText.Widened(warnings, rule, "any remote address");
            Comment(output, $"{rule.Name}: ufw matches addresses, not names: any remote address. The remote end's domains: {RenderText.Domains(rule)}");
        }

        string label = RenderText.Label(rule);
        string comment = RenderText.Fit(rule, label, RenderText.Ascii(label, '?').Replace('\'', '"'), "characters outside printable ASCII as '?' (control characters as spaces), ' as \"", null, "comment", warnings);
        string protocol = rule.IPProtocol.ToId();
        string port = RenderText.Invariant(rule.Port);
        string direction = rule.Direction == RuleDirection.Ingress ? "in" : "out";
        foreach (string source in OrAny(rule.SourceAddresses))
        {
            foreach (string destination in OrAny(rule.DestinationAddresses))
            {
                output.Append("$UFW allow ").Append(direction).Append(" proto ").Append(protocol)
                    .Append(" from ").Append(source).Append(" to ").Append(destination).Append(" port ").Append(port)
                    .Append(" comment '").Append(comment).Append("'\n");
            }
        }
    }

    private static IEnumerable<string> OrAny(IReadOnlyList<IPv4Network> networks)
    {
        if (networks.Count == 0)
        {
            yield return Any;
            yield break;
        }

        foreach (IPv4Network network in networks)
        {
            yield return network.ToString();
        }
    }

    private static void Comment(StringBuilder output, string text) =>
        output.Append("# ").Append(RenderText.Ascii(text, '?').TrimEnd(' ')).Append('\n');
}
