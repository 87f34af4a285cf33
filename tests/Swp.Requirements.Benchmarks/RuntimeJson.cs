using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json;

namespace Swp.Requirements.Benchmarks;

// Implementation 1, the baseline: what a user writes by hand without this library. Read
// spec/swp-requirements.json with System.Text.Json at start-up, expand the relay's inheritance
// and the optional components' conditions into a List of flow records, then answer every query
// with LINQ over that list. Nothing here is slowed down on purpose: it is the plain, idiomatic
// code (JsonSerializer + records + Where/FirstOrDefault).

/// <summary>One flow of the expanded table, as the runtime-JSON program keeps it.</summary>
public sealed record JsonFlow(
    string Source,
    string Destination,
    int Port,
    string IPProtocol,
    string ApplicationProtocol,
    IReadOnlyList<string> Conditions,
    IReadOnlyList<string> Unless,
    bool HostLocal,
    string? Note);

/// <summary>A region and its parsed subnets (spec 1.1.0: several per region).</summary>
public sealed record JsonRegion(string Id, IReadOnlyList<IPNetwork> Subnets);

/// <summary>The spec as the runtime-JSON program holds it after start-up.</summary>
public sealed class RuntimeJsonSpec
{
    private static readonly JsonSerializerOptions s_options = new(JsonSerializerDefaults.Web);

    private RuntimeJsonSpec(List<string> conditions, List<ComponentDto> components, List<JsonRegion> regions, List<JsonFlow> flows)
    {
        Conditions = conditions;
        Components = components;
        Regions = regions;
        Flows = flows;
    }

    /// <summary>Condition IDs in declaration order.</summary>
    public List<string> Conditions { get; }

    /// <summary>Components in declaration order.</summary>
    public List<ComponentDto> Components { get; }

    /// <summary>Regions in declaration order.</summary>
    public List<JsonRegion> Regions { get; }

    /// <summary>Every flow, relays expanded, component conditions applied.</summary>
    public List<JsonFlow> Flows { get; }

    /// <summary>Reads and expands the spec file.</summary>
    public static RuntimeJsonSpec Load(string path)
    {
        using FileStream stream = File.OpenRead(path);
        SpecDto spec = JsonSerializer.Deserialize<SpecDto>(stream, s_options)
            ?? throw new InvalidDataException($"{path} is empty.");

        Dictionary<string, ComponentDto> components = spec.Components.ToDictionary(c => c.Id);

        // One record per IP protocol.
        List<JsonFlow> own = spec.Flows
            .SelectMany(f => f.IpProtocols.Select(ip => new JsonFlow(
                f.Source, f.Destination, f.Port, ip, f.ApplicationProtocol,
                f.Conditions ?? [], f.Unless ?? [], components[f.Destination].HostLocal, f.Note)))
            .ToList();

        // Inheritance: a component gets every flow its ancestors start, unless it lists that
        // (destination, port, IP protocol) itself.
        var flows = new List<JsonFlow>(own);
        foreach (ComponentDto component in spec.Components.Where(c => c.Inherits is not null))
        {
            List<JsonFlow> mine = flows.Where(f => f.Source == component.Id).ToList();
            for (string? parent = component.Inherits; parent is not null && parent != component.Id; parent = components[parent].Inherits)
            {
                foreach (JsonFlow inherited in own.Where(f => f.Source == parent))
                {
                    if (!mine.Any(f => f.Destination == inherited.Destination && f.Port == inherited.Port && f.IPProtocol == inherited.IPProtocol))
                    {
                        JsonFlow copy = inherited with { Source = component.Id };
                        mine.Add(copy);
                        flows.Add(copy);
                    }
                }
            }
        }

        // A component that exists only under a condition puts that condition on its flows.
        flows = flows
            .Select(f => f with
            {
                Conditions = f.Conditions
                    .Concat(new[] { components[f.Source].Condition, components[f.Destination].Condition }.OfType<string>())
                    .Distinct()
                    .ToList(),
            })
            .ToList();

        List<JsonRegion> regions = spec.Regions.Select(r => new JsonRegion(r.Id, r.Cidrs.Select(IPNetwork.Parse).ToList())).ToList();
        return new RuntimeJsonSpec(
            spec.Conditions.Select(c => c.Id).ToList(),
            spec.Components.ToList(),
            regions,
            flows);
    }

