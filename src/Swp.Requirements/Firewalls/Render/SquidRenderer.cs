using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Swp.Requirements.Firewalls;

/// <summary>
/// Format <c>squid</c>: an allow list for a Squid web proxy that the component reaches the
/// manager through, to include from <c>squid.conf</c> above its final
/// <c>http_access deny all</c>.
/// <para>
/// It covers the outbound rules that name the remote end's domains: one <c>dstdomain</c> ACL per
/// distinct list of domains (one line per domain, named <c>swp_dst_&lt;component&gt;</c>), one
/// <c>port</c> ACL per port, a <c>src</c> ACL of the proxy's clients, and one
/// <c>http_access allow</c> line per rule: with <c>CONNECT</c> for HTTPS (the proxy tunnels TLS to
/// the rule's port), without it for HTTP. The rule's name and description are a comment above it.
/// </para>
/// <para>
/// In squid, <c>src</c> is the client. For the web proxy's own point of view (<c>--for
/// web-proxy</c>), the clients are the remote ends of its inbound rules (the agents and relays that
/// connect to its port), <c>swp_clients</c>; when one of them has no addresses, any client is let
/// through (a comment and a warning say so). For another component's policy (a library caller's:
/// the component is the client itself), the clients are each rule's own addresses and its inbound
/// rules are left out. The dialect is for the web proxy's
/// point of view (<see cref="FirewallDialect.PointsOfView"/>); the proxy's own address is never a
/// <c>src</c>.
/// </para>
/// <para>
/// Limits, and what this renderer does about them:
/// <list type="bullet">
/// <item>A web proxy carries HTTP and HTTPS over TCP only: an outbound rule with domains and
/// another protocol is left out with a comment, and rules without domains are not a proxy's
/// business (they are listed in the header).</item>
/// <item>The default squid.conf denies CONNECT to ports other than 443
/// (<c>http_access deny CONNECT !SSL_ports</c>) before the place for local rules: a rule on another
/// port needs that port in <c>SSL_ports</c> too, as the header says.</item>
/// <item>Comments are one line of printable ASCII (control characters as spaces, other
/// characters <c>?</c>). Domain names are lower-cased; squid matches them without case.</item>
/// </list>
/// </para>
/// </summary>
public sealed class SquidRenderer : FirewallRenderer
{
    private static readonly FirewallDialect s_dialect = new("squid", "conf")
    {
        MatchesDomainNames = true,
        RendersEveryRule = false,
        PointsOfView = [Component.WebProxy],
    };

    /// <inheritdoc/>
    public override FirewallDialect Dialect => s_dialect;

    /// <inheritdoc/>
    protected override void RenderCore(FirewallPolicy policy, TextWriter writer, ICollection<RenderWarning> warnings)
    {
        bool proxyView = policy.Component == Component.WebProxy;
        var proxied = new List<FirewallRule>();
        var notHttp = new List<FirewallRule>();
        var other = new List<string>();
        foreach (FirewallRule rule in policy.Rules)
        {
            if (rule.Direction == RuleDirection.Ingress && proxyView)
            {
                // The proxy's clients: their addresses are the src ACL (Clients).
                continue;
            }

            if (rule.Direction != RuleDirection.Egress || rule.RemoteDomains.Count == 0)
            {
                other.Add(rule.Name);
                RenderText.Warn(warnings, RenderWarningKind.LeftOut, rule, rule.Direction != RuleDirection.Egress
                    ? "left out: an inbound rule of a component that is not the proxy."
                    : "left out: it names no domain, and a web proxy's list is of domain names.");
            }
            else if (rule.IPProtocol == IPProtocol.Tcp && rule.Flow.ApplicationProtocol is ApplicationProtocol.Https or ApplicationProtocol.Http)
            {
                proxied.Add(rule);
            }
            else
            {
                notHttp.Add(rule);
            }
        }

        var output = new StringBuilder();
        foreach (string line in RenderText.Header(policy, "Squid allow list (http_access)"))
        {
            Comment(output, line);
        }

        Comment(output, "Include it from squid.conf above the final \"http_access deny all\" (e.g. include /etc/squid/conf.d/swp.conf).");
        Comment(output, "squid.conf's default \"http_access deny CONNECT !SSL_ports\" comes first: add any HTTPS port other than 443 below to SSL_ports.");
        Comment(output, other.Count == 0
            ? "Every rule of the policy is here."
            : "Not here (no domain names, or inbound to a component that is not the proxy): " + string.Join(", ", other));
        output.Append('\n');

        var acls = new Acls(output);
        output.Append("acl swp_connect method CONNECT\n");
        bool hasClients = false;
        string? clients = proxyView ? Clients(policy, acls, output, warnings, out hasClients) : null;
        var lines = new List<(FirewallRule Rule, string Line)>();
        foreach (FirewallRule rule in proxied)
        {
            string domains = acls.Domains(rule);
            string port = acls.Port(rule.Port);
            string? source = hasClients ? clients : acls.Source("swp_src", rule.LocalAddresses);
            bool https = rule.Flow.ApplicationProtocol == ApplicationProtocol.Https;
            lines.Add((rule, $"http_access allow {(https ? "" : "!")}swp_connect {port} {domains}{(source is null ? "" : " " + source)}"));
        }

        foreach ((FirewallRule rule, string line) in lines)
        {
            output.Append('\n');
            Comment(output, Label(rule, warnings));
            foreach (string remark in rule.Remarks)
            {
                Comment(output, rule.Name + ": " + remark);
            }

            output.Append(line).Append('\n');
        }

        foreach (FirewallRule rule in notHttp)
        {
            output.Append('\n');
            Comment(output, Label(rule, warnings));
            Comment(output, rule.Name + ": " + RenderText.Warn(warnings, RenderWarningKind.LeftOut, rule, $"left out: {rule.Flow.ApplicationProtocol.ToId()} over {rule.IPProtocol.ToId()} is not HTTP, which is all a web proxy carries."));
        }

        writer.Write(output.ToString());
    }

