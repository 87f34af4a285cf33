using Swp.Requirements.Firewalls.Tests.Render.Behaviour;

namespace Swp.Requirements.Firewalls.Tests.Render;

/// <summary>
/// Golden files of the outputs the common cases do not show: nftables into the host's table
/// (<c>--into "inet filter"</c>) and squid from the web proxy's own point of view (its clients as
/// <c>src</c>), both for the README's example deployment, as the behaviour tests apply them.
/// </summary>
public class RenderVariantGoldenTests
{
    [Fact]
    public void NftablesIntoTheHostsTableMatchesTheGoldenFile() =>
        Golden.Check("nftables", "readme-relay-into-inet-filter",
            new NftablesRenderer { IntoTable = "inet filter" }.Render(FirewallPolicy.Create(ReadmeDeployment.For(Component.Relay), Component.Relay)));

    [Fact]
    public void SquidForTheWebProxyMatchesTheGoldenFile() =>
        Golden.Check("squid", "readme-web-proxy",
            new SquidRenderer().Render(FirewallPolicy.Create(ReadmeDeployment.For(Component.WebProxy), Component.WebProxy)));
}
