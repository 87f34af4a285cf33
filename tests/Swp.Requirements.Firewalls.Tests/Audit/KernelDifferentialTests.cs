using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Swp.Requirements.Deployments;
using Swp.Requirements.Firewalls.Audit;
using Swp.Requirements.Firewalls.Read;
using Swp.Requirements.Firewalls.Tests.Audit.Kernel;
using Swp.Requirements.Firewalls.Tests.Tools;
using Xunit.Abstractions;

namespace Swp.Requirements.Firewalls.Tests.Audit;

/// <summary>
/// The Linux kernel as the audit's oracle (issue 17, section 3). Random rulesets (seeded), in
/// iptables-restore form and in nft form, are loaded with the real tools in a private network
/// namespace of their own, probed there with real TCP connects and UDP datagrams, and the kernel's
/// decisions are compared with the audit (<c>swp-ports audit --for agent --region germany
/// --with bidirectional [--address ...]</c>, in-process: the same FirewallReaders and
/// FirewallAudit the CLI runs) of the kernel's own print-back (iptables-nft-save,
/// nft -j list ruleset) taken in that namespace after loading.
/// <para>
/// A flow's packets are every source address × every destination address of it, on its port and
/// IP protocol; a component without addresses is every address a connection could go to (all
/// IPv4 but 0.0.0.0/8, 127.0.0.0/8 and 224.0.0.0/3), the manager as a source its Germany
/// subnets. One address per piece the ruleset's CIDRs and ranges cut those sets into is probed
/// (<see cref="AddressAtoms"/>), every source piece with every destination piece. The audit must
/// say <c>allowed</c> when every probe passed, <c>blocked</c> when none did and
/// <c>partly allowed</c> otherwise; <c>uncertain</c> disagrees with nothing (it is counted and
/// printed). Each case tests one direction: egress puts the random rules at output (input accepts
/// everything), ingress at input (output accepts everything), every tested base chain starting
/// with an accept of established and related packets so replies pass. Some cases also have a
/// chain at another hook on the same packets' real path (egress: nft postrouting, iptables mangle
/// OUTPUT/POSTROUTING; ingress: nft prerouting, iptables mangle PREROUTING/INPUT).
/// </para>
/// <para>
/// Every disagreement fails the test with a shrunk reproducer: rules dropped (halves, then
/// one by one) while the same disagreement persists, printed with the seed, the deployment, the
/// flow, the ruleset as loaded, the print-back the audit read, the probes and their results and the
/// audit's verdict. A print-back the reader refuses is a disagreement too.
/// </para>
/// <para>
/// Budget: <c>SWP_KERNEL_CASES=N</c> runs N rulesets per family (default 30; .ci/run uses 200);
/// <c>SWP_KERNEL_SEED=S</c> fixes the first case's seed (default: a fresh one, printed; case i
/// has seed S+i, so <c>SWP_KERNEL_SEED=S+i SWP_KERNEL_CASES=1</c> replays one case). Needs python3,
/// ip, iptables-nft and nft and a private namespace (unshare -rn): under CI=true a missing one
/// fails the test, elsewhere it skips.
/// </para>
/// </summary>
public sealed class KernelDifferentialTests(ITestOutputHelper output)
{
    private const int DefaultCases = 30;
    private const int TimeoutMs = 300;
    private const int ConfirmTimeoutMs = 1500;

