using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Swp.Requirements.Generators.Tests.Infrastructure;

/// <summary>Assertions about the diagnostics of deployment files (<c>SWP1xxx</c>).</summary>
internal static class DeploymentFaults
{
    /// <summary>Asserts the run generated exactly the class <paramref name="name"/>, with no flow, and that it compiles.</summary>
    public static void AssertEmptyClass(GeneratorRun run, string name)
    {
        GeneratedSourceResult source = Assert.Single(run.Sources);
        Assert.Equal($"Deployments.{name}.g.cs", source.HintName);
        Assert.DoesNotContain("new global::Swp.Requirements.Flow(", source.SourceText.ToString(), System.StringComparison.Ordinal);
        Harness.AssertCompilesCleanly(run.OutputCompilation);
    }

    /// <summary>Runs the generator on one file (by default <c>deploy/prod.swp.json</c>) and asserts the run itself went well.</summary>
    public static GeneratorRun Run(Marked file, string? path = null)
    {
        GeneratorRun run = DeploymentHarness.Run(file.Text, path);
        AssertRanCleanly(run);
        return run;
    }

    /// <summary>No exception, nothing from the driver (CS8785, AD0001, ...), only SWP1xxx, and never SWP0999.</summary>
    public static void AssertRanCleanly(GeneratorRun run)
    {
        Assert.Null(run.Exception);
        Assert.All(run.AllRunDiagnostics, d => Assert.StartsWith("SWP1", d.Id, StringComparison.Ordinal));
    }

    /// <summary>
    /// Asserts the file gives exactly one diagnostic: the ID, the severity, the file, the marker's
    /// line and column, and the whole message.
    /// </summary>
    public static GeneratorRun AssertSingle(Marked file, string id, string message, DiagnosticSeverity severity = DiagnosticSeverity.Error)
    {
        GeneratorRun run = Run(file);
        Assert.True(run.Diagnostics.Length == 1, "expected one diagnostic, got:\n" + string.Join("\n", run.Diagnostics));
        AssertAt(run.Diagnostics[0], file, file.Offset, id, message, severity);
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
}
