using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Swp.Requirements.Deployments;
using Swp.Requirements.Specs;
using Swp.Requirements.Generators.Tests.Infrastructure;

namespace Swp.Requirements.Generators.Tests;

/// <summary>
/// A deployment file is combined only with the firewall exports its <c>firewalls</c> entries name
/// (relative to its folder), and only those are read: editing another additional file or a .cs
/// file leaves every deployment's result and output cached, and editing an export re-runs the
/// deployment that names it and no other.
/// </summary>
public class DeploymentExportCachingTests
{
    private static readonly GeneratorDriverOptions s_tracking = new(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true);

    private static readonly IncrementalStepRunReason[] s_cachedOrUnchanged = [IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged];

    // Relays accept 4122 from agents; this NSG allows it from the VirtualNetwork tag only, so without
    // "vnet" the audit cannot evaluate the rule (SWP2003). Allowing 10.1.0.0/16 instead allows the agents.
    private const string Nsg = """
        {"securityRules": [
          {"name": "AllowAgents", "priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "Tcp",
           "sourceAddressPrefix": "VirtualNetwork", "destinationAddressPrefix": "*", "destinationPortRange": "4122"}
        ]}
        """;

    private static string Deployment(string exportPath) => """
        {
          "region": "germany",
          "conditions": ["relays"],
          "addresses": { "agent": "10.1.0.0/16", "relay": "10.1.5.10" },
          "firewalls": [
            { "path": "PATH", "format": "azure", "for": "relay" }
          ]
        }

        """.Replace("PATH", exportPath, StringComparison.Ordinal);

    private static readonly string s_east = DeploymentHarness.PathOf("deploy/east/relay.swp.json");
    private static readonly string s_west = DeploymentHarness.PathOf("deploy/west/relay.swp.json");
    private static readonly string s_eastExport = DeploymentHarness.PathOf("deploy/east/relay-nsg.json");
    private static readonly string s_westExport = DeploymentHarness.PathOf("deploy/shared/relay-nsg.json");
    private static readonly string s_unnamedExport = DeploymentHarness.PathOf("deploy/east/old-nsg.json");
    private static readonly string s_notes = DeploymentHarness.PathOf("deploy/notes.txt");

    /// <summary>East names relay-nsg.json beside it; west names ../shared/relay-nsg.json; Frankfurt names none; two files no one names.</summary>
    private static CountingText[] Files() =>
    [
        new(s_east, Deployment("relay-nsg.json")),
        new(s_west, Deployment("../shared/relay-nsg.json")),
        new(DeploymentHarness.FrankfurtPath, DeploymentHarness.FrankfurtText),
        new(s_eastExport, Nsg),
        new(s_westExport, Nsg),
        new(s_unnamedExport, Nsg),
        new(s_notes, "notes\n"),
    ];

    [Fact]
    public void Only_the_exports_a_deployment_names_are_read_and_combined_with_it()
    {
        CountingText[] files = Files();
        GeneratorRunResult result = DeploymentHarness.CreateDriver(files, s_tracking).RunGenerators(DeploymentHarness.ConsumerCompilation).GetRunResult().Results.Single();

        Dictionary<string, string[]> exports = CachingTests.Outputs(result, TrackingNames.DeploymentExports)
            .Select(o => (DeploymentInput)o.Value)
            .ToDictionary(i => i.Source.Path, i => i.Exports.Select(e => e.Path).ToArray());
        Assert.Equal([s_eastExport], exports[s_east]);
        Assert.Equal([s_westExport], exports[s_west]);
        Assert.Empty(exports[DeploymentHarness.FrankfurtPath]);
        Assert.All(CachingTests.Outputs(result, TrackingNames.DeploymentExports), o => Assert.Equal(IncrementalStepRunReason.New, o.Reason));

        // The files no deployment names are never read; the named ones are.
        Assert.Equal(0, files[5].Reads);
        Assert.Equal(0, files[6].Reads);
        Assert.True(files[3].Reads > 0 && files[4].Reads > 0);

        // Each deployment audits its export, where it stands: the rule from VirtualNetwork is not evaluated.
        Assert.Equal("SWP2003", Agents(result, s_eastExport));
        Assert.Equal("SWP2003", Agents(result, s_westExport));
        Assert.DoesNotContain(result.Diagnostics, d => d.Location.GetLineSpan().Path == s_unnamedExport);
    }

