using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Swp.Requirements.Firewalls.Tests.Tools;

namespace Swp.Requirements.Firewalls.Tests.Render.Hosts;

/// <summary>
/// firewalld and ufw, proven by behaviour: the real manager (the Debian packages, unpacked by
/// .ci/install-tools into artifacts/tools/host-managers, never installed) runs inside private
/// user, network and mount namespaces (Render/Hosts/hostprobe.py under unshare -rnm) on a host that
/// already filters, the render is applied twice as its header and the README say (<c>sh FILE</c>),
/// and real packets cross a veth pair to a second namespace: every required flow passes, every
/// near miss is refused. The expectations are written by hand from the README's example deployment.
/// </summary>
public class HostManagerTests
{
    private static readonly string OutsideNetns = new FileInfo("/proc/self/ns/net").LinkTarget ?? "";

    // (protocol, source, destination, port, passes)
    private static readonly Dictionary<string, (string Local, (string Proto, string Src, string Dst, int Port, bool Pass)[] Probes)> s_cases = new()
    {
        ["agent"] = ("10.1.0.5",
        [
            ("tcp", "3.69.198.65", "10.1.0.5", 4118, true), // the manager, both subnets of Germany
            ("tcp", "18.96.34.161", "10.1.0.5", 4118, true),
            ("udp", "10.1.0.5", "10.0.0.2", 53, true), // DNS servers: no addresses given, so any address
            ("udp", "10.1.0.5", "203.0.113.9", 53, true),
            ("tcp", "10.1.0.5", "10.1.5.10", 4122, true), // the relay
            ("udp", "10.1.0.5", "10.30.0.5", 514, true), // the SIEM
            ("tcp", "10.1.0.5", "10.0.0.10", 3128, true), // the web proxy
            ("tcp", "10.1.0.5", "203.0.113.7", 443, true), // smart protection network: any address
            ("tcp", "3.69.198.100", "10.1.0.5", 4118, false), // outside the region's subnets
            ("tcp", "3.69.198.65", "10.1.0.5", 4119, false),
            ("udp", "10.1.0.5", "10.30.0.6", 514, false), // a neighbour of the SIEM
            ("tcp", "10.1.0.5", "10.1.5.11", 4122, false), // a neighbour of the relay
        ]),
        ["relay"] = ("10.1.5.10",
        [
            ("tcp", "3.69.198.65", "10.1.5.10", 4118, true),
            ("tcp", "18.96.34.161", "10.1.5.10", 4118, true),
            ("tcp", "10.2.0.9", "10.1.5.10", 4122, true), // agents of both subnets
            ("tcp", "10.1.0.9", "10.1.5.10", 4122, true),
            ("udp", "10.1.5.10", "10.0.0.2", 53, true),
            ("udp", "10.1.5.10", "10.0.0.3", 53, true),
            ("udp", "10.1.5.10", "10.30.0.5", 514, true),
            ("udp", "10.1.5.10", "203.0.113.7", 123, true),
            ("tcp", "10.1.5.10", "203.0.113.7", 443, true),
            ("tcp", "3.69.198.100", "10.1.5.10", 4118, false),
            ("tcp", "3.69.198.65", "10.1.5.10", 4119, false),
            ("tcp", "10.3.0.9", "10.1.5.10", 4122, false), // not an agent
            ("udp", "10.1.5.10", "10.30.0.6", 514, false),
        ]),
        ["data-center-gateway"] = ("192.168.7.7",
        [
            ("tcp", "192.168.7.7", "203.0.113.7", 443, true), // the manager (by name: any address)
            ("udp", "192.168.7.7", "10.0.0.2", 53, true),
            ("udp", "192.168.7.7", "10.0.0.3", 53, true),
            ("tcp", "192.168.7.7", "203.0.113.8", 636, true),
            ("tcp", "192.168.7.7", "203.0.113.8", 8443, false), // a port the gateway does not need
            ("tcp", "3.69.198.65", "192.168.7.7", 4118, false), // nothing comes in
            ("tcp", "192.168.7.7", "10.1.5.10", 4122, false),
        ]),
    };

