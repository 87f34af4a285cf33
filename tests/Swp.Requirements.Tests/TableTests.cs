using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Swp.Requirements.Tests;

/// <summary>The compiled table against <see cref="SeedTable"/>, written by hand from the vendor's page.</summary>
public class TableTests
{
    internal static string Key(Flow flow) => string.Join(
        ",",
        flow.Source.ToId(),
        flow.Destination.ToId(),
        flow.Port.ToString(CultureInfo.InvariantCulture),
        flow.IPProtocol.ToId(),
        string.Join("+", SwpIds.FormatConditions(flow.Conditions).Split('+', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)));

    [Fact]
    public void Every_seed_row_is_in_the_table_and_nothing_else()
    {
        string[] compiled = Flows.All.ToArray().Select(Key).ToArray();

        Assert.Equal(SeedTable.Flows.Concat(SeedTable.ProxyFlows).Order(StringComparer.Ordinal), compiled.Order(StringComparer.Ordinal));
        Assert.Equal(51, compiled.Length);
        Assert.Equal(compiled.Length, compiled.Distinct().Count());
    }

    [Fact]
    public void Region_subnets_are_the_current_pages_subnets()
    {
        var compiled = Regions.All.ToArray().SelectMany(r => Regions.Subnets(r).ToArray().Select(n => (r.ToId(), n.ToString()))).ToArray();

        Assert.Equal(VendorPages.Subnets, compiled);
        Assert.Equal(20, compiled.Length);
    }

    [Fact]
    public void Only_the_proxy_replaces_flows()
    {
        string[] replaced = Flows.All.ToArray().Where(f => f.ReplacedBy != Conditions.None)
            .Select(f => $"{f.Source.ToId()},{f.Destination.ToId()},{f.Port.ToString(CultureInfo.InvariantCulture)}").ToArray();

        Assert.Equal(SeedTable.ReplacedByProxy, replaced);
        Assert.All(Flows.All.ToArray().Where(f => f.ReplacedBy != Conditions.None), f => Assert.Equal(Conditions.WebProxy, f.ReplacedBy));
    }

    [Fact]
    public void Domain_names_are_the_current_pages_names()
    {
        var compiled = Domains.All.ToArray()
            .SelectMany(d => d.IsForAllRegions ? [(d.Name, "all", string.Join(" ", d.Cidrs.ToArray()))] : d.Regions.ToArray().Select(r => (d.Name, r.ToId(), Cidrs(d, r))))
            .Order().ToArray();

        Assert.Equal(VendorPages.Domains.Order(), compiled);
    }

    [Fact]
    public void Domains_for_a_region_are_the_all_region_names_then_its_own()
    {
        string[] germany = Domains.For(Region.Germany).ToArray().Select(d => d.Name).ToArray();
        string[] expected = VendorPages.Domains.Where(d => d.Region == "all").Select(d => d.Domain)
            .Concat(VendorPages.Domains.Where(d => d.Region == "germany").Select(d => d.Domain)).ToArray();

        Assert.Equal(expected.Order(StringComparer.Ordinal), germany.Order(StringComparer.Ordinal));
        Assert.Contains("workload.de-1.cloudone.trendmicro.com", germany);
        Assert.DoesNotContain("workload.us-1.cloudone.trendmicro.com", germany);
    }

    // The CIDRs the vendor ties a name to in one region: a name filed under two regions (the gb-1
    // agents names, under Germany and the UK) carries each region's own pair.
    private static string Cidrs(DomainName domain, Region region)
    {
        var own = domain.Cidrs.ToArray().Where(c => Regions.Subnets(region).ToArray().Contains(c)).ToArray();
        return string.Join(" ", own.Length > 0 || domain.Regions.Length == 1 ? (own.Length > 0 ? own : domain.Cidrs.ToArray()) : []);
    }