    [Fact]
    public void Editing_an_additional_file_no_deployment_names_leaves_every_deployment_cached()
    {
        CountingText[] files = Files();
        GeneratorDriver driver = DeploymentHarness.CreateDriver(files, s_tracking).RunGenerators(DeploymentHarness.ConsumerCompilation);
        GeneratorRunResult first = driver.GetRunResult().Results.Single();

        var notes = new CountingText(s_notes, "notes, edited\n");
        var unnamed = new CountingText(s_unnamedExport, Nsg.Replace("VirtualNetwork", "10.1.0.0/16", StringComparison.Ordinal));
        driver = driver.ReplaceAdditionalText(files[6], notes).ReplaceAdditionalText(files[5], unnamed).RunGenerators(DeploymentHarness.ConsumerCompilation);
        GeneratorRunResult second = driver.GetRunResult().Results.Single();

        AssertAllCached(second, 3);
        Assert.Equal(0, notes.Reads);
        Assert.Equal(0, unnamed.Reads);
        Assert.Equal(Texts(first), Texts(second));
        Assert.Equal(first.Diagnostics.Select(d => d.ToString()), second.Diagnostics.Select(d => d.ToString()));

        // Adding a file that no one names is no edit of any deployment either.
        var added = new CountingText(DeploymentHarness.PathOf("deploy/east/new-nsg.json"), Nsg);
        GeneratorRunResult third = driver.AddAdditionalTexts([added]).RunGenerators(DeploymentHarness.ConsumerCompilation).GetRunResult().Results.Single();
        AssertAllCached(third, 3);
        Assert.Equal(0, added.Reads);
    }

    [Fact]
    public void A_cs_edit_leaves_every_deployment_cached_and_reads_no_export_again()
    {
        CountingText[] files = Files();
        GeneratorDriver driver = DeploymentHarness.CreateDriver(files, s_tracking).RunGenerators(DeploymentHarness.ConsumerCompilation);
        int[] reads = [.. files.Select(f => f.Reads)];

        CSharpCompilation edited = DeploymentHarness.ConsumerCompilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Consumer;\n\ninternal static class Unrelated\n{\n}\n", Harness.ParseOptions));
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();
        AssertAllCached(second, 3);
        Assert.Equal(reads, files.Select(f => f.Reads));
    }

    [Fact]
    public void Editing_a_named_export_reruns_only_the_deployment_that_names_it()
    {
        CountingText[] files = Files();
        GeneratorDriver driver = DeploymentHarness.CreateDriver(files, s_tracking).RunGenerators(DeploymentHarness.ConsumerCompilation);
        Dictionary<string, string> before = Texts(driver.GetRunResult().Results.Single());

        // West's export now allows 4122 from the agents' network itself: its SWP2003 goes, east's stays.
        var edited = new CountingText(s_westExport, Nsg.Replace("\"VirtualNetwork\"", "\"10.1.0.0/16\"", StringComparison.Ordinal));
        GeneratorRunResult result = driver.ReplaceAdditionalText(files[4], edited).RunGenerators(DeploymentHarness.ConsumerCompilation).GetRunResult().Results.Single();

        ImmutableArray<(object Value, IncrementalStepRunReason Reason)> results = CachingTests.Outputs(result, TrackingNames.DeploymentResults);
        Assert.Equal(3, results.Length);
        Assert.Equal([s_west], results.Where(r => r.Reason == IncrementalStepRunReason.Modified).Select(r => ((DeploymentResult)r.Value).Path));
        Assert.All(results.Where(r => ((DeploymentResult)r.Value).Path != s_west), r => Assert.Contains(r.Reason, s_cachedOrUnchanged));
        Assert.All(CachingTests.Outputs(result, TrackingNames.DeploymentSources), o => Assert.Contains(o.Reason, s_cachedOrUnchanged));

        Assert.Equal("", Agents(result, s_westExport));
        Assert.Equal("SWP2003", Agents(result, s_eastExport));

        // The class holds the deployment's flows, not the audit: no generated text changes.
        Assert.Equal(before, Texts(result));
    }

    private static void AssertAllCached(GeneratorRunResult result, int deployments)
    {
        foreach (string step in new[] { TrackingNames.DeploymentSources, TrackingNames.DeploymentExports, TrackingNames.DeploymentResults })
        {
            ImmutableArray<(object Value, IncrementalStepRunReason Reason)> outputs = CachingTests.Outputs(result, step);
            Assert.Equal(deployments, outputs.Length);
            Assert.All(outputs, o => Assert.Contains(o.Reason, s_cachedOrUnchanged));
        }

        Assert.All(CachingTests.Outputs(result, TrackingNames.DeploymentResults), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        IncrementalGeneratorRunStep[] outputSteps = [.. result.TrackedOutputSteps.SelectMany(s => s.Value)];
        Assert.NotEmpty(outputSteps);
        Assert.All(outputSteps.SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    /// <summary>The IDs of the findings at an export about the agents' flow to the relay.</summary>
    private static string Agents(GeneratorRunResult result, string export) =>
        string.Join("\n", result.Diagnostics.Where(d => d.Location.GetLineSpan().Path == export && DeploymentFaults.Message(d).Contains("agent -> relay 4122/tcp", StringComparison.Ordinal)).Select(d => d.Id));

    private static Dictionary<string, string> Texts(GeneratorRunResult result) =>
        result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());

    /// <summary>An in-memory AdditionalFile that counts how often its text is read.</summary>
    private sealed class CountingText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text, Encoding.UTF8);

        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _reads);
            return _text;
        }
    }
}
