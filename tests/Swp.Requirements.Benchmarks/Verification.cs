using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Swp.Requirements.Benchmarks;

/// <summary>
/// Checks, before anything is timed, that the three implementations answer every benchmarked
/// query alike, over every input (not only the benchmarked one), and that the runtime-JSON
/// expansion yields exactly the generated table. A benchmark of wrong code proves nothing.
/// </summary>
public static class Verification
{
    /// <summary>Throws <see cref="InvalidOperationException"/> at the first disagreement.</summary>
    public static void Run(RuntimeJsonSpec json, StartupIndex index, TextWriter? log)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(index);

        // The whole table: the JSON expansion equals the generated flows, field by field.
        List<string> fromJson = [.. json.Flows.Select(f => Describe(json, f)).Order(StringComparer.Ordinal)];
        List<string> generated = [.. Flows.All.ToArray().Select(Describe).Order(StringComparer.Ordinal)];
        Check(fromJson.SequenceEqual(generated), "the runtime-JSON expansion differs from the generated table:\n  json only: "
            + string.Join("\n  ", fromJson.Except(generated)) + "\n  generated only: " + string.Join("\n  ", generated.Except(fromJson)));
        log?.WriteLine($"table: {generated.Count} flows, identical in the runtime-JSON expansion and the generated table");

        // Flows from / to every component.
        foreach (string id in json.Components.Select(c => c.Id))
        {
            Component component = SwpIds.ParseComponent(id);
            Same($"from {id}", json.From(id), index.From(id), GeneratedQueries.From(component));
            Same($"to {id}", json.To(id), index.To(id), GeneratedQueries.To(component));
        }

        // Find every flow, and one that does not exist.
        foreach (Flow flow in Flows.All)
        {
            (string s, string d, int p, string ip) = (flow.Source.ToId(), flow.Destination.ToId(), flow.Port, flow.IPProtocol.ToId());
            Same($"find {flow}", json.Find(s, d, p, ip)?.Port ?? -1, index.Find(s, d, p, ip)?.Port ?? -1,
                Flows.TryFind(flow.Source, flow.Destination, p, flow.IPProtocol, out Flow found) ? found.Port : -1);
        }

        Same("find a missing flow", json.Find("agent", "vcenter", 443, "tcp") is null, index.Find("agent", "vcenter", 443, "tcp") is null,
            !Flows.TryFind(Component.Agent, Component.Vcenter, 443, IPProtocol.Tcp, out _));

        // Deployments: none, each condition alone, relays + siem, relays + web-proxy, all of them.
        // web-proxy + relays: the direct agent and relay flows to the manager are replaced (unless).
        List<string[]> deployments = [[], .. json.Conditions.Select(c => new[] { c }), ["relays", "siem"], ["relays", "web-proxy"], [.. json.Conditions]];
        foreach (string[] conditions in deployments)
        {
            Conditions flags = Conditions.None;
            foreach (string c in conditions)
            {
                flags |= SwpIds.ParseCondition(c);
            }

            var deployment = new Deployment(flags);
            (int count, int sum) = GeneratedQueries.Deployment(deployment);
            Same($"deployment {string.Join('+', conditions)}", json.Deployment(conditions.ToHashSet(StringComparer.Ordinal)),
                index.Deployment(index.Mask(conditions)), (count, sum));
            Check(count == deployment.Flows.Count(), "DeploymentFlows.Count disagrees with its enumerator");
            if (conditions is ["relays", "siem"])
            {
                log?.WriteLine($"deployment relays+siem: {count} of {Flows.All.Length} flows");
            }
        }

        // Parse every component ID, and an unknown one.
        foreach (string id in json.Components.Select(c => c.Id).Append("agents").Append("Agent"))
        {
            string? parsed = SwpIds.TryParseComponent(id, out Component c) ? c.ToId() : null;
            Same($"parse {id}", json.ParseComponent(id)?.Id, index.ParseComponent(id)?.Id, parsed);
        }

        // Region of the first, a middle and the last address of each subnet, and of neighbours outside.
        var addresses = new List<string> { "3.69.198.70", "8.8.8.8", "0.0.0.0", "255.255.255.255" };
        foreach (Region region in Regions.All)
        {
            foreach (IPv4Network subnet in Regions.Subnets(region))
            {
                foreach (uint a in new[] { subnet.NetworkAddress - 1, subnet.NetworkAddress, subnet.NetworkAddress + 7, subnet.LastAddress, subnet.LastAddress + 1 })
                {
                    addresses.Add(IPv4Network.FormatAddress(a));
                }
            }
        }

        foreach (string address in addresses)
        {
            string? generatedRegion = Regions.TryFind(address, out Region r) ? r.ToId() : null;
            Same($"region of {address}", json.RegionOf(address), index.RegionOf(address), generatedRegion);
        }

        log?.WriteLine($"queries: from/to {json.Components.Count} components, find {Flows.All.Length + 1} flows, "
            + $"{deployments.Count} deployments, {json.Components.Count + 2} IDs, {addresses.Count} addresses: all three implementations agree");
    }

    private static string Describe(RuntimeJsonSpec json, JsonFlow f) =>
        string.Join('|', f.Source, f.Destination, f.Port, f.IPProtocol, f.ApplicationProtocol,
            string.Join('+', json.Conditions.Where(f.Conditions.Contains)), string.Join('+', json.Conditions.Where(f.Unless.Contains)), f.HostLocal, f.Note);

    private static string Describe(Flow f) =>
        string.Join('|', f.Source.ToId(), f.Destination.ToId(), f.Port, f.IPProtocol.ToId(), f.ApplicationProtocol.ToId(),
            SwpIds.FormatConditions(f.Conditions), SwpIds.FormatConditions(f.ReplacedBy), f.IsHostLocal, f.Note);

    private static void Same<T>(string what, T json, T index, T generated)
    {
        Check(EqualityComparer<T>.Default.Equals(json, index) && EqualityComparer<T>.Default.Equals(json, generated),
            $"{what}: runtime JSON {json}, start-up index {index}, generated {generated}");
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Verification failed: " + message);
        }
    }
}