    /// <summary>Finds spec/swp-requirements.json: next to the program, else up from the current directory.</summary>
    public static string FindSpecPath()
    {
        string beside = Path.Combine(AppContext.BaseDirectory, "spec", "swp-requirements.json");
        if (File.Exists(beside))
        {
            return beside;
        }

        for (DirectoryInfo? dir = new(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "spec", "swp-requirements.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("spec/swp-requirements.json was not found next to the program or above the current directory.");
    }

    // The queries, in LINQ, as a user writes them. Each sums the same things as the other
    // implementations: the number of flows and the sum of their ports.

    /// <summary>Flows from a source: count and port sum.</summary>
    public (int Count, int PortSum) From(string source)
    {
        int count = 0, sum = 0;
        foreach (JsonFlow flow in Flows.Where(f => f.Source == source))
        {
            count++;
            sum += flow.Port;
        }

        return (count, sum);
    }

    /// <summary>Flows to a destination: count and port sum.</summary>
    public (int Count, int PortSum) To(string destination)
    {
        int count = 0, sum = 0;
        foreach (JsonFlow flow in Flows.Where(f => f.Destination == destination))
        {
            count++;
            sum += flow.Port;
        }

        return (count, sum);
    }

    /// <summary>One flow by its key, or null.</summary>
    public JsonFlow? Find(string source, string destination, int port, string ipProtocol) =>
        Flows.FirstOrDefault(f => f.Source == source && f.Destination == destination && f.Port == port && f.IPProtocol == ipProtocol);

    /// <summary>
    /// The flows a deployment with these conditions needs: count and port sum. A flow is needed
    /// when all its conditions are enabled and none of its <c>unless</c> conditions is.
    /// </summary>
    public (int Count, int PortSum) Deployment(IReadOnlySet<string> enabled)
    {
        int count = 0, sum = 0;
        foreach (JsonFlow flow in Flows.Where(f => f.Conditions.All(enabled.Contains) && !f.Unless.Any(enabled.Contains)))
        {
            count++;
            sum += flow.Port;
        }

        return (count, sum);
    }

    /// <summary>The component with an ID, or null when the ID is unknown.</summary>
    public ComponentDto? ParseComponent(string id) => Components.FirstOrDefault(c => c.Id == id);

    /// <summary>The region whose subnet holds an address given as text, or null.</summary>
    public string? RegionOf(string address)
    {
        IPAddress ip = IPAddress.Parse(address);
        return Regions.FirstOrDefault(r => r.Subnets.Any(s => s.Contains(ip)))?.Id;
    }
}

// System.Text.Json's view of the file: only what the program uses (other properties are skipped).

/// <summary>The file's top level.</summary>
public sealed record SpecDto(
    IReadOnlyList<IdDto> Conditions,
    IReadOnlyList<ComponentDto> Components,
    IReadOnlyList<RegionDto> Regions,
    IReadOnlyList<FlowDto> Flows);

/// <summary>A declared ID (a condition).</summary>
public sealed record IdDto(string Id);

/// <summary>A component.</summary>
public sealed record ComponentDto(string Id, string? Condition, string? Inherits, bool HostLocal);

/// <summary>A region and its subnets.</summary>
public sealed record RegionDto(string Id, IReadOnlyList<string> Cidrs);

/// <summary>A row of the flow table, as written.</summary>
public sealed record FlowDto(
    string Source,
    string Destination,
    int Port,
    IReadOnlyList<string> IpProtocols,
    string ApplicationProtocol,
    IReadOnlyList<string>? Conditions,
    IReadOnlyList<string>? Unless,
    string? Note);
