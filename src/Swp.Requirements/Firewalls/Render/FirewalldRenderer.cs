using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Swp.Requirements.Firewalls;

/// <summary>
/// Format <c>firewalld</c>: a POSIX shell script of <c>firewall-cmd --permanent</c> commands for a
/// Linux host run by firewalld (0.9 or later: policies), to run as root with <c>sh FILE</c>. The
/// configuration is permanent (it survives <c>firewall-cmd --reload</c> and a reboot); the script
/// reloads firewalld at its end. With <c>FIREWALL_CMD=firewall-offline-cmd sh FILE</c> it writes the
/// same configuration into an image built offline (no daemon, no reload).
/// <para>
/// Two policies of its own: <c>swp-ingress</c> (from every zone, <c>ANY</c>, to the host itself,
/// <c>HOST</c>) and <c>swp-egress</c> (from <c>HOST</c> to <c>ANY</c>), both at priority
/// <see cref="Priority"/>, so they are read before any zone's rules and target (a zone
/// <c>drop</c>, or <c>public</c>'s reject). Each rule is one rich rule per pair of source and
/// destination network: <c>rule family="ipv4" source address=... destination address=... port
/// port=... protocol=... accept</c>. A script, not zone and policy XML files: the commands are
/// checked by firewalld as it takes them, the same script serves a running host and an offline
/// image, and no file of the admin's is overwritten.
/// </para>
/// <para>
/// Limits of the platform, and what this renderer does about them:
/// <list type="bullet">
/// <item>Safe to run again: both policies are deleted (when present) and made again, so a rule
/// the policy no longer has goes away; nothing else of the configuration is touched (default
/// zone, zones, targets, other policies).</item>
/// <item>Rich rules have no comment: each rule's name and description is a <c>#</c> line above
/// its commands (printable ASCII; control characters become spaces, other characters <c>?</c>).</item>
/// <item>The egress policy matters only where the host filters outgoing traffic (firewalld
/// accepts it by default), e.g. by a policy from <c>HOST</c> with target <c>REJECT</c> or
/// <c>DROP</c> and a priority above <see cref="Priority"/>.</item>
/// <item>firewalld matches addresses, not names: a rule that names the remote end's domains and
/// lists no addresses matches any remote address, and says so in a comment line.</item>
/// <item>firewalld accepts every loopback packet before its zones and policies: loopback rules
/// are left out (a comment line each).</item>
/// <item>IPv4 only (<c>family="ipv4"</c>).</item>
/// </list>
/// </para>
/// </summary>
public sealed class FirewalldRenderer : FirewallRenderer
{
    private const string IngressPolicy = "swp-ingress";
    private const string EgressPolicy = "swp-egress";

    private static readonly FirewallDialect s_dialect = new("firewalld", "sh");

    /// <inheritdoc/>
    public override FirewallDialect Dialect => s_dialect;

