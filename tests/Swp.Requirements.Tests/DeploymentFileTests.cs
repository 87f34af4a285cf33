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
    public void Frankfurt_holds_the_flows_of_its_conditions_with_the_proxy_port()
    {
        Assert.Equal("frankfurt.swp.json", Frankfurt.FileName);
        Assert.Equal(Conditions.Relays | Conditions.Siem | Conditions.Bidirectional, Frankfurt.Deployment.Conditions);
        Assert.Equal(Region.Germany, Frankfurt.Deployment.Region);

        string[] expected = Flows.All.ToArray()
            .Where(f => Frankfurt.Deployment.Requires(f))
            .Select(f => (f.Source is Component.Agent or Component.Relay) && f.Destination == Component.ServerWorkloadProtection ? TableTests.Key(f).Replace(",443,", ",1443,", StringComparison.Ordinal) : TableTests.Key(f))
            .ToArray();
        Assert.Equal(expected, Frankfurt.Flows.ToArray().Select(TableTests.Key));
        Assert.Contains(Frankfurt.Flows.ToArray(), f => f.Source == Component.ServerWorkloadProtection && f.Destination == Component.Agent && f.Port == 4118);
    }

    [Fact]
    public void Generated_flows_match_the_runtime_deployment()
    {
        var runtime = new System.Collections.Generic.List<Flow>();
        foreach (Flow flow in Frankfurt.Deployment.Flows)
        {
            runtime.Add(flow);
        }

        Assert.Equal(runtime, Frankfurt.Flows.ToArray());
    }

    [Fact]
    public void Frankfurt_gives_its_addresses()
    {
        Assert.Equal(["10.20.5.10/32", "10.20.5.11/32"], Frankfurt.AddressesOf(Component.Relay).ToArray().Select(c => c.ToString()));
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
            UsProd.Flows.ToArray().Where(f => f.Destination == Component.ServerWorkloadProtection),
            f => Assert.Equal(8443, f.Port));
        Assert.Contains(UsProd.Flows.ToArray(), f => f.Source == Component.DataCenterGateway && f.Destination == Component.Vcenter);
    }

    [Fact]
    public void Generated_flows_allocate_nothing_to_read()
    {
        int sum = Frankfurt.Flows.Length;
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