    public static TheoryData<string, string, bool> Cases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (string component in s_cases.Keys)
        {
            data.Add("firewalld", component, false);
            data.Add("ufw", component, false);
        }

        data.Add("firewalld", "agent", true); // FIREWALL_CMD=firewall-offline-cmd, then the daemon starts
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void RequiredFlowsPassAndNearMissesAreRefused(string format, string component, bool offline)
    {
        string root = RequireManagers();
        Assert.True(SwpIds.TryParseComponent(component, out Component which));
        Assert.True(FirewallRenderers.TryGet(format, out FirewallRenderer? renderer));
        // The README's example deployment (prod.swp.json there; a test ties the two), as the iptables,
        // nftables and squid behaviour tests use it: its DNS servers have no addresses, so DNS goes anywhere.
        string script = renderer.Render(FirewallPolicy.Create(Behaviour.ReadmeDeployment.For(which), which));
        (string local, var probes) = s_cases[component];

        DirectoryInfo work = Directory.CreateTempSubdirectory("swp-host-");
        try
        {
            string job = Path.Combine(work.FullName, "job.json");
            File.WriteAllText(job, JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["manager"] = format,
                ["root"] = root,
                ["work"] = work.FullName,
                ["outsideNetns"] = OutsideNetns, // hostprobe.py refuses to run in this namespace
                ["script"] = script,
                ["offline"] = offline,
                ["timeoutMs"] = 400,
                ["local"] = new[] { local },
                ["probes"] = probes.Select((p, i) => new object[] { i, p.Proto, p.Src, p.Dst, p.Port }).ToArray(),
            }));
            ProcessOutput output = ProcessRunner.Run("/usr/bin/unshare", ["-rnm", "/usr/bin/python3", Script, job], TimeSpan.FromSeconds(90));
            Assert.True(output.ExitCode == 0 && output.StdOut.Length > 0, $"{output.CommandLine}: exit {output.ExitCode}: {output.StdErr}");
            using JsonDocument result = JsonDocument.Parse(output.StdOut);
            JsonElement r = result.RootElement;
            string log = r.GetProperty("log").GetString() ?? "";
            Assert.True(r.GetProperty("loaded").GetBoolean(), $"{format} did not take the render: {r.GetProperty("error").GetString()}\n{log}");
            Assert.Equal("", r.GetProperty("error").GetString());
            var passed = r.GetProperty("passed").EnumerateArray().Select(e => e.GetInt32()).ToHashSet();
            var wrong = probes.Select((p, i) => (p, i)).Where(x => passed.Contains(x.i) != x.p.Pass)
                .Select(x => $"{x.p.Src} -> {x.p.Dst}:{x.p.Port}/{x.p.Proto}: expected {(x.p.Pass ? "to pass" : "to be refused")}")
                .ToList();
            Assert.True(wrong.Count == 0, string.Join("\n", wrong) + "\n--- print-back:\n" + r.GetProperty("printBack").GetString() + "\n--- log:\n" + log);
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
                // a leftover temporary folder is not a test failure
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static string Script => Path.Combine(AppContext.BaseDirectory, "Render", "Hosts", "hostprobe.py");

    /// <summary>The unpacked firewalld and ufw packages (artifacts/tools/host-managers/root, made by .ci/install-tools), python3 and a private namespace; fails under CI, skips elsewhere.</summary>
    private static string RequireManagers()
    {
        string root = Path.Combine(ExternalTools.RepositoryRoot() ?? "", "artifacts", "tools", "host-managers", "root");
        if (!File.Exists(Path.Combine(root, "usr", "sbin", "firewalld")) || !File.Exists(Path.Combine(root, "usr", "sbin", "ufw"))
            || !File.Exists("/usr/bin/python3") || !File.Exists("/usr/bin/unshare") || !File.Exists("/usr/bin/dbus-daemon"))
        {
            throw ExternalTools.Missing("firewalld and ufw (unpacked Debian packages), /usr/bin/python3 and dbus-daemon", ExternalTools.InstallScript);
        }

        ExternalTools.Ip();
        return root;
    }
}
