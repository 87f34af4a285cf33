using System;
using System.IO;
using System.Linq;
using Swp.Requirements.Package.Tests.Infrastructure;
using Swp.Requirements.Tests;
using Xunit.Abstractions;

namespace Swp.Requirements.Package.Tests;

/// <summary>The swp-ports tool, installed from the feed as the README says, and run.</summary>
[Collection(PackageTestGroup.Name)]
public sealed class ToolTests(PackageFeed feed, ITestOutputHelper output)
{
    [Fact]
    public void Tool_installs_from_the_feed_prints_the_baseline_rules_and_checks_a_deployment_file()
    {
        string toolPath = Path.Combine(feed.Root, "tools");
        CommandResult install = feed.DotNet(feed.ToolSandboxDirectory,
            "tool", "install", PackageFeed.ToolId, "--tool-path", toolPath, "--add-source", feed.FeedDirectory, "--version", feed.Version);
        Assert.True(install.ExitCode == 0, install.Describe());
        string swpPorts = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "swp-ports.exe" : "swp-ports");

        CommandResult rules = feed.Exec(swpPorts, feed.ToolSandboxDirectory, "rules", "--format", "csv");

        Assert.True(rules.ExitCode == 0, rules.Describe());
        string[] lines = rules.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("source,destination,port,transport,protocol,condition", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, line => line.StartsWith("agent,server-workload-protection,443,tcp,https,", StringComparison.Ordinal));
        // The baseline is exactly the flows of the hand-written table that need no condition.
        string[] printed = lines.Skip(1).Select(line => string.Join(",", line.Split(',').Take(4)) + ",").Order(StringComparer.Ordinal).ToArray();
        string[] expected = SeedTable.Flows.Where(row => row.EndsWith(',')).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, printed);

        CommandResult lookup = feed.Exec(swpPorts, feed.ToolSandboxDirectory, "lookup", "3.69.198.70");
        Assert.True(lookup.ExitCode == 0, lookup.Describe());
        Assert.Contains("germany", lookup.Output, StringComparison.Ordinal);

        // `check` gives a deployment file's findings as the build does; exit 1 on an error.
        File.WriteAllText(Path.Combine(feed.ToolSandboxDirectory, "prod.swp.json"), DeploymentFiles.Good);
        File.WriteAllText(Path.Combine(feed.ToolSandboxDirectory, "broken.swp.json"), DeploymentFiles.WithoutAgentToManagerRule);
        CommandResult good = feed.Exec(swpPorts, feed.ToolSandboxDirectory, "check", "prod.swp.json");
        CommandResult broken = feed.Exec(swpPorts, feed.ToolSandboxDirectory, "check", "broken.swp.json");
        Assert.True(good.ExitCode == 0, good.Describe());
        Assert.True(broken.ExitCode == 1, broken.Describe());
        Assert.Matches(@"broken\.swp\.json\(\d+,\d+\): error SWP1010: ", broken.Output);
        output.WriteLine(feed.Timings);
    }
}
