using System;
using System.Linq;
using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Swp.Requirements.Tests;

/// <summary>Laws of the table and its queries, checked by FsCheck on random inputs.</summary>
public class LawTests
{
    private static readonly int ComponentCount = SwpIds.ComponentIds.Length;

    private static Component ComponentOf(byte b) => (Component)(b % ComponentCount);

    [Property]
    public bool Every_flow_From_returns_has_that_source(byte b)
    {
        Component source = ComponentOf(b);
        return Flows.From(source).ToArray().All(f => f.Source == source)
            && Flows.From(source).Length == Flows.All.ToArray().Count(f => f.Source == source);
    }

    [Property]
    public bool Every_flow_To_returns_has_that_destination(byte b)
    {
        Component destination = ComponentOf(b);
        return Flows.To(destination).ToArray().All(f => f.Destination == destination)
            && Flows.To(destination).Length == Flows.All.ToArray().Count(f => f.Destination == destination);
    }

    [Property]
    public bool OnPort_returns_exactly_the_flows_on_that_port(ushort raw)
    {
        int port = Math.Max(1, (int)raw);
        return Flows.OnPort(port).ToArray().OrderBy(TableTests.Key).SequenceEqual(Flows.All.ToArray().Where(f => f.Port == port).OrderBy(TableTests.Key));
    }

    [Property]
    public bool TryFind_agrees_with_a_scan(byte s, byte d, ushort port, bool tcp)
    {
        IPProtocol ip = tcp ? IPProtocol.Tcp : IPProtocol.Udp;
        Flow[] scan = Flows.All.ToArray().Where(f => f.Source == ComponentOf(s) && f.Destination == ComponentOf(d) && f.Port == port && f.IPProtocol == ip).ToArray();
        bool found = Flows.TryFind(ComponentOf(s), ComponentOf(d), port, ip, out Flow flow);
        return found == (scan.Length == 1) && (!found || flow == scan[0]);
    }

    // DoNotSize: every bit of the condition masks (FsCheck's sized uint stays at 100 or less, so
    // the higher conditions, web-proxy among them, would never be enabled).
    [Property]
    public bool Enabling_more_conditions_removes_only_the_flows_a_new_condition_replaces(DoNotSize<uint> a, DoNotSize<uint> b)
    {
        var fewer = new Deployment((Conditions)a.Item);
        var more = fewer.WithConditions((Conditions)b.Item);
        foreach (Flow flow in fewer.Flows)
        {
            // E.g. a web proxy replaces the agents' direct 443 to the manager.
            if (!more.Requires(flow) && (flow.ReplacedBy & more.Conditions) == 0)
            {
                return false;
            }
        }

        return true;
    }

    [Property]
    public bool A_flow_is_required_exactly_when_all_its_conditions_are_enabled_and_none_that_replaces_it(DoNotSize<uint> enabled)
    {
        var conditions = (Conditions)enabled.Item;
        var deployment = new Deployment(conditions);
        int expected = Flows.All.ToArray().Count(f => (f.Conditions & conditions) == f.Conditions && (f.ReplacedBy & conditions) == 0);
        return deployment.Flows.Count() == expected;
    }

    [Property(MaxTest = 500)]
    public bool Enumerating_a_deployment_gives_each_required_flow_once_with_its_port(DoNotSize<uint> enabled, byte[] changes)
    {
        // Port changes picked from real (destination, default port) pairs of the table, so they apply.
        Flow[] all = Flows.All.ToArray();
        var deployment = new Deployment((Conditions)enabled.Item);
        foreach (byte c in changes ?? [])
        {
            Flow target = all[c % all.Length];
            deployment = deployment.WithPort(target.Destination, target.DefaultPort, 1 + (c * 257 % 65535));
        }

        // The definition, by a scan: the table's order, Requires on each flow, PortOf for its port.
        var expected = all.Where(f => deployment.Requires(f)).Select(f => (f.Source, f.Destination, f.DefaultPort, deployment.PortOf(f), f.IPProtocol)).ToList();
        var actual = deployment.Flows.Select(f => (f.Source, f.Destination, f.DefaultPort, f.Port, f.IPProtocol)).ToList();
        return actual.SequenceEqual(expected);
    }

