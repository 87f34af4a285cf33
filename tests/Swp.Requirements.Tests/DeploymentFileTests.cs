using System;
using System.Linq;
using Swp.Requirements.Deployments;

namespace Swp.Requirements.Tests;

/// <summary>
/// This project's own deployment files (Deployments/**/*.swp.json), compiled by the generator
/// as a consumer's would be: the classes exist only if the build accepted the files.
/// </summary>
public class DeploymentFileTests
{
    [Fact]
    public void Frankfurt_holds_its_deployment_with_the_proxy_port()
    {
        Assert.Equal("frankfurt.swp.json", Frankfurt.FileName);
        Assert.Equal(Conditions.Relays | Conditions.Siem | Conditions.Bidirectional | Conditions.WebProxy, Frankfurt.Deployment.Conditions);
        Assert.Equal(Region.Germany, Frankfurt.Deployment.Region);

        // By hand from the page: through the proxy, agents and relays reach the proxy on its port, and
        // the proxy reaches the manager on 443; nothing goes straight from them to the manager.
        string[] toProxy = Frankfurt.Flows.Where(f => f.Destination == Component.WebProxy).Select(TableTests.Key).ToArray();
        Assert.Equal(["agent,web-proxy,3128,tcp,web-proxy", "relay,web-proxy,3128,tcp,relays+web-proxy"], toProxy);
        Assert.Equal([Component.AdministratorComputer, Component.WebProxy], Frankfurt.Flows.Where(f => f.Destination == Component.ServerWorkloadProtection).Select(f => f.Source));
        Assert.Contains(Frankfurt.Flows, f => f.Source == Component.ServerWorkloadProtection && f.Destination == Component.Agent && f.Port == 4118);
    }

    [Fact]
    public void Generated_flows_are_the_runtime_deployments_flows()
    {
        Deployment same = new Deployment(Conditions.Relays | Conditions.Siem | Conditions.Bidirectional, Region.Germany).WithNamedPort(NamedPort.Proxy, 3128);

        Assert.Equal(same.Flows.ToArray(), Frankfurt.Flows.ToArray());
        Assert.Equal(same.Flows.Count(), Frankfurt.Flows.Count());
    }

    [Fact]
    public void Scope_and_exclusions_are_listed_never_dropped()
    {
        Assert.Equal([Component.Relay], RelaysOnly.Scope.ToArray());
        ExcludedFlow excluded = Assert.Single(RelaysOnly.Excluded.ToArray());
        Assert.Equal("relay,siem-syslog-server,514,udp,relays+siem", TableTests.Key(excluded.Flow));
        Assert.Equal("The SIEM takes syslog over TLS only.", excluded.Reason);
        Assert.True(Frankfurt.Scope.IsEmpty);
        Assert.True(Frankfurt.Excluded.IsEmpty);
    }

    [Fact]
    public void Frankfurt_gives_its_addresses()
    {
        Assert.Equal(["10.20.5.10/32", "10.20.5.11/32"], Frankfurt.AddressesOf(Component.Relay).ToArray().Select(c => c.ToString()));
        Assert.Equal("10.0.0.10/32", Frankfurt.AddressesOf(Component.WebProxy)[0].ToString());
        Assert.Equal("10.30.0.5/32", Frankfurt.AddressesOf(Component.SiemSyslogServer)[0].ToString());
        Assert.True(Frankfurt.AddressesOf(Component.ActiveUpdate).IsEmpty);
    }

    [Fact]
    public void Files_with_the_same_name_in_two_folders_both_compile()
    {
        Assert.Equal(Region.Germany, EuProd.Deployment.Region);
        Assert.Equal(Conditions.Siem, EuProd.Deployment.Conditions);
        Assert.Equal(Region.Usa, UsProd.Deployment.Region);
        Assert.All(
            UsProd.Flows.Where(f => f.Destination == Component.ServerWorkloadProtection),
            f => Assert.Equal(8443, f.Port));
        Assert.Contains(UsProd.Flows, f => f.Source == Component.DataCenterGateway && f.Destination == Component.Vcenter);
    }

    [Fact]
    public void Generated_flows_allocate_nothing_to_read()
    {
        int sum = Frankfurt.Flows.Count();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            foreach (Flow flow in Frankfurt.Flows)
            {
                sum += flow.Port;
            }

            sum += Frankfurt.AddressesOf(Component.Agent).Length;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sum > 0);
    }
}