    /// <summary>Namespaces at once: each run mostly waits for its time limit, so more than the cores.</summary>
    private static readonly int Parallelism =
        int.TryParse(Environment.GetEnvironmentVariable("SWP_KERNEL_PARALLEL"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int p) && p > 0 ? p
        : Math.Max(4, 3 * Environment.ProcessorCount);
    private const int MaxShrunkClasses = 8;
    private const int MaxProbesPerFlow = 1500;

    private static int Cases => int.TryParse(Environment.GetEnvironmentVariable("SWP_KERNEL_CASES"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : DefaultCases;

    private static int FirstSeed(KernelFormat format) =>
        int.TryParse(Environment.GetEnvironmentVariable("SWP_KERNEL_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int s) ? s
        : Random.Shared.Next(1, int.MaxValue / 2) + (int)format;

    [SkippableTheory]
    [InlineData("iptables")]
    [InlineData("nftables")]
    public void The_audit_agrees_with_the_kernel_on_random_rulesets(string family)
    {
        KernelProber.RequireTools();
        KernelFormat format = family == "iptables" ? KernelFormat.Iptables : KernelFormat.Nftables;
        int cases = Cases;
        int first = FirstSeed(format);
        var clock = Stopwatch.StartNew();

        var results = new ConcurrentBag<(KernelCase Case, CaseResult Result)>();
        int reprobed = 0;
        OnThreads(cases, i =>
        {
            KernelCase c = KernelCase.Make(first + i, format);
            CaseResult result = Evaluate(c, c.Ruleset, null, TimeoutMs);
            if (result.Disagreements.Count > 0)
            {
                // A passing connect can miss a short time limit on a loaded machine (a false "not
                // passed", never a false "passed"): a disagreement counts only if it stays with a long one.
                Interlocked.Increment(ref reprobed);
                result = Evaluate(c, c.Ruleset, null, ConfirmTimeoutMs);
            }
            results.Add((c, result));
        });

        var all = results.OrderBy(r => r.Case.Seed).ToList();
        int compared = all.Sum(r => r.Result.Flows.Count(f => f.AuditVerdict != AuditVerdict.Uncertain));
        int uncertain = all.Sum(r => r.Result.Flows.Count(f => f.AuditVerdict == AuditVerdict.Uncertain));
        int probes = all.Sum(r => r.Result.Probes);
        var disagreements = all
            .SelectMany(r => r.Result.Disagreements.Select(d => (r.Case, Disagreement: d)))
            .GroupBy(x => x.Disagreement.Class, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ToList();
        TimeSpan probing = clock.Elapsed;

        // Shrink the first case of each class (a handful at once), confirming it with a longer time limit.
        var reproducers = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var toShrink = disagreements.Take(MaxShrunkClasses).ToList();
        OnThreads(toShrink.Count, i =>
        {
            var group = toShrink[i];
            (KernelCase c, Disagreement d) = group.First();
            reproducers[group.Key] = Shrink(c, d);
        });

        string summary = string.Create(CultureInfo.InvariantCulture,
            $"{family}: {cases} rulesets (seeds {first}..{first + cases - 1}), {compared} flow verdicts compared, {uncertain} uncertain (skipped), {probes} probes, {reprobed} ruleset(s) probed again with {ConfirmTimeoutMs} ms; "
            + $"{disagreements.Sum(g => g.Count())} disagreement(s) in {disagreements.Count} class(es); probing {probing.TotalSeconds:F1} s (prober {Seconds(ref s_proberTicks):F1} s, read+audit {Seconds(ref s_auditTicks):F1} s summed over threads), total {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine(summary);
        foreach (var uncertainFlows in all.SelectMany(r => r.Result.Flows.Where(f => f.AuditVerdict == AuditVerdict.Uncertain).Select(f => (r.Case.Seed, f.Why))).GroupBy(f => f.Why).OrderByDescending(g => g.Count()))
        {
            output.WriteLine($"  uncertain x{uncertainFlows.Count()} (seeds {string.Join(", ", uncertainFlows.Select(u => u.Seed).Distinct().Take(5))}): {uncertainFlows.Key}");
        }
        if (disagreements.Count == 0)
        {
            return;
        }

        var message = new StringBuilder(summary).Append("\n\n");
        foreach (var group in disagreements)
        {
            var seeds = group.Select(g => g.Case.Seed).Distinct().ToList();
            message.Append(string.Create(CultureInfo.InvariantCulture, $"== {group.Key}: {group.Count()} flow(s) in {seeds.Count} case(s), seeds {string.Join(", ", seeds.Take(10))}{(seeds.Count > 10 ? ", ..." : "")}\n"));
            message.Append("   flows: ").Append(string.Join("; ", group.GroupBy(g => g.Disagreement.Flow).Select(f => f.Key + " x" + f.Count()))).Append('\n');
            message.Append(reproducers.TryGetValue(group.Key, out string? shrunk) ? shrunk : "   (not shrunk: more than " + MaxShrunkClasses + " classes)\n").Append('\n');
        }
        output.WriteLine(message.ToString());
        Assert.Fail(message.ToString());
    }

    /// <summary>
    /// Runs body(0..count-1) on <see cref="Parallelism"/> threads of their own, not the thread pool:
    /// each waits on a process whose output is read asynchronously, and pool threads blocked that
    /// way starve those reads (the pool adds a thread about twice a second).
    /// </summary>
    private static void OnThreads(int count, Action<int> body)
    {
        int next = -1;
        var errors = new ConcurrentQueue<Exception>();
        var threads = Enumerable.Range(0, Math.Min(Parallelism, Math.Max(1, count))).Select(_ => new Thread(() =>
        {
            for (int i = Interlocked.Increment(ref next); i < count && errors.IsEmpty; i = Interlocked.Increment(ref next))
            {
                try
                {
                    body(i);
                }
                catch (Exception e)
                {
                    errors.Enqueue(e);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        if (!errors.IsEmpty)
        {
            throw errors.Count == 1 ? errors.Single() : new AggregateException(errors);
        }
    }

    /// <summary>
    /// Issue 17's example, through the same prober: <c>-A OUTPUT -d 10.0.0.0/8 -j DROP</c> before an
    /// accept of 443 leaves 443 to anywhere (the manager, the Smart Protection Network: no
    /// addresses) partly allowed; the kernel says so, and so must the audit (it once said allowed).
    /// </summary>
    [SkippableFact]
    public void A_drop_of_10_0_0_0_8_before_an_accept_of_443_leaves_443_to_anywhere_partly_allowed()
    {
        KernelProber.RequireTools();
        AddressMatch ten = new([AddressPart.Cidr(0x0A000000, 8)], false);
        var rules = new KernelRuleset(KernelFormat.Iptables, Egress: true,
        [
            new KernelTable("filter", "filter",
            [
                new KernelChain("OUTPUT", IsBase: true, 0, PolicyDrop: true,
                [
                    new KernelRule(null, ten, null, false, null, null, KernelVerdict.Drop, null),
                    new KernelRule(null, null, "tcp", false, new PortMatch([(443, 443)], false), null, KernelVerdict.Accept, null),
                ]),
            ]),
        ]);
        var deployment = new Deployment(KernelCase.Conditions, KernelCase.Region).WithAddresses(Component.Agent, IPv4Network.Parse("10.20.0.5/32"));
        var c = new KernelCase(1, KernelFormat.Iptables, true, deployment, false, "--address agent=10.20.0.5/32", rules);

        CaseResult result = Evaluate(c, rules, null, ConfirmTimeoutMs);

        FlowResult manager = result.Flows.Single(f => f.Flow.StartsWith("egress agent -> server-workload-protection 443/tcp", StringComparison.Ordinal));
        Assert.Equal(AuditVerdict.PartlyAllowed, manager.KernelVerdict);
        Assert.Equal(AuditVerdict.Blocked, result.Flows.Single(f => f.Flow.StartsWith("egress agent -> dns-server", StringComparison.Ordinal)).KernelVerdict);
        Assert.Empty(result.Disagreements);
    }

    // ------------------------------------------------------------------ one case

    /// <summary>One random case: seed, deployment, and the ruleset for one direction.</summary>
    private sealed record KernelCase(int Seed, KernelFormat Format, bool Egress, Deployment Deployment, bool ManagerAtVendor, string Addresses, KernelRuleset Ruleset)
    {
        /// <summary>The manager's subnets as the vendor's pages give them for the region (--address server-workload-protection=vendor).</summary>
        public static readonly IReadOnlyList<(uint First, uint Last)> VendorSubnets =
            [.. TableFacts.Facts.VendorSubnets((int)Region.Germany).Select(n => AddressPart.Cidr(n.Network, n.PrefixLength)).Select(p => (p.First, p.Last))];

        /// <summary>
        /// The deployment as the audit sees it: Deployment.Resolve(), or (the manager at the vendor's
        /// subnets, which only a deployment file or --address can say) the same with that flag, as the CLI builds it.
        /// </summary>
        public ResolvedDeployment Resolve()
        {
            if (!ManagerAtVendor)
            {
                return Deployment.Resolve();
            }
            SpecFacts facts = TableFacts.Facts;
            var addresses = new Swp.Requirements.Coverage.IntervalSet?[facts.ComponentIds.Count];
            for (int c = 0; c < addresses.Length; c++)
            {
                IPv4Network[] given = Deployment.AddressesOf((Component)c).ToArray();
                if (given.Length > 0)
                {
                    addresses[c] = Swp.Requirements.Coverage.AddressSpace.Networks(given.Select(n => (n.FirstAddress, n.PrefixLength)));
                }
            }
            return new ResolvedDeployment(facts, (uint)Deployment.Conditions, (int)Region, [], addresses, null, null, [], managerAtVendorSubnets: true);
        }

        public static readonly Conditions Conditions = Conditions.Bidirectional;
        public static readonly Region Region = Region.Germany;

        public static KernelCase Make(int seed, KernelFormat format)
        {
            var random = new Random(unchecked(seed * 7919 + 13));
            bool egress = random.Next(3) > 0;
            var deployment = new Deployment(Conditions, Region);
            var given = new List<string>();
            var hosts = new List<uint>();
            void Give(Component component, string id, string cidr)
            {
                var network = IPv4Network.Parse(cidr);
                deployment = deployment.WithAddresses(component, network);
                given.Add(id + "=" + cidr);
                hosts.Add(network.FirstAddress);
            }
            switch (random.Next(10))
            {
                case < 4: break;
                case < 8: Give(Component.Agent, "agent", "10.20.0.5/32"); break;
                default: Give(Component.Agent, "agent", "10.20.0.4/30"); break;
            }
            if (random.Next(2) == 0)
            {
                Give(Component.DnsServer, "dns-server", "10.30.0.53/32");
            }
            if (random.Next(2) == 0)
            {
                Give(Component.NtpServer, "ntp-server", "10.30.0.123/32");
            }
            bool vendor = egress && random.Next(4) == 0;
            if (vendor)
            {
                given.Add("server-workload-protection=vendor");
            }
            // The rules cut the region's subnets (the manager as a source) and the vendor's (as a destination).
            AddressPart[] manager = [.. Regions.Subnets(Region).ToArray().Select(n => AddressPart.Cidr(n.FirstAddress, n.PrefixLength)),
                .. VendorSubnets.Select(v => new AddressPart(v.First, v.Last, 32 - System.Numerics.BitOperations.Log2(v.Last - v.First + 1)))];
            KernelRuleset ruleset = new KernelRulesetGenerator(seed, format, egress, manager, hosts).Next();
            return new KernelCase(seed, format, egress, deployment, vendor, string.Join(' ', given.Select(g => "--address " + g)), ruleset);
        }

        public string Cli => $"swp-ports audit FILE --input {(Format == KernelFormat.Iptables ? "iptables-save" : "nftables")} --for agent --region germany --with bidirectional {Addresses} --format json".Replace("  ", " ", StringComparison.Ordinal);
    }

    /// <summary>A flow of the tested direction: the audit's verdict, the kernel's, and the probes behind it.</summary>
    private sealed record FlowResult(string Flow, AuditVerdict AuditVerdict, AuditVerdict KernelVerdict, IReadOnlyList<Probe> Probes, ProbeRun Run, string Note, string Why = "");

    private sealed record Disagreement(string Class, string Flow, AuditVerdict AuditVerdict, AuditVerdict KernelVerdict, string? ReadError);

    private sealed record CaseResult(IReadOnlyList<FlowResult> Flows, IReadOnlyList<Disagreement> Disagreements, int Probes, ProbeRun Run, string? ReadError);

    private static long s_proberTicks;
    private static long s_auditTicks;

    private static double Seconds(ref long ticks) => (double)Interlocked.Exchange(ref ticks, 0) / Stopwatch.Frequency;

    private static string Direction(bool egress) => egress ? "egress" : "ingress";

    /// <summary>
    /// Loads <paramref name="ruleset"/> in a fresh namespace, probes the tested direction's flows
    /// (only <paramref name="onlyFlow"/> when given), audits the print-back and compares.
    /// </summary>
    private static CaseResult Evaluate(KernelCase c, KernelRuleset ruleset, string? onlyFlow, int timeoutMs)
    {
        ResolvedDeployment resolved = c.Resolve();
        var random = new Random(c.Seed);
        var probes = new List<Probe>();
        var planned = new List<(RequiredFlow Flow, string Key, List<Probe> Probes, string Note)>();
        foreach (RequiredFlow flow in resolved.Flows)
        {
            if (flow.Exclusion >= 0 || flow.Fact.HostLocal || (c.Egress ? flow.Fact.Source : flow.Fact.Destination) != (int)Component.Agent)
            {
                continue;
            }
            string key = Direction(c.Egress) + " " + resolved.Describe(flow);
            if (onlyFlow is not null && key != onlyFlow)
            {
                continue;
            }
            (var sources, bool anySource) = PacketAddresses(c.Deployment, (Component)flow.Fact.Source, asSource: true, c.ManagerAtVendor);
            (var destinations, bool anyDestination) = PacketAddresses(c.Deployment, (Component)flow.Fact.Destination, asSource: false, c.ManagerAtVendor);
            List<uint> from = AddressAtoms.Representatives(sources, ruleset.AddressMatches(source: true), random);
            List<uint> to = AddressAtoms.Representatives(destinations, ruleset.AddressMatches(source: false), random);
            var pairs = from.SelectMany(s => to.Select(d => (s, d))).ToList();
            string note = (anySource ? "source: no addresses (every connectable address); " : "") + (anyDestination ? "destination: no addresses (every connectable address); " : "")
                + $"{from.Count} source x {to.Count} destination pieces";
            if (pairs.Count > MaxProbesPerFlow)
            {
                note += $", {MaxProbesPerFlow} of {pairs.Count} pairs sampled";
                pairs = [.. pairs.OrderBy(_ => random.Next()).Take(MaxProbesPerFlow)];
            }
            string protocol = flow.Fact.IPProtocol == 6 ? "tcp" : "udp";
            var mine = pairs.Select((p, i) => new Probe(probes.Count + i + 1, protocol, p.s, p.d, flow.Port)).ToList();
            probes.AddRange(mine);
            planned.Add((flow, key, mine, note));
        }

        string rules = ruleset.Render();
        long start = Stopwatch.GetTimestamp();
        ProbeRun run = KernelProber.Run(c.Format, rules, probes, timeoutMs);
        Interlocked.Add(ref s_proberTicks, Stopwatch.GetTimestamp() - start);
        start = Stopwatch.GetTimestamp();
        if (!run.Loaded)
        {
            Assert.Fail($"seed {c.Seed}: the kernel did not load the generated {c.Format} ruleset (a generator bug): {run.Error}\n{rules}");
        }

        ObservedFirewall firewall;
        try
        {
            firewall = c.Format == KernelFormat.Iptables
                ? IptablesSaveReader.Read("iptables-save", run.PrintBack)
                : NftablesJsonReader.Read("nft -j list ruleset", run.PrintBack);
        }
        catch (FirewallReadException e)
        {
            string error = $"the reader refuses the print-back: ({e.Line},{e.Column}){(e.JsonPath is null ? "" : " at " + e.JsonPath)}: {e.Message}";
            string cls = $"{c.Format} reader refuses the print-back: {e.Message}";
            return new CaseResult([], [new Disagreement(cls, "", AuditVerdict.Uncertain, AuditVerdict.Uncertain, error)], probes.Count, run, error);
        }

        AuditReport report = FirewallAudit.Run(firewall, resolved, (int)Component.Agent);
        Interlocked.Add(ref s_auditTicks, Stopwatch.GetTimestamp() - start);
        var flows = new List<FlowResult>();
        var disagreements = new List<Disagreement>();
        foreach ((RequiredFlow flow, string key, List<Probe> mine, string note) in planned)
        {
            AuditedFlow? audited = report.Flows.FirstOrDefault(f => ReferenceEquals(f.Flow, flow) && f.Egress == c.Egress);
            if (audited is null)
            {
                Assert.Fail($"seed {c.Seed}: the audit did not report {key}");
            }
            int passed = mine.Count(p => run.Passed.Contains(p.Id));
            AuditVerdict kernel = passed == mine.Count ? AuditVerdict.Allowed : passed == 0 ? AuditVerdict.Blocked : AuditVerdict.PartlyAllowed;
            // Why the audit is uncertain: the reason its SWP2003 finding for this flow gives.
            string why = audited.Verdict != AuditVerdict.Uncertain ? "" : report.Findings
                .Where(f => f.Id == FirewallAudit.UncertainId && f.Message.Contains(audited.Description, StringComparison.Ordinal))
                .Select(f => Reason(f.Message))
                .FirstOrDefault() ?? "(no SWP2003 finding)";
            flows.Add(new FlowResult(key, audited.Verdict, kernel, mine, run, note, why));
            if (audited.Verdict != AuditVerdict.Uncertain && audited.Verdict != kernel)
            {
                string where = note.Contains("destination: no addresses", StringComparison.Ordinal) ? " [destination without addresses]"
                    : note.Contains("source: no addresses", StringComparison.Ordinal) ? " [source without addresses]" : "";
                // The class: family, direction, IP protocol, which end has no addresses, and the two verdicts (the flows are listed per class).
                string protocol = flow.Fact.IPProtocol == 6 ? "tcp" : "udp";
                string others = string.Join(", ", c.Ruleset.OtherPlaces());
                where += others.Length == 0 ? "" : $" [rules also at {others}]";
                disagreements.Add(new Disagreement($"{c.Format} {Direction(c.Egress)} {protocol}{(where.Length == 0 ? " [addresses given]" : where)}: audit {Name(audited.Verdict)}, kernel {Name(kernel)}", key, audited.Verdict, kernel, null));
            }
        }
        return new CaseResult(flows, disagreements, probes.Count, run, null);
    }

    /// <summary>The reason in an SWP2003 message ("... was not evaluated (REASON)..."), at most 160 characters.</summary>
    private static string Reason(string message)
    {
        const string Marker = "not evaluated (";
        int start = message.IndexOf(Marker, StringComparison.Ordinal);
        string reason = start < 0 ? message : message[(start + Marker.Length)..];
        int end = reason.IndexOf(')', StringComparison.Ordinal);
        reason = end < 0 ? reason : reason[..end];
        return reason.Length <= 160 ? reason : reason[..160] + "...";
    }

    /// <summary>
    /// The addresses of a flow's end: the deployment's, else (the manager as a source) the
    /// region's subnets, else every connectable address. Read from the public Deployment and
    /// Regions API: what a flow means, not how the audit models it.
    /// </summary>
    private static (IReadOnlyList<(uint First, uint Last)> Set, bool Any) PacketAddresses(Deployment deployment, Component component, bool asSource, bool managerAtVendor)
    {
        IPv4Network[] given = deployment.AddressesOf(component).ToArray();
        if (given.Length > 0)
        {
            return (AddressAtoms.Of(given), false);
        }
        if (asSource && component == Component.ServerWorkloadProtection && deployment.Region is { } region)
        {
            return (AddressAtoms.Of(Regions.Subnets(region).ToArray()), false);
        }
        if (!asSource && component == Component.ServerWorkloadProtection && managerAtVendor && KernelCase.VendorSubnets.Count > 0)
        {
            return (KernelCase.VendorSubnets, false);
        }
        return (AddressAtoms.Connectable, true);
    }

    private static string Name(AuditVerdict verdict) => verdict switch
    {
        AuditVerdict.Allowed => "allowed",
        AuditVerdict.PartlyAllowed => "partly-allowed",
        AuditVerdict.Blocked => "blocked",
        _ => "uncertain",
    };

    // ------------------------------------------------------------------ shrinking

    private static bool Persists(KernelCase c, KernelRuleset ruleset, Disagreement d, out CaseResult result)
    {
        result = Evaluate(c, ruleset, d.ReadError is null ? d.Flow : "(none)", ConfirmTimeoutMs);
        return d.ReadError is not null
            ? result.Disagreements.Any(x => x.Class == d.Class)
            : result.Flows.Any(f => f.Flow == d.Flow && f.AuditVerdict == d.AuditVerdict && f.KernelVerdict == d.KernelVerdict);
    }

    /// <summary>The smallest ruleset (halves, then quarters... then single rules dropped) that keeps the disagreement, as a reproducer.</summary>
    private static string Shrink(KernelCase c, Disagreement d)
    {
        KernelRuleset current = c.Ruleset;
        int original = current.RuleCount;
        if (!Persists(c, current, d, out CaseResult last))
        {
            return $"   seed {c.Seed}: NOT CONFIRMED when probed again with a {ConfirmTimeoutMs} ms time limit (a probe that timed out under load?)\n{Indent(current.Render())}";
        }
        int runs = 1;
        for (int chunk = Math.Max(1, current.RuleCount / 2); chunk >= 1; chunk /= 2)
        {
            bool removed;
            do
            {
                removed = false;
                var positions = current.Positions().ToList();
                for (int start = 0; start < positions.Count; start += chunk)
                {
                    var drop = positions.Skip(start).Take(chunk).ToHashSet();
                    KernelRuleset candidate = current.Without(drop);
                    runs++;
                    if (Persists(c, candidate, d, out CaseResult result))
                    {
                        (current, last, removed) = (candidate, result, true);
                        break;
                    }
                }
            }
            while (removed && runs < 400);
        }

        var text = new StringBuilder();
        text.Append(string.Create(CultureInfo.InvariantCulture, $"   seed {c.Seed} ({c.Format}, {Direction(c.Egress)} rules; shrunk from {original} to {current.RuleCount} random rule(s) in {runs} runs)\n"));
        text.Append("   audit: ").Append(c.Cli).Append('\n');
        if (d.ReadError is not null)
        {
            text.Append("   ").Append(last.ReadError ?? d.ReadError).Append('\n');
        }
        else
        {
            FlowResult flow = last.Flows.First(f => f.Flow == d.Flow);
            text.Append("   flow: ").Append(flow.Flow).Append(" (").Append(flow.Note).Append(")\n");
            text.Append("   audit says ").Append(Name(flow.AuditVerdict)).Append(", the kernel ").Append(Name(flow.KernelVerdict))
                .Append(string.Create(CultureInfo.InvariantCulture, $" ({flow.Probes.Count(p => flow.Run.Passed.Contains(p.Id))} of {flow.Probes.Count} probes passed)\n"));
            foreach (Probe probe in flow.Probes.OrderBy(p => flow.Run.Passed.Contains(p.Id)).Take(12))
            {
                text.Append("     ").Append(probe).Append(": ").Append(flow.Run.Outcome(probe)).Append('\n');
            }
            if (flow.Probes.Count > 12)
            {
                text.Append(string.Create(CultureInfo.InvariantCulture, $"     ... {flow.Probes.Count - 12} more\n"));
            }
        }
        text.Append("   --- ruleset as loaded ---\n").Append(Indent(current.Render()));
        text.Append("   --- print-back (the audit's input) ---\n").Append(Indent(PrintBack(c.Format, last.Run.PrintBack)));
        return text.ToString();
    }

    /// <summary>The print-back for a message: iptables-save without its date comments; nft's JSON as it is.</summary>
    private static string PrintBack(KernelFormat format, string printBack) => format == KernelFormat.Iptables
        ? string.Join('\n', printBack.Split('\n').Where(l => !l.StartsWith('#')))
        : printBack.Trim() + "\n";

    private static string Indent(string text) =>
        string.Join("", text.Split('\n').Where(l => l.Length > 0).Select(l => "     " + l + "\n"));
}
