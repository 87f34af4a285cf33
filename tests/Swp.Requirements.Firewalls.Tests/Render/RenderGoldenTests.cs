using System.Collections.Generic;

namespace Swp.Requirements.Firewalls.Tests.Render;

/// <summary>Every dialect's output for every case, compared with its reviewed golden file.</summary>
public class RenderGoldenTests
{
    public static IEnumerable<object[]> FormatsAndCases() => Golden.FormatsAndCases();

    [Theory]
    [MemberData(nameof(FormatsAndCases))]
    public void OutputMatchesTheGoldenFile(string format, string name)
    {
        Assert.True(FirewallRenderers.TryGet(format, out FirewallRenderer? renderer));
        string output = renderer.Render(TestPolicies.Get(name));
        Golden.Check(format, name, output);
    }

    [Theory]
    [MemberData(nameof(FormatsAndCases))]
    public void OutputIsTheSameEveryTimeAndUsesOnlyLineFeeds(string format, string name)
    {
        Assert.True(FirewallRenderers.TryGet(format, out FirewallRenderer? renderer));
        string first = renderer.Render(TestPolicies.Get(name));
        string second = renderer.Render(TestPolicies.Get(name));
        Assert.Equal(first, second);
        Assert.DoesNotContain('\r', first);
        Assert.EndsWith("\n", first, System.StringComparison.Ordinal);
    }
}