    /// <summary>
    /// The priority of both policies: -100 unless set. firewalld reads policies of negative
    /// priority before the zones' rules, lower first; -32768 to -1.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not between -32768 and -1.</exception>
    public int Priority
    {
        get => _priority;
        init => _priority = value is >= -32768 and <= -1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "A priority that comes before the zones is -32768 to -1.");
    }

    private readonly int _priority = -100;

    /// <inheritdoc/>
    protected override void RenderCore(FirewallPolicy policy, TextWriter writer, ICollection<RenderWarning> warnings)
    {
        string priority = RenderText.Invariant(Priority);
        var output = new StringBuilder("#!/bin/sh\n");
        foreach (string line in RenderText.Header(policy, "firewalld configuration (firewall-cmd --permanent commands)"))
        {
            Comment(output, line);
        }

        Comment(output, "Apply as root with: sh FILE (permanent: it survives firewall-cmd --reload and a reboot; the script reloads at its end).");
        Comment(output, "For an image built offline: FIREWALL_CMD=firewall-offline-cmd sh FILE (no daemon, no reload).");
        Comment(output, $"It makes the policies {IngressPolicy} (ANY -> HOST) and {EgressPolicy} (HOST -> ANY), priority {priority}: read before every zone's");
        Comment(output, "rules and target. Safe to run again: both are deleted and made again (the rich rules of each are added in one command). Zones, targets and other policies are not changed:");
        Comment(output, $"these rules only accept. {EgressPolicy} matters only where the host filters outgoing traffic (e.g. a policy from HOST");
        Comment(output, $"with target REJECT or DROP and a priority above {priority}); firewalld accepts outgoing traffic by default.");
        output.Append("set -eu\n");
        output.Append("FIREWALL_CMD=${FIREWALL_CMD:-firewall-cmd --permanent}\n");
        output.Append("fw() { $FIREWALL_CMD \"$@\"; }\n");
        output.Append("existing=\" $(fw --get-policies) \"\n");
        output.Append("for policy in ").Append(IngressPolicy).Append(' ').Append(EgressPolicy).Append("; do\n");
        output.Append("  case \"$existing\" in *\" $policy \"*) fw --delete-policy=\"$policy\" >/dev/null ;; esac\n");
        output.Append("done\n");
        foreach (RuleDirection direction in new[] { RuleDirection.Ingress, RuleDirection.Egress })
        {
            bool ingress = direction == RuleDirection.Ingress;
            string name = ingress ? IngressPolicy : EgressPolicy;
            output.Append('\n');
            output.Append("fw --new-policy=").Append(name).Append(" >/dev/null\n");
            output.Append("fw --policy=").Append(name).Append(" --add-ingress-zone=").Append(ingress ? "ANY" : "HOST").Append(" >/dev/null\n");
            output.Append("fw --policy=").Append(name).Append(" --add-egress-zone=").Append(ingress ? "HOST" : "ANY").Append(" >/dev/null\n");
            output.Append("fw --policy=").Append(name).Append(" --set-priority=").Append(priority).Append(" >/dev/null\n");
            output.Append("set --\n");
            foreach (FirewallRule rule in policy.Rules)
            {
                if (rule.Direction == direction)
                {
                    WriteRule(output, rule, warnings);
                }
            }

            output.Append("if [ $# -gt 0 ]; then fw --policy=").Append(name).Append(" \"$@\" >/dev/null; fi\n");
        }

        output.Append('\n');
        output.Append("case \"$FIREWALL_CMD\" in\n");
        output.Append("  *firewall-offline-cmd*) ;;\n");
        output.Append("  *) ${FIREWALL_CMD%% *} --reload >/dev/null ;;\n");
        output.Append("esac\n");
        writer.Write(output.ToString());
    }

    private static void WriteRule(StringBuilder output, FirewallRule rule, ICollection<RenderWarning> warnings)
    {
        Comment(output, RenderText.Label(rule));
        foreach (string remark in rule.Remarks)
        {
            Comment(output, rule.Name + ": " + remark);
        }

        if (rule.IsLoopback)
        {
            Comment(output, RenderText.Warn(warnings, RenderWarningKind.LeftOut, rule, "left out: a loopback rule, and firewalld accepts every loopback packet before its zones and policies."));
            return;
        }

        if (rule.RemoteDomains.Count > 0 && rule.RemoteAddresses.Count == 0)
        {
            RenderText.Widened(warnings, rule, "any remote address");
            Comment(output, $"{rule.Name}: firewalld matches addresses, not names: any remote address. The remote end's domains: {RenderText.Domains(rule)}");
        }

        string protocol = rule.IPProtocol.ToId();
        string port = RenderText.Invariant(rule.Port);
        foreach (IPv4Network? source in OrAny(rule.SourceAddresses))
        {
            foreach (IPv4Network? destination in OrAny(rule.DestinationAddresses))
            {
                output.Append("set -- \"$@\" --add-rich-rule='rule family=\"ipv4\"");
                if (source is { } s)
                {
                    output.Append(" source address=\"").Append(s.ToString()).Append('"');
                }

                if (destination is { } d)
                {
                    output.Append(" destination address=\"").Append(d.ToString()).Append('"');
                }

                output.Append(" port port=\"").Append(port).Append("\" protocol=\"").Append(protocol).Append("\" accept'\n");
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

    private static void Comment(StringBuilder output, string text) =>
        output.Append("# ").Append(RenderText.Ascii(text, '?').TrimEnd(' ')).Append('\n');
}
