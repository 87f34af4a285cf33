using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Swp.Requirements.Generators.Tests.Infrastructure;

/// <summary>Assertions about the diagnostics of deployment files (<c>SWP1xxx</c>).</summary>
internal static class DeploymentFaults
{
    /// <summary>
    /// The generated deployment of a file that could not be read as a deployment: no condition, no
    /// region, and nothing chained after it (no changed port, no address).
    /// </summary>
    public const string EmptyDeployment = "s_deployment = new global::Swp.Requirements.Deployment((global::Swp.Requirements.Conditions)0x0u, null);";

    /// <summary>Asserts a generated class holds the empty deployment: no condition, region, changed port, address, scope or exclusion.</summary>
    public static void AssertEmptyDeployment(string classText)
    {
        Assert.Contains(EmptyDeployment, classText, StringComparison.Ordinal);
        Assert.Contains("s_scope = new global::Swp.Requirements.Component[] {  };", classText, StringComparison.Ordinal);
        Assert.DoesNotContain("new global::Swp.Requirements.ExcludedFlow(", classText, StringComparison.Ordinal);
    }

    /// <summary>Asserts the run generated exactly the class <paramref name="name"/>, with the empty deployment (so no flow but the baseline's), and that it compiles.</summary>
    public static void AssertEmptyClass(GeneratorRun run, string name)
    {
        GeneratedSourceResult source = Assert.Single(run.Sources);
        Assert.Equal($"Deployments.{name}.g.cs", source.HintName);
        AssertEmptyDeployment(source.SourceText.ToString());
        Harness.AssertCompilesCleanly(run.OutputCompilation);
    }

    /// <summary>Runs the generator on one file (by default <c>deploy/prod.swp.json</c>) and asserts the run itself went well.</summary>
    public static GeneratorRun Run(Marked file, string? path = null)
    {
        GeneratorRun run = DeploymentHarness.Run(file.Text, path);
        AssertRanCleanly(run);
        return run;
    }

    /// <summary>No exception, nothing from the driver (CS8785, AD0001, ...), only SWP1xxx (and the audit's SWP2xxx), and never SWP0999.</summary>
    public static void AssertRanCleanly(GeneratorRun run)
    {
        Assert.Null(run.Exception);
        Assert.All(run.AllRunDiagnostics, d => Assert.True(d.Id.StartsWith("SWP1", StringComparison.Ordinal) || d.Id.StartsWith("SWP2", StringComparison.Ordinal), d.ToString()));
    }

    /// <summary>
    /// The summary every deployment file that is a JSON object gets (info): SWP1018 when it has no
    /// <c>allow</c> (nothing checked), SWP1022 when its rules were checked (how many flows, how many allowed).
    /// </summary>
    public static readonly string[] SummaryIds = ["SWP1018", "SWP1022"];

    /// <summary>Every diagnostic but the summary (<see cref="SummaryIds"/>), in order.</summary>
    public static Diagnostic[] Findings(GeneratorRun run) => [.. run.Diagnostics.Where(d => !SummaryIds.Contains(d.Id))];

    /// <summary>The IDs of <see cref="Findings"/>, in order.</summary>
    public static string[] FindingIds(GeneratorRun run) => [.. Findings(run).Select(d => d.Id)];

    /// <summary>
    /// The summary's message: asserts a file that is a JSON object has exactly one summary, at the
    /// <c>allow</c> property (SWP1022) or at the file's start (SWP1018), as info; null for a file
    /// that is not an object, or that has no <c>allow</c> but names firewall exports (their audit,
    /// SWP2xxx, or the reason it could not run, SWP1023/SWP1024, says what was checked).
    /// </summary>
    public static string? Summary(GeneratorRun run)
    {
        Diagnostic[] summaries = [.. run.Diagnostics.Where(d => SummaryIds.Contains(d.Id))];
        bool notAnObject = run.Diagnostics.Any(d => d.Id == "SWP1001" || (d.Id == "SWP1005" && Message(d).StartsWith("'the deployment'", StringComparison.Ordinal)));
        if (notAnObject)
        {
            Assert.Empty(summaries);
            return null;
        }

        bool firewalls = run.Diagnostics.Any(d => d.Id is "SWP1023" or "SWP1024" || d.Id.StartsWith("SWP2", StringComparison.Ordinal));
        if (firewalls && summaries.Length == 0)
        {
            return null;
        }

        Diagnostic summary = Assert.Single(summaries);
        Assert.Equal(DiagnosticSeverity.Info, summary.Severity);
        return Message(summary);
    }