    [Theory]
    [InlineData("administrator-computer", 3)]
    [InlineData("server-workload-protection", 4)]
    [InlineData("agent", 13)]
    [InlineData("relay", 17)]
    [InlineData("web-proxy", 1)]
    [InlineData("data-center-gateway", 8)]
    [InlineData("service-gateway", 4)]
    [InlineData("api-client", 1)]
    [InlineData("dns-server", 0)]
    public void From_returns_the_source_groups_of_the_page(string source, int count)
    {
        ReadOnlySpan<Flow> flows = Flows.From(SwpIds.ParseComponent(source));

        Assert.Equal(count, flows.Length);
        Assert.Equal(SeedTable.Flows.Concat(SeedTable.ProxyFlows).Where(f => f.StartsWith(source + ",", StringComparison.Ordinal)).Order(StringComparer.Ordinal),
                     flows.ToArray().Select(Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void To_the_manager_lists_every_source_that_reaches_it_on_443()
    {
        Component[] sources = Flows.To(Component.ServerWorkloadProtection).ToArray().Select(f => f.Source).ToArray();

        Assert.Equal(
            [Component.AdministratorComputer, Component.Agent, Component.Relay, Component.DataCenterGateway, Component.ApiClient, Component.WebProxy],
            sources);
        Assert.All(Flows.To(Component.ServerWorkloadProtection).ToArray(), f => Assert.Equal((443, IPProtocol.Tcp), (f.Port, f.IPProtocol)));
    }

    [Fact]
    public void OnPort_finds_ldap_on_both_ip_protocols_and_nothing_on_an_unused_port()
    {
        Flow[] ldap = Flows.OnPort(389).ToArray();

        Assert.Equal([IPProtocol.Tcp, IPProtocol.Udp], ldap.Select(f => f.IPProtocol));
        Assert.All(ldap, f => Assert.Equal((Component.DataCenterGateway, Component.ActiveDirectory, ApplicationProtocol.Ldap), (f.Source, f.Destination, f.ApplicationProtocol)));
        Assert.True(Flows.OnPort(22).IsEmpty);
        Assert.Throws<ArgumentOutOfRangeException>(() => Flows.OnPort(0).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => Flows.OnPort(65536).Length);
    }

    [Fact]
    public void TryFind_finds_the_syslog_flow_on_udp_only()
    {
        Assert.True(Flows.TryFind(Component.Agent, Component.SiemSyslogServer, 514, IPProtocol.Udp, out Flow syslog));
        Assert.Equal(ApplicationProtocol.Syslog, syslog.ApplicationProtocol);
        Assert.Equal(Conditions.Siem, syslog.Conditions);
        Assert.False(Flows.TryFind(Component.Agent, Component.SiemSyslogServer, 514, IPProtocol.Tcp, out _));
        Assert.False(Flows.TryFind((Component)200, Component.SiemSyslogServer, 514, IPProtocol.Udp, out _));
    }

    [Fact]
    public void The_relay_localhost_port_is_host_local_and_the_only_one()
    {
        Flow[] hostLocal = Flows.All.ToArray().Where(f => f.IsHostLocal).ToArray();

        Flow only = Assert.Single(hostLocal);
        Assert.Equal((Component.Relay, Component.Localhost, 4123), (only.Source, only.Destination, only.Port));
        Assert.Equal(Conditions.Relays | Conditions.RelayLocalhostPort, only.Conditions);
    }

    [Fact]
    public void Relays_carry_every_agent_flow()
    {
        var relay = Flows.From(Component.Relay).ToArray().Select(f => (f.Destination, f.Port, f.IPProtocol)).ToHashSet();

        Assert.All(Flows.From(Component.Agent).ToArray(), f => Assert.Contains((f.Destination, f.Port, f.IPProtocol), relay));
        Assert.All(Flows.From(Component.Relay).ToArray(), f => Assert.True(f.Conditions.HasFlag(Conditions.Relays)));
    }

    [Fact]
    public void Spec_info_names_the_vendor_page_and_notes_cover_the_page_notes()
    {
        Assert.Equal("Server & Workload Protection Port numbers", SpecInfo.SourceTitle);
        Assert.Matches(@"^\d+\.\d+\.\d+$", SpecInfo.Version);
        string[] ids = SpecInfo.Notes.ToArray().Select(n => n.Id).ToArray();
        Assert.Contains("replies", ids);
        Assert.Contains("ephemeral-source-ports", ids);
        Assert.Contains("dynamic-manager-addresses", ids);
        Assert.Contains("configurable-ports", ids);
        Assert.Contains("host-local", ids);
        Assert.Contains("smart-protection-server-ports", ids);
    }

    [Fact]
    public void Unknown_enum_values_are_argument_errors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Flows.From((Component)200).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => Flows.To((Component)200).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => Regions.Subnets((Region)200));
        Assert.Throws<ArgumentOutOfRangeException>(() => ((Component)200).ToId());
    }
}
