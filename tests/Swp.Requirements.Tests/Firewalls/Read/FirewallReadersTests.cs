using System;
using System.Linq;
using Swp.Requirements.Firewalls;
using Swp.Requirements.Firewalls.Read;

namespace Swp.Requirements.Tests.Firewalls.Read;

/// <summary>The registry of export formats: one row per format, every ID once, an unknown ID never read as another format.</summary>
public class FirewallReadersTests
{
    [Fact]
    public void Every_format_is_listed_once_in_a_fixed_order()
    {
        // The formats of the first release keep their order; a new format may come anywhere.
        string[] first = ["iptables-save", "nftables", "aws", "azure"];
        Assert.Equal(first, FirewallReaders.Ids.Where(first.Contains));
        Assert.Equal(FirewallReaders.Ids, FirewallReaders.All.Select(f => f.Id));
        Assert.Equal(FirewallReaders.Ids.Length, FirewallReaders.Ids.Distinct(StringComparer.Ordinal).Count());

        // Every format class of the library has its row.
        Type[] formats = [.. typeof(FirewallFormat).Assembly.GetTypes().Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(FirewallFormat)))];
        Assert.Equal(formats.OrderBy(t => t.Name, StringComparer.Ordinal), FirewallReaders.All.Select(f => f.GetType()).OrderBy(t => t.Name, StringComparer.Ordinal));
        foreach (FirewallFormat format in FirewallReaders.All)
        {
            Assert.True(FirewallReaders.TryGet(format.Id, out FirewallFormat? found));
            Assert.Same(format, found);
            Assert.Equal(format.Id, format.ToString());
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("iptables")]
    [InlineData("AWS")]
    [InlineData("nftables ")]
    [InlineData("squid")]
    public void An_unknown_id_is_no_format(string? id)
    {
        Assert.False(FirewallReaders.TryGet(id, out FirewallFormat? format));
        Assert.Null(format);
    }

    [Theory]
    [InlineData("iptables-save", "Interfaces")]
    [InlineData("nftables", "Interfaces")]
    [InlineData("aws", "SecurityGroups")]
    [InlineData("azure", "VirtualNetwork")]
    public void Each_format_takes_only_its_inputs(string id, string input)
    {
        ReadInputs inputs = Enum.Parse<ReadInputs>(input);
        Assert.True(FirewallReaders.TryGet(id, out FirewallFormat? format));
        Assert.Equal(inputs, format.Inputs);
        var all = new ReadOptions { GroupIds = ["sg-1"], VirtualNetwork = Swp.Requirements.Coverage.IntervalSet.Empty, Interfaces = ["eth0"] };
        ArgumentException e = Assert.Throws<ArgumentException>(() => format.Read("x", "", all));
        Assert.Equal("options", e.ParamName);
        ReadInputs others = (ReadInputs.SecurityGroups | ReadInputs.VirtualNetwork | ReadInputs.Interfaces) & ~inputs;
        Assert.StartsWith($"The {id} reader does not take {others}.", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("iptables", "iptables-save")]
    [InlineData("nftables", "nftables")]
    [InlineData("windows", null)]
    [InlineData("aws-cloudformation", "aws")]
    [InlineData("terraform-aws", "aws")]
    [InlineData("azure", "azure")]
    [InlineData("azure-arm", "azure")]
    [InlineData("squid", null)]
    public void Each_dialect_is_read_back_by_a_format_there_is(string dialect, string? format)
    {
        Assert.True(FirewallRenderers.TryGet(dialect, out FirewallRenderer? renderer));
        Assert.Equal(format, renderer.Dialect.ReadBackFormat);
        Assert.All(FirewallRenderers.All.Select(r => r.Dialect.ReadBackFormat).OfType<string>(), id => Assert.True(FirewallReaders.TryGet(id, out _), id));
    }

    [Fact]
    public void The_exports_are_said_in_the_order_of_the_formats() =>
        Assert.Equal("iptables-save text, nft -j list ruleset JSON, aws ec2 describe-security-groups JSON, or az network nsg show JSON", FirewallReaders.Exports(", or "));
}