    [Property(MaxTest = 2000)]
    public bool Cidr_matching_agrees_with_IPNetwork(uint network, byte rawPrefix, uint address)
    {
        int prefix = rawPrefix % 33;
        var cidr = new IPv4Network(network & Ipv4CidrMask(prefix), prefix);
        var oracle = new IPNetwork(new IPAddress(Bytes(cidr.NetworkAddress)), prefix);

        // Half the cases: an address near the network, so both answers occur often.
        uint probe = (address & 1) == 0 ? address : cidr.NetworkAddress + (address % 64) - 32;
        return cidr.Contains(probe) == oracle.Contains(new IPAddress(Bytes(probe)))
            && cidr.ToString() == oracle.ToString();
    }

    [Property(MaxTest = 2000)]
    public bool Region_lookup_agrees_with_IPNetwork(byte regionByte, short offset)
    {
        Region region = Regions.All[regionByte % Regions.All.Length];
        ReadOnlySpan<IPv4Network> subnets = Regions.Subnets(region);
        uint probe = unchecked(subnets[Math.Abs(offset) % subnets.Length].NetworkAddress + (uint)(offset % 96));
        IPAddress address = new(Bytes(probe));
        Region[] oracle = Regions.All.ToArray().Where(r => Regions.Subnets(r).ToArray().Any(n => IPNetwork.Parse(n.ToString()).Contains(address))).ToArray();

        bool found = Regions.TryFind(address.ToString(), out Region ours);
        return found ? oracle.SequenceEqual([ours]) : oracle.Length == 0;
    }

    [Property(MaxTest = 1000)]
    public bool Canonical_text_parses_like_IPAddress(uint address)
    {
        string text = new IPAddress(Bytes(address)).ToString();
        return IPv4Network.TryParseAddress(text, out uint value) && value == address && IPv4Network.FormatAddress(value) == text;
    }

    [Property(MaxTest = 3000)]
    public Property Whatever_strict_parsing_accepts_IPAddress_reads_the_same()
    {
        Gen<string> text = Gen.Elements('0', '1', '2', '5', '9', '.', '.', 'x', '/')
            .ArrayOf()
            .Select(chars => new string(chars));
        return Prop.ForAll(text.ToArbitrary(), s =>
            !IPv4Network.TryParseAddress(s, out uint value)
            || (IPAddress.TryParse(s, out IPAddress? parsed) && parsed.GetAddressBytes().SequenceEqual(Bytes(value))));
    }

    [Property]
    public bool Component_ids_round_trip(byte b)
    {
        Component component = ComponentOf(b);
        return SwpIds.TryParseComponent(component.ToId(), out Component parsed) && parsed == component;
    }

    [Property]
    public bool Condition_region_and_protocol_ids_round_trip(byte b)
    {
        var condition = (Conditions)(1u << (b % SwpIds.ConditionIds.Length));
        Region region = Regions.All[b % Regions.All.Length];
        var protocol = (ApplicationProtocol)(b % SwpIds.ApplicationProtocolIds.Length);
        return SwpIds.TryParseConditions(condition.ToId(), out Conditions c) && c == condition
            && SwpIds.TryParseRegion(region.ToId(), out Region r) && r == region
            && SwpIds.TryParseApplicationProtocol(protocol.ToId(), out ApplicationProtocol p) && p == protocol;
    }

    [Property]
    public bool Unknown_ids_do_not_parse(string? text)
    {
        string id = text ?? "";
        bool known = SwpIds.ComponentIds.ToArray().Contains(id);
        return SwpIds.TryParseComponent(id, out Component _) == known;
    }

    private static uint Ipv4CidrMask(int prefix) => prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);

    private static byte[] Bytes(uint address) => [(byte)(address >> 24), (byte)(address >> 16), (byte)(address >> 8), (byte)address];
}
