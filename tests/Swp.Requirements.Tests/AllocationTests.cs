using System;
using System.Net;

namespace Swp.Requirements.Tests;

/// <summary>
/// The query API allocates nothing, measured with <see cref="GC.GetAllocatedBytesForCurrentThread"/>
/// around many calls (after one warm-up call, which runs the static initialisers).
/// </summary>
public class AllocationTests
{
    private static long Allocated(Action action)
    {
        action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            action();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static int s_sink;

    [Fact]
    public void Span_queries_allocate_nothing() => Assert.Equal(0, Allocated(() =>
    {
        s_sink += Flows.All.Length + Flows.From(Component.Relay).Length + Flows.To(Component.ServerWorkloadProtection).Length + Flows.OnPort(443).Length;
        s_sink += Flows.TryFind(Component.Agent, Component.DnsServer, 53, IPProtocol.Udp, out Flow flow) ? flow.Port : 0;
    }));

    [Fact]
    public void Deployment_enumeration_allocates_nothing()
    {
        Deployment deployment = new Deployment(Conditions.Relays | Conditions.Siem, Region.Germany).WithPort(Component.ServerWorkloadProtection, 443, 1443);
        Assert.Equal(0, Allocated(() =>
        {
            foreach (Flow flow in deployment.Flows)
            {
                s_sink += flow.Port;
            }
        }));
    }

    [Fact]
    public void Id_conversions_allocate_nothing() => Assert.Equal(0, Allocated(() =>
    {
        s_sink += SwpIds.TryParseComponent("smart-protection-server".AsSpan(), out Component c) ? c.ToId().Length : 0;
        s_sink += SwpIds.TryParseConditions("relays".AsSpan(), out Conditions k) ? k.ToId().Length : 0;
        s_sink += SwpIds.TryParseRegion("germany".AsSpan(), out Region r) ? r.DisplayName().Length : 0;
    }));

    [Fact]
    public void Region_lookups_allocate_nothing()
    {
        IPAddress address = IPAddress.Parse("3.69.198.70");
        Assert.Equal(0, Allocated(() =>
        {
            s_sink += Regions.TryFind("3.69.198.70".AsSpan(), out Region a) ? (int)a : 0;
            s_sink += Regions.TryFind(0x0345C646u, out Region b) ? (int)b : 0;
            s_sink += Regions.TryFind(address, out Region c) ? (int)c : 0;
            s_sink += Regions.Subnets(Region.Japan)[0].Contains(0x234B8364u) ? 1 : 0;
            s_sink += Domains.For(Region.Germany).Length + Domains.All[0].Cidrs.Length;
        }));
    }
}
