using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Swp.Requirements.Benchmarks;

/// <summary>
/// The same queries, three implementations, one run. In each category the runtime-JSON baseline
/// (System.Text.Json + LINQ) is the baseline; "StartupIndex" is the best hand-written alternative
/// (frozen dictionaries built at start-up from the same parsed list); "Generated" is the
/// Swp.Requirements API over the tables compiled at build time. Every implementation computes the
/// same result, and <see cref="Verification"/> checks that they agree before anything is timed.
/// Start-up itself is not timed here (see the "Load" category and the --first-answer mode).
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class QueryBenchmarks
{
    // The inputs live in fields so that no call is folded to a constant.
    private readonly string _sourceId = "agent";
    private readonly Component _source = Component.Agent;
    private readonly string _destinationId = "server-workload-protection";
    private readonly Component _destination = Component.ServerWorkloadProtection;
    private readonly string _findSourceId = "agent";
    private readonly string _findDestinationId = "smart-protection-server";
    private readonly Component _findSource = Component.Agent;
    private readonly Component _findDestination = Component.SmartProtectionServer;
    private readonly int _findPort = 5275;
    private readonly string _findIpProtocolId = "tcp";
    private readonly IPProtocol _findIpProtocol = IPProtocol.Tcp;
    private readonly string _componentText = "smart-protection-server";
    private readonly string _addressText = "34.205.5.10"; // usa: the last of the twenty subnets in the spec's order

    private string _specPath = "";
    private RuntimeJsonSpec _json = null!;
    private StartupIndex _index = null!;
    private HashSet<string> _jsonDeployment = null!;
    private uint _indexDeployment;
    private Deployment _deployment;

    /// <summary>Loads the JSON once, builds the index, and checks that all three agree.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _specPath = RuntimeJsonSpec.FindSpecPath();
        _json = RuntimeJsonSpec.Load(_specPath);
        _index = new StartupIndex(_json);
        string[] conditions = ["relays", "siem"];
        _jsonDeployment = new HashSet<string>(conditions, StringComparer.Ordinal);
        _indexDeployment = _index.Mask(conditions);
        _deployment = new Deployment(Conditions.Relays | Conditions.Siem);
        Verification.Run(_json, _index, log: null);
    }

    // ---- Flows from a source (agent: 12 flows) ----

    /// <summary>LINQ Where over the list.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("1 FlowsFrom")]
    public (int, int) FlowsFrom_RuntimeJson() => _json.From(_sourceId);

    /// <summary>Frozen dictionary by source ID.</summary>
    [Benchmark, BenchmarkCategory("1 FlowsFrom")]
    public (int, int) FlowsFrom_StartupIndex() => _index.From(_sourceId);

    /// <summary>Flows.From: a span slice, summed.</summary>
    [Benchmark, BenchmarkCategory("1 FlowsFrom")]
    public (int, int) FlowsFrom_Generated() => GeneratedQueries.From(_source);

    /// <summary>Flows.From alone: the cost of the query without reading its 12 results.</summary>
    [Benchmark, BenchmarkCategory("1 FlowsFrom")]
    public int FlowsFrom_Generated_SliceOnly() => Flows.From(_source).Length;

    // ---- Flows to a destination (server-workload-protection: 5 flows) ----

    /// <summary>LINQ Where over the list.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("2 FlowsTo")]
    public (int, int) FlowsTo_RuntimeJson() => _json.To(_destinationId);

    /// <summary>Frozen dictionary by destination ID.</summary>
    [Benchmark, BenchmarkCategory("2 FlowsTo")]
    public (int, int) FlowsTo_StartupIndex() => _index.To(_destinationId);

    /// <summary>Flows.To: a span slice, summed.</summary>
    [Benchmark, BenchmarkCategory("2 FlowsTo")]
    public (int, int) FlowsTo_Generated() => GeneratedQueries.To(_destination);

    // ---- Find one flow (agent -> smart-protection-server 5275/tcp) ----

    /// <summary>LINQ FirstOrDefault over the list.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("3 FindFlow")]
    public int FindFlow_RuntimeJson() => _json.Find(_findSourceId, _findDestinationId, _findPort, _findIpProtocolId)?.Port ?? -1;

    /// <summary>Frozen dictionary keyed by (source, destination, port, IP protocol).</summary>
    [Benchmark, BenchmarkCategory("3 FindFlow")]
    public int FindFlow_StartupIndex() => _index.Find(_findSourceId, _findDestinationId, _findPort, _findIpProtocolId)?.Port ?? -1;

    /// <summary>Flows.TryFind.</summary>
    [Benchmark, BenchmarkCategory("3 FindFlow")]
    public int FindFlow_Generated() =>
        Flows.TryFind(_findSource, _findDestination, _findPort, _findIpProtocol, out Flow flow) ? flow.Port : -1;

    // ---- Enumerate a deployment's flows (relays + siem: 21 of 48 flows) ----

    /// <summary>LINQ: flows whose conditions are all enabled (a HashSet of condition IDs).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("4 Deployment")]
    public (int, int) Deployment_RuntimeJson() => _json.Deployment(_jsonDeployment);

    /// <summary>Condition masks precomputed at start-up; one loop over the array.</summary>
    [Benchmark, BenchmarkCategory("4 Deployment")]
    public (int, int) Deployment_StartupIndex() => _index.Deployment(_indexDeployment);

    /// <summary>foreach over Deployment.Flows (struct enumerator).</summary>
    [Benchmark, BenchmarkCategory("4 Deployment")]
    public (int, int) Deployment_Generated() => GeneratedQueries.Deployment(_deployment);

    // ---- Parse a component ID (string -> component) ----

    /// <summary>LINQ FirstOrDefault over the component list.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("5 ParseId")]
    public ComponentDto? ParseId_RuntimeJson() => _json.ParseComponent(_componentText);

    /// <summary>Frozen dictionary by ID.</summary>
    [Benchmark, BenchmarkCategory("5 ParseId")]
    public ComponentDto? ParseId_StartupIndex() => _index.ParseComponent(_componentText);

    /// <summary>The generated SwpIds.TryParse (a compiled switch).</summary>
    [Benchmark, BenchmarkCategory("5 ParseId")]
    public int ParseId_Generated() => SwpIds.TryParseComponent(_componentText, out Component component) ? (int)component : -1;

    // ---- Region of an IPv4 address given as text ----

    /// <summary>IPAddress.Parse, then LINQ FirstOrDefault over the regions with IPNetwork.Contains.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("6 RegionFromText")]
    public string? RegionFromText_RuntimeJson() => _json.RegionOf(_addressText);

    /// <summary>IPAddress.Parse + IPNetwork.Contains over an array of the twenty subnets.</summary>
    [Benchmark, BenchmarkCategory("6 RegionFromText")]
    public string? RegionFromText_StartupIndex() => _index.RegionOf(_addressText);

    /// <summary>Regions.TryFind(text): strict dotted-quad parse + nine mask compares.</summary>
    [Benchmark, BenchmarkCategory("6 RegionFromText")]
    public int RegionFromText_Generated() => Regions.TryFind(_addressText, out Region region) ? (int)region : -1;

    // ---- Start-up work, warm (in a process that has already run it once) ----

    /// <summary>Read, deserialise and expand the JSON file.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("7 LoadWarm")]
    public int LoadWarm_RuntimeJson() => RuntimeJsonSpec.Load(_specPath).Flows.Count;

    /// <summary>The same, then build every index.</summary>
    [Benchmark, BenchmarkCategory("7 LoadWarm")]
    public StartupIndex LoadWarm_StartupIndex() => new(RuntimeJsonSpec.Load(_specPath));
}
