using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Swp.Requirements.Firewalls.Tests.Tools;

namespace Swp.Requirements.Firewalls.Tests.Render.Behaviour;

/// <summary>
/// The squid render proven by a real squid: run in a private network namespace with the rendered
/// file included as the README says (above the final <c>http_access deny all</c>, below the stock
/// <c>deny CONNECT !SSL_ports</c>), plus only what running unprivileged needs and a
/// <c>hosts_file</c> that puts the region's manager names at a local test address where a plain
/// socket accepts. Then <c>CONNECT name:443</c> from the clients' addresses gets 200, from any other
/// address (the proxy's own too) 403, and to a name that is not the vendor's 403.
/// </summary>
public class SquidBehaviourTests
{
    private const string Proxy = "10.0.0.10", Upstream = "10.9.9.9";

    /// <summary>The configuration around the render: what running unprivileged needs, then squid.conf's stock order.</summary>
    private const string SquidConf = """
        # Running unprivileged in a private namespace: no pid file, logs and state in the test's folder, no ICP/HTCP/pinger.
        http_port 10.0.0.10:3128
        pid_filename none
        cache_log stdio:@DIR@/cache.log
        access_log stdio:@DIR@/access.log
        cache_store_log none
        coredump_dir @DIR@
        netdb_filename none
        pinger_enable off
        icp_port 0
        htcp_port 0
        shutdown_lifetime 0 seconds
        dns_nameservers 127.0.0.1
        hosts_file @DIR@/hosts
        # Debian's stock squid.conf, in its order: deny CONNECT to other ports, the local rules, deny all.
        acl SSL_ports port 443
        acl CONNECT method CONNECT
        http_access deny CONNECT !SSL_ports
        include @DIR@/swp.conf
        http_access deny all

        """;

    [SkippableFact]
    public void ClientsConnectThroughToTheManagersNamesAndNothingElseDoes()
    {
        FirewallPolicy policy = FirewallPolicy.Create(ReadmeDeployment.For(Component.WebProxy), Component.WebProxy);
        string render = new SquidRenderer().Render(policy);
        ExternalTools.SquidParse(render).EnsureOk();

        // The region's manager names (the vendor's Germany list) and one name that is not the vendor's, all at the test address.
        string[] managerNames = [.. Domains.For(Region.Germany).ToArray().Select(d => d.Name).Where(n => !n.StartsWith('*'))];
        Assert.Contains("agents.workload.de-1.cloudone.trendmicro.com", managerNames);
        string hosts = string.Concat(managerNames.Append("example.com").Select(n => $"{Upstream} {n}\n"));

        (string Source, string Target, int Status, string What)[] probes =
        [
            ("10.1.0.5", "agents.workload.de-1.cloudone.trendmicro.com:443", 200, "an agent of the first subnet"),
            ("10.2.255.254", "workload.de-1.cloudone.trendmicro.com:443", 200, "an agent of the second subnet"),
            ("10.1.5.10", "relay.workload.de-1.cloudone.trendmicro.com:443", 200, "the relay"),
            ("10.3.0.5", "agents.workload.de-1.cloudone.trendmicro.com:443", 403, "an address that is no client"),
            (Proxy, "agents.workload.de-1.cloudone.trendmicro.com:443", 403, "the proxy's own address"),
            ("10.1.0.5", "example.com:443", 403, "a name that is not the vendor's"),
            ("10.1.0.5", "agents.workload.de-1.cloudone.trendmicro.com:8443", 403, "another port"),
        ];

        string squid = ExternalTools.Find("squid") ?? throw ExternalTools.Missing("squid", $"sudo {ExternalTools.InstallScript} (or: apt-get install -y squid)");
        ExternalTools.Ip();
        DirectoryInfo directory = Directory.CreateTempSubdirectory("swp-squid-");
        try
        {
            string job = Path.Combine(directory.FullName, "job.json");
            File.WriteAllText(job, JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["outsideNetns"] = new FileInfo("/proc/self/ns/net").LinkTarget ?? "", // the prober refuses to run in this namespace
                ["squid"] = squid,
                ["proxy"] = new object[] { Proxy, 3128 },
                ["upstream"] = Upstream,
                ["addresses"] = probes.Select(p => p.Source).Append(Proxy).Append(Upstream).Distinct().ToArray(),
                ["files"] = new Dictionary<string, string> { ["squid.conf"] = SquidConf, ["swp.conf"] = render, ["hosts"] = hosts },
                ["config"] = "squid.conf",
                ["probes"] = probes.Select((p, i) => new object[] { i, p.Source, p.Target }).ToArray(),
            }));
            string script = Path.Combine(AppContext.BaseDirectory, "Render", "Behaviour", "squidprobe.py");
            ProcessOutput output = ExternalTools.RunInNetworkNamespace(ExternalTools.Python3(), [script, job], TimeSpan.FromSeconds(60));
            Assert.True(output.ExitCode == 0 && output.StdOut.Length > 0, $"{output.CommandLine}: exit {output.ExitCode}: {output.StdErr}");
            using JsonDocument result = JsonDocument.Parse(output.StdOut);
            JsonElement root = result.RootElement;
            string log = root.GetProperty("log").GetString() ?? "";
            Assert.True(root.GetProperty("ok").GetBoolean(), $"squidprobe.py: {root.GetProperty("error").GetString()}\n{log}");
            var wrong = new List<string>();
            for (int i = 0; i < probes.Length; i++)
            {
                int status = root.GetProperty("status").GetProperty(i.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetInt32();
                if (status != probes[i].Status)
                {
                    wrong.Add($"  {probes[i].What}: CONNECT {probes[i].Target} from {probes[i].Source}: {status}, expected {probes[i].Status}");
                }
            }

            Assert.True(wrong.Count == 0, $"squid disagrees:\n{string.Join('\n', wrong)}\n--- swp.conf (without its dstdomain lines):\n{string.Join('\n', render.Split('\n').Where(l => !l.Contains(" dstdomain ", StringComparison.Ordinal)))}\n--- squid's log:\n{log}");
        }
        finally
        {
            try
            {
                directory.Delete(recursive: true);
            }
            catch (IOException)
            {
                // a leftover temporary folder is not a test failure
            }
        }
    }
}
