using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Swp.Requirements.Generators;

namespace Swp.Requirements.Cli.Commands;

/// <summary>
/// <c>swp-ports check FILE...</c>: runs the very generator a build runs on deployment files and
/// prints its findings as a compiler would (<c>file(line,col): severity ID: message</c>).
/// </summary>
internal static class CheckCommand
{
    /// <summary>Exit code: a file could not be read.</summary>
    public const int Unreadable = 2;

    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("FILE") { Description = "Deployment files (*.swp.json) to check.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("check", """
            Checks deployment files (*.swp.json) exactly as the build does: every required flow that no allow rule covers, wrong IP protocols, manager-initiated rules open wider than the region subnet, unknown IDs, malformed addresses and ports. Prints file(line,col): severity ID: message. Exit code 0: no error (warnings allowed); 1: at least one error; 2: a file could not be read (the others are still checked).

            Examples:
              swp-ports check prod.swp.json
              swp-ports check deploy/*.swp.json
            """)
        {
            files,
        };
        command.SetAction(parse =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            var texts = new List<AdditionalText>();
            bool unreadable = false;
            foreach (FileInfo file in parse.GetValue(files) ?? [])
            {
                try
                {
                    texts.Add(new FileText(file.FullName, File.ReadAllText(file.FullName)));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    string why = Directory.Exists(file.FullName) ? "it is a folder, not a file" : e.Message;
                    parse.InvocationConfiguration.Error.WriteLine($"error: cannot read '{file.FullName}': {why}");
                    unreadable = true;
                }
            }

            ImmutableArray<Diagnostic> diagnostics = Run(texts);
            foreach (Diagnostic d in diagnostics)
            {
                output.WriteLine(Format(d));
            }

            int errors = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
            int warnings = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{texts.Count} file(s) checked: {errors} error(s), {warnings} warning(s)."));
            return unreadable ? Unreadable : errors > 0 ? 1 : 0;
        });
        return command;
    }

    /// <summary>Runs the deployment generator over the files and returns its diagnostics in file, line, column order.</summary>
    internal static ImmutableArray<Diagnostic> Run(IEnumerable<AdditionalText> files)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new DeploymentGenerator().AsSourceGenerator()],
            additionalTexts: files);
        CSharpCompilation compilation = CSharpCompilation.Create("swp-ports-check");
        ImmutableArray<Diagnostic> diagnostics = driver.RunGenerators(compilation, CancellationToken.None).GetRunResult().Diagnostics;
        return [.. diagnostics
            .OrderBy(d => d.Location.GetLineSpan().Path, StringComparer.Ordinal)
            .ThenBy(d => d.Location.GetLineSpan().StartLinePosition)];
    }

    /// <summary>E.g. <c>prod.swp.json(12,7): error SWP1006: Unknown condition 'relay': did you mean 'relays'?</c></summary>
    internal static string Format(Diagnostic diagnostic)
    {
        FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
        string severity = diagnostic.Severity.ToString().ToLowerInvariant();
        return string.Create(CultureInfo.InvariantCulture,
            $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {severity} {diagnostic.Id}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}");
    }

    private sealed class FileText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