    /// <summary>
    /// The <c>src</c> ACL of the proxy's clients: the remote addresses of the policy's inbound
    /// rules (null, with a comment and a warning, when one of them is any address). False in
    /// <paramref name="hasClients"/> when the policy has no inbound rule.
    /// </summary>
    private static string? Clients(FirewallPolicy policy, Acls acls, StringBuilder output, ICollection<RenderWarning> warnings, out bool hasClients)
    {
        var networks = new List<IPv4Network>();
        var clients = new List<string>();
        var inbound = new List<string>();
        FirewallRule? anywhere = null;
        foreach (FirewallRule rule in policy.Rules)
        {
            if (rule.Direction != RuleDirection.Ingress)
            {
                continue;
            }

            inbound.Add(rule.Name);
            string client = rule.Flow.Source.ToId();
            if (!clients.Contains(client))
            {
                clients.Add(client);
            }

            if (rule.RemoteAddresses.Count == 0)
            {
                anywhere ??= rule;
            }

            foreach (IPv4Network network in rule.RemoteAddresses)
            {
                // squid ignores (with a warning) a network another of the same ACL holds: keep the outer one.
                if (!networks.Exists(n => n.PrefixLength <= network.PrefixLength && n.Contains(network.NetworkAddress)))
                {
                    networks.RemoveAll(n => network.PrefixLength < n.PrefixLength && network.Contains(n.NetworkAddress));
                    networks.Add(network);
                }
            }
        }

        hasClients = clients.Count > 0;
        if (!hasClients)
        {
            return null;
        }

        if (anywhere is not null)
        {
            Comment(output, RenderText.Warn(warnings, RenderWarningKind.Widened, anywhere, $"{anywhere.Flow.Source.ToId()} has no addresses: any client that reaches the proxy is let through (give the clients' addresses to restrict them)."));
            return null;
        }

        Comment(output, "The proxy's clients (src): " + string.Join(", ", clients) + " (the inbound rules " + string.Join(", ", inbound) + ").");
        return acls.Source("swp_clients", networks);
    }

    /// <summary>The rule's name and description, the one place squid keeps them (a comment line), with a warning when its characters were replaced.</summary>
    private static string Label(FirewallRule rule, ICollection<RenderWarning> warnings)
    {
        string label = RenderText.Label(rule);
        return RenderText.Fit(rule, label, RenderText.Ascii(label, '?'), "characters outside printable ASCII as '?' (control characters as spaces)", null, "comment", warnings);
    }

    private static void Comment(StringBuilder output, string text) =>
        output.Append("# ").Append(RenderText.Ascii(text, '?').TrimEnd(' ')).Append('\n');

    /// <summary>Declares each ACL once, in order of first use.</summary>
    private sealed class Acls
    {
        private readonly StringBuilder _output;
        private readonly Dictionary<string, string> _byContent = new(StringComparer.Ordinal);
        private readonly HashSet<string> _names = new(StringComparer.Ordinal);

        public Acls(StringBuilder output) => _output = output;

        public string Domains(FirewallRule rule)
        {
            var domains = new List<string>();
            foreach (string domain in rule.RemoteDomains)
            {
                // squid's dstdomain .name matches the name and every subdomain: a wildcard *.name is .name.
                string lower = Net.DomainNameText.IsWildcard(domain) ? "." + Net.DomainNameText.Suffix(domain).ToLowerInvariant() : domain.ToLowerInvariant();
                if (!domains.Contains(lower))
                {
                    domains.Add(lower);
                }
            }

            Component remote = rule.Flow.Destination;
            return Declare("dstdomain:" + string.Join(" ", domains), "swp_dst_" + remote.ToId().Replace('-', '_'), "dstdomain", domains);
        }

        public string Port(int port)
        {
            string text = RenderText.Invariant(port);
            return Declare("port:" + text, "swp_port_" + text, "port", [text]);
        }

        public string? Source(string baseName, IReadOnlyList<IPv4Network> networks)
        {
            if (networks.Count == 0)
            {
                return null;
            }

            var values = new List<string>();
            foreach (IPv4Network network in networks)
            {
                values.Add(network.ToString());
            }

            return Declare("src:" + string.Join(" ", values), baseName, "src", values);
        }

        private string Declare(string key, string baseName, string type, List<string> values)
        {
            if (_byContent.TryGetValue(key, out string? existing))
            {
                return existing;
            }

            string name = baseName;
            for (int n = 2; !_names.Add(name); n++)
            {
                name = baseName + "_" + RenderText.Invariant(n);
            }

            _byContent.Add(key, name);
            foreach (string value in values)
            {
                _output.Append("acl ").Append(name).Append(' ').Append(type).Append(' ').Append(value).Append('\n');
            }

            return name;
        }
    }
}
