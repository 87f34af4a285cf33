using System;
using System.Net;

namespace Swp.Requirements.Tests;

public class Ipv4Tests
{
    [Theory]
    [InlineData("0.0.0.0", 0u)]
    [InlineData("3.69.198.64", 0x0345C640u)]
    [InlineData("255.255.255.255", 0xFFFFFFFFu)]
    public void Strict_dotted_quads_parse(string text, uint expected)
    {
        Assert.True(IPv4Network.TryParseAddress(text, out uint value));
        Assert.Equal(expected, value);
        Assert.Equal(text, IPv4Network.FormatAddress(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("010.0.0.1")]
    [InlineData("10.0.0.01")]
    [InlineData("10.1")]
    [InlineData("10.0.1")]
    [InlineData("167772161")]
    [InlineData("10.0.0.256")]
    [InlineData("10.0.0.1000")]
    [InlineData("10.0.0.1.")]
    [InlineData(".10.0.0.1")]
    [InlineData("10..0.1")]
    [InlineData(" 10.0.0.1")]
    [InlineData("10.0.0.1 ")]
    [InlineData("0x0A.0.0.1")]
    [InlineData("10.0.0.-1")]
    [InlineData("::1")]
    public void Anything_else_is_refused(string text)
    {
        Assert.False(IPv4Network.TryParseAddress(text, out _));
        Assert.NotNull(IPv4Network.ExplainAddress(text));
    }

    [Theory]
    [InlineData("10.20.0.0/16")]
    [InlineData("0.0.0.0/0")]
    [InlineData("10.20.5.10/32")]
    public void Cidrs_round_trip(string text)
    {
        Assert.Equal(text, IPv4Network.Parse(text).ToString());
    }

    [Theory]
    [InlineData("10.20.0.1/16", "host bits")]
    [InlineData("10.20.0.0/33", "greater than 32")]
    [InlineData("10.20.0.0/016", "leading zero")]
    [InlineData("10.20.0.0/027", "leading zero")]
    [InlineData("10.20.0.0/16 ", "no decimal prefix")]
    [InlineData("10.20.0.0/100", "greater than 32")]
    [InlineData("10.20.0.0/08", "leading zero")]
    [InlineData("10.20.0.0", "no decimal prefix")]
    [InlineData("10.20.0.0/", "no decimal prefix")]
    [InlineData("10.20/16", "four decimal octets")]
    [InlineData("010.20.0.0/16", "leading zero")]
    public void Bad_cidrs_say_why(string text, string reason)
    {
        FormatException error = Assert.Throws<FormatException>(() => IPv4Network.Parse(text));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.False(IPv4Network.TryParse(text, out _));
    }

    [Fact]
    public void Constructor_refuses_host_bits_and_bad_prefixes()
    {
        Assert.Throws<ArgumentException>(() => new IPv4Network(0x0A140001u, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IPv4Network(0, 33));
        Assert.Equal(0x0A14FFFFu, new IPv4Network(0x0A140000u, 16).LastAddress);
    }

    [Theory]
    [MemberData(nameof(SeedTable.SubnetEdges), MemberType = typeof(SeedTable))]
    public void Both_edges_of_every_subnet_are_in_their_region(string address, string region)
    {
        Assert.True(Regions.TryFind(address, out Region found));
        Assert.Equal(region, found.ToId());
        Assert.True(Regions.TryFind(IPAddress.Parse(address), out found));
        Assert.Equal(region, found.ToId());
        Assert.True(Regions.TryFind(IPAddress.Parse(address).MapToIPv6(), out found));
        Assert.Equal(region, found.ToId());
    }

    [Theory]
    [InlineData("3.26.127.95")]
    [InlineData("3.26.127.128")]
    [InlineData("3.69.198.63")]
    [InlineData("3.69.198.96")]
    [InlineData("13.214.14.255")]
    [InlineData("13.214.15.32")]
    [InlineData("3.140.136.223")]
    [InlineData("3.140.137.0")]
    [InlineData("10.0.0.1")]
    public void Just_outside_the_subnets_is_no_region(string address)
    {
        Assert.False(Regions.TryFind(address, out _));
        Assert.False(Regions.TryFind(IPAddress.Parse(address), out _));
    }

    [Fact]
    public void Ipv6_addresses_are_no_region()
    {
        Assert.False(Regions.TryFind(IPAddress.IPv6Loopback, out _));
        Assert.Throws<ArgumentNullException>(() => Regions.TryFind((IPAddress)null!, out _));
    }
}
