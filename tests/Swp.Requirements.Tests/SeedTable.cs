namespace Swp.Requirements.Tests;

/// <summary>Flows transcribed by hand from the seed page (Trend Micro "Server &amp; Workload Protection Port numbers",
/// seeds/000_79cda3b63760fe95.txt), independent of spec/.</summary>
internal static class SeedTable
{
    /// <summary>One line per (source, destination, port, transport): "source,destination,port,transport,conditions".</summary>
    public static readonly string[] Flows =
    [
        // Source: Administrator's computer
        "administrator-computer,dns-server,53,udp,",
        "administrator-computer,ntp-server,123,udp,",
        "administrator-computer,server-workload-protection,443,tcp,",

        // Source: Server & Workload Protection (Subnets: see RegionSubnets)
        "server-workload-protection,siem-syslog-server,514,udp,siem",
        "server-workload-protection,siem-syslog-server,6514,tcp,siem",
        "server-workload-protection,agent,4118,tcp,bidirectional",
        "server-workload-protection,relay,4118,tcp,bidirectional+relays",

        // Source: Agents
        "agent,dns-server,53,udp,",
        "agent,ntp-server,123,udp,",
        "agent,siem-syslog-server,514,udp,siem",
        "agent,server-workload-protection,443,tcp,",
        "agent,relay,4122,tcp,relays",
        "agent,smart-protection-network,80,tcp,",
        "agent,smart-protection-network,443,tcp,",
        "agent,service-gateway,8080,tcp,service-gateway",
        "agent,smart-protection-server,80,tcp,smart-protection-server",
        "agent,smart-protection-server,443,tcp,smart-protection-server",
        "agent,smart-protection-server,5274,tcp,smart-protection-server",
        "agent,smart-protection-server,5275,tcp,smart-protection-server",

        // Source: Relays (if any)
        // "All destination addresses, ports, and protocols required by agents (each relay contains an agent)":
        "relay,dns-server,53,udp,relays",
        "relay,ntp-server,123,udp,relays",
        "relay,siem-syslog-server,514,udp,relays+siem",
        "relay,server-workload-protection,443,tcp,relays",
        // agent's "Relays (if any) 4122" == relay's own "Other relays (if any) 4122": listed once.
        "relay,relay,4122,tcp,relays",
        "relay,smart-protection-network,80,tcp,relays",
        "relay,smart-protection-network,443,tcp,relays",
        "relay,service-gateway,8080,tcp,relays+service-gateway",
        "relay,smart-protection-server,80,tcp,relays+smart-protection-server",
        "relay,smart-protection-server,443,tcp,relays+smart-protection-server",
        "relay,smart-protection-server,5274,tcp,relays+smart-protection-server",
        "relay,smart-protection-server,5275,tcp,relays+smart-protection-server",
        // Relay-specific rows:
        "relay,localhost,4123,tcp,relay-localhost-port+relays",
        "relay,active-update,80,tcp,relays",
        "relay,active-update,443,tcp,relays",
        "relay,download-center,443,tcp,legacy-download-center+relays",

        // Source: Data Center Gateway(if any)
        "data-center-gateway,dns-server,53,udp,data-center-gateway",
        "data-center-gateway,ntp-server,123,udp,data-center-gateway",
        "data-center-gateway,server-workload-protection,443,tcp,data-center-gateway",
        "data-center-gateway,vcenter,443,tcp,data-center-gateway",
        "data-center-gateway,active-directory,389,tcp,data-center-gateway",
        "data-center-gateway,active-directory,389,udp,data-center-gateway",
        "data-center-gateway,active-directory,636,tcp,data-center-gateway",
        "data-center-gateway,active-directory,636,udp,data-center-gateway",

        // Source: Service Gateway(if any)
        "service-gateway,dns-server,53,udp,service-gateway",
        "service-gateway,ntp-server,123,udp,service-gateway",
        "service-gateway,smart-protection-network,80,tcp,service-gateway",
        "service-gateway,smart-protection-network,443,tcp,service-gateway",

        // Source: API clients(if any)
        "api-client,server-workload-protection,443,tcp,api-clients",
    ];

    /// <summary>
    /// The page's note on changed ports: "if your network has a web proxy, you could configure
    /// agents to connect through it on port 1443, instead of directly to Server &amp; Workload
    /// Protection on port 443". Agents (and relays, which contain an agent) then connect to the
    /// proxy, the proxy connects to the manager, and the direct rows to the manager on 443 are
    /// not needed (they carry "unless web-proxy"; see <see cref="ReplacedByProxy"/>).
    /// </summary>
    public static readonly string[] ProxyFlows =
    [
        "agent,web-proxy,1443,tcp,web-proxy",
        "relay,web-proxy,1443,tcp,relays+web-proxy",
        "web-proxy,server-workload-protection,443,tcp,web-proxy",
    ];

    /// <summary>The rows a web proxy replaces (source, destination, port).</summary>
    public static readonly string[] ReplacedByProxy =
    [
        "agent,server-workload-protection,443",
        "relay,server-workload-protection,443",
    ];

    /// <summary>region id, CIDR: the seed page (spec 1.0.0), one subnet per region.</summary>
    public static readonly (string Region, string Cidr)[] RegionSubnets =
    [
        ("australia", "3.26.127.96/27"),
        ("canada", "3.99.65.64/27"),
        ("germany", "3.69.198.64/27"),
        ("india", "3.108.13.32/27"),
        ("japan", "35.75.131.96/27"),
        ("singapore", "13.214.15.0/27"),
        ("uae", "40.172.62.0/27"),
        ("uk", "18.169.230.160/27"),
        ("usa", "3.140.136.224/27"),
    ];

    /// <summary>
    /// The first and last address of every region subnet of the current page (VendorPages.Subnets),
    /// worked out by hand (a /27 holds 32 addresses).
    /// </summary>
    public static readonly TheoryData<string, string> SubnetEdges = new()
    {
        { "3.26.127.96", "australia" },
        { "3.26.127.127", "australia" },
        { "3.99.65.64", "canada" },
        { "3.99.65.95", "canada" },
        { "3.69.198.64", "germany" },
        { "3.69.198.95", "germany" },
        { "3.108.13.32", "india" },
        { "3.108.13.63", "india" },
        { "35.75.131.96", "japan" },
        { "35.75.131.127", "japan" },
        { "13.214.15.0", "singapore" },
        { "13.214.15.31", "singapore" },
        { "40.172.62.0", "uae" },
        { "40.172.62.31", "uae" },
        { "18.169.230.160", "uk" },
        { "18.169.230.191", "uk" },
        { "3.140.136.224", "usa" },
        { "3.140.136.255", "usa" },
        { "18.98.193.32", "australia" },
        { "18.98.193.63", "australia" },
        { "18.99.0.224", "canada" },
        { "18.99.0.255", "canada" },
        { "18.96.34.160", "germany" },
        { "18.96.34.191", "germany" },
        { "18.96.226.0", "india" },
        { "18.96.226.31", "india" },
        { "18.99.69.160", "japan" },
        { "18.99.69.191", "japan" },
        { "18.99.38.64", "singapore" },
        { "18.99.38.95", "singapore" },
        { "18.96.96.128", "uae" },
        { "18.96.96.159", "uae" },
        { "18.98.162.128", "uk" },
        { "18.98.162.159", "uk" },
        { "18.97.19.0", "usa" },
        { "18.97.19.31", "usa" },
        { "18.97.133.160", "usa" },
        { "18.97.133.191", "usa" },
        { "34.205.5.0", "usa" },
        { "34.205.5.31", "usa" },
    };
}