    /// <summary>
    /// Asserts the file has no finding (no error, warning or other info) and that its summary says
    /// every flow evaluated was allowed (or, without <c>allow</c>, that nothing was checked);
    /// returns the summary's message.
    /// </summary>
    public static string AssertClean(GeneratorRun run)
    {
        AssertRanCleanly(run);
        Assert.True(Findings(run).Length == 0, "expected no finding, got:\n" + string.Join("\n", Findings(run).Select(d => d.ToString())));
        string summary = Summary(run)!;
        if (summary.StartsWith("Rules checked: ", StringComparison.Ordinal))
        {
            (int evaluated, int allowed) = Counts(summary);
            Assert.True(evaluated > 0 && evaluated == allowed, summary);
        }

        return summary;
    }

    /// <summary>The first two numbers of an SWP1022 summary: the flows evaluated and the flows allowed.</summary>
    public static (int Evaluated, int Allowed) Counts(string summary)
    {
        System.Text.RegularExpressions.Match m = System.Text.RegularExpressions.Regex.Match(summary, @"^Rules checked: (\d+) required flow\(s\) evaluated, (\d+) allowed;");
        Assert.True(m.Success, summary);
        return (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>The SWP1022 message for these counts, as the generator writes it.</summary>
    public static string SummaryText(int evaluated, int allowed, int excluded = 0, int outOfScope = 0, int hostOnly = 0) =>
        FormattableString.Invariant($"Rules checked: {evaluated} required flow(s) evaluated, {allowed} allowed; {excluded} excluded, {outOfScope} out of scope, {hostOnly} host-only (not checked)");

    /// <summary>
    /// Asserts the file gives exactly one finding besides its summary: the ID, the severity, the
    /// file, the marker's line and column, and the whole message.
    /// </summary>
    public static GeneratorRun AssertSingle(Marked file, string id, string message, DiagnosticSeverity severity = DiagnosticSeverity.Error)
    {
        GeneratorRun run = Run(file);
        Diagnostic[] findings = Findings(run);
        Assert.True(findings.Length == 1, "expected one finding, got:\n" + string.Join("\n", run.Diagnostics));
        AssertAt(findings[0], file, file.Offset, id, message, severity);
        Summary(run);
        return run;
    }

    /// <summary>Asserts one diagnostic's ID, severity, file, line and column (from the offset), and whole message.</summary>
    public static void AssertAt(Diagnostic diagnostic, Marked file, int offset, string id, string message, DiagnosticSeverity severity = DiagnosticSeverity.Error, string? path = null)
    {
        Faults.AssertAt(diagnostic, file.Text, offset, id, null, path ?? DeploymentHarness.ProdPath, severity);
        Assert.Equal(message, Message(diagnostic));
    }

    public static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(CultureInfo.InvariantCulture);

    /// <summary>The flows that SWP1010 reports as not allowed, as the message names them (<c>agent -> dns-server 53/udp (dns)</c>).</summary>
    public static List<string> UncoveredFlows(GeneratorRun run) =>
    [
        .. run.Diagnostics.Where(d => d.Id == "SWP1010").Select(d =>
        {
            const string Start = "Required flow ";
            string message = Message(d);
            Assert.StartsWith(Start, message, StringComparison.Ordinal);
            return message[Start.Length..message.IndexOf(" is not allowed", StringComparison.Ordinal)];
        }),
    ];

    /// <summary>The flows that SWP1019 reports as partly allowed, with what is left: (<c>agent -> dns-server 53/udp (dns)</c>, <c>from 10.2.0.0/16 to any address</c>).</summary>
    public static List<(string Flow, string Remainder)> PartlyAllowedFlows(GeneratorRun run) =>
    [
        .. run.Diagnostics.Where(d => d.Id == "SWP1019").Select(d =>
        {
            const string Start = "Required flow ";
            const string Middle = " is only partly allowed: nothing allows it ";
            string message = Message(d);
            Assert.StartsWith(Start, message, StringComparison.Ordinal);
            int middle = message.IndexOf(Middle, StringComparison.Ordinal);
            return (message[Start.Length..middle], message[(middle + Middle.Length)..]);
        }),
    ];
}
