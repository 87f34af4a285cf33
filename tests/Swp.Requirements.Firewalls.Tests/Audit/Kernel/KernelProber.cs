using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using Swp.Requirements.Firewalls.Tests.Tools;

namespace Swp.Requirements.Firewalls.Tests.Audit.Kernel;

/// <summary>One packet (UDP) or connection (TCP) the prober sends: from a bound source address to a listener.</summary>
internal readonly record struct Probe(int Id, string Protocol, uint Source, uint Destination, int Port)
{
    public override string ToString() => $"{AddressPart.Ip(Source)} -> {AddressPart.Ip(Destination)}:{Port}/{Protocol}";
}

/// <summary>What the kernel did in one private namespace: loaded or not, its print-back, and which probes passed.</summary>
internal sealed record ProbeRun(bool Loaded, string Error, string PrintBack, IReadOnlySet<int> Passed, IReadOnlyDictionary<int, string> Failed)
{
    public string Outcome(Probe probe) => Passed.Contains(probe.Id) ? "passed" : "not passed (" + Failed.GetValueOrDefault(probe.Id, "?") + ")";
}

/// <summary>
/// Runs Audit/Kernel/probe.py (python3, standard library) inside a new private network namespace
/// (<see cref="ExternalTools.RunInNetworkNamespace"/>): it loads the rules with the real tool,
/// prints them back, assigns every probed address to lo there and sends every probe at once.
/// Nothing leaves that namespace; this machine's firewall is never touched.
/// </summary>
internal static class KernelProber
{
    private static int s_jobs;

    private static string Script => Path.Combine(AppContext.BaseDirectory, "Audit", "Kernel", "probe.py");

    /// <summary>Fails (CI) or skips (elsewhere) unless python3, ip, iptables-nft, nft and a private namespace are all there.</summary>
    public static void RequireTools()
    {
        ExternalTools.Python3();
        ExternalTools.Ip();
        ExternalTools.RequireFirewallTools();
        ProbeRun run = Run(KernelFormat.Nftables, "", [], 100);
        if (!run.Loaded)
        {
            throw ExternalTools.Missing("the kernel prober (python3 probe.py in unshare -rn)", $"{ExternalTools.InstallScript}: {run.Error}");
        }
    }

    /// <summary>This process's network namespace (e.g. <c>net:[4026531840]</c>): the machine's own, where the prober must never run.</summary>
    private static readonly string OutsideNetns = new FileInfo("/proc/self/ns/net").LinkTarget ?? "";

    public static ProbeRun Run(KernelFormat format, string rules, IReadOnlyList<Probe> probes, int timeoutMs)
    {
        DirectoryInfo directory = Directory.CreateTempSubdirectory("swp-kernel-");
        try
        {
            string job = Path.Combine(directory.FullName, "job.json");
            File.WriteAllText(job, JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["format"] = format == KernelFormat.Iptables ? "iptables" : "nftables",
                ["rules"] = rules,
                ["timeoutMs"] = timeoutMs,
                ["outsideNetns"] = OutsideNetns, // the prober refuses to load rules in this namespace
                ["probes"] = probes.Select(p => new object[] { p.Id, p.Protocol, AddressPart.Ip(p.Source), AddressPart.Ip(p.Destination), p.Port }).ToArray(),
            }));
            if (Environment.GetEnvironmentVariable("SWP_KERNEL_JOBS") is { Length: > 0 } keep)
            {
                // Keeps each job for a replay by hand: unshare -rn /usr/bin/python3 probe.py JOB
                Directory.CreateDirectory(keep);
                File.Copy(job, Path.Combine(keep, $"job-{Interlocked.Increment(ref s_jobs):D5}.json"), overwrite: true);
            }
            ProcessOutput output = ExternalTools.RunInNetworkNamespace(ExternalTools.Python3(), [Script, job], TimeSpan.FromSeconds(120));
            if (output.ExitCode != 0 || output.StdOut.Length == 0)
            {
                return new ProbeRun(false, $"{output.CommandLine}: exit {output.ExitCode}{(output.TimedOut ? " (timed out)" : "")}: {output.StdErr.Trim()}", "", new HashSet<int>(), new Dictionary<int, string>());
            }
            using JsonDocument result = JsonDocument.Parse(output.StdOut);
            JsonElement root = result.RootElement;
            return new ProbeRun(
                root.GetProperty("loaded").GetBoolean(),
                root.GetProperty("error").GetString() ?? "",
                root.GetProperty("printBack").GetString() ?? "",
                root.GetProperty("passed").EnumerateArray().Select(e => e.GetInt32()).ToHashSet(),
                root.GetProperty("failed").EnumerateObject().ToDictionary(p => int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture), p => p.Value.GetString() ?? ""));
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
