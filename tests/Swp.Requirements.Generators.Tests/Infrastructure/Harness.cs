using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Swp.Requirements.Generators.Tests.Infrastructure;

/// <summary>
/// Runs <see cref="RequirementsGenerator"/> the way the compiler does, over a compilation made of
/// the real hand-written runtime sources (src/Swp.Requirements, read at test time), so that
/// "the output compiles" is checked against the types the generated code really uses.
/// </summary>
internal static class Harness
{
    /// <summary>C# latest, and doc comments parsed and checked, as GenerateDocumentationFile does.</summary>
    // The runtime sources are compiled as the library's net8.0 build compiles them (polyfills for
    // netstandard2.0 stay out, as they do there).
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose, preprocessorSymbols: ["NET", "NET5_0_OR_GREATER", "NET8_0_OR_GREATER", "NETCOREAPP", "NETCOREAPP3_0_OR_GREATER"]);

    /// <summary>Nullable on and every warning wave: the strictest the real build could be.</summary>
    public static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        warningLevel: 9999,
        deterministic: true);

    /// <summary>The hand-written runtime sources (bin/ and obj/ left out), parsed once.</summary>
    public static readonly ImmutableArray<SyntaxTree> RuntimeTrees = LoadRuntimeTrees();

    /// <summary>The shared framework's assemblies, taken from the trusted platform assemblies.</summary>
    public static readonly ImmutableArray<MetadataReference> References = LoadFrameworkReferences();

    /// <summary>The runtime library without its generated half; the generator fills it in.</summary>
    public static readonly CSharpCompilation RuntimeCompilation =
        CSharpCompilation.Create("Swp.Requirements", RuntimeTrees, References, CompilationOptions);

    /// <summary>The eight files the generator writes for a valid spec.</summary>
    public static readonly ImmutableArray<string> ExpectedHintNames =
    [
        "Component.g.cs", "ApplicationProtocol.g.cs", "Region.g.cs", "NamedPort.g.cs", "Conditions.g.cs", "SwpIds.g.cs", "FlowTable.g.cs", "SpecInfo.g.cs",
    ];

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> additionalTexts, GeneratorDriverOptions options = default) =>
        CSharpGeneratorDriver.Create(
            generators: [new RequirementsGenerator().AsSourceGenerator()],
            additionalTexts: additionalTexts,
            parseOptions: ParseOptions,
            driverOptions: options);

    /// <summary>Runs a fresh driver over one spec text.</summary>
    public static GeneratorRun Run(string specText, string? path = null) =>
        Run([new InMemoryAdditionalText(path ?? Repo.SpecPath, specText)]);

    /// <summary>Runs a fresh driver over the given additional files.</summary>
    public static GeneratorRun Run(IEnumerable<AdditionalText> additionalTexts)
    {
        GeneratorDriver driver = CreateDriver(additionalTexts)
            .RunGeneratorsAndUpdateCompilation(RuntimeCompilation, out Compilation output, out ImmutableArray<Diagnostic> driverDiagnostics);
        GeneratorDriverRunResult runResult = driver.GetRunResult();
        return new GeneratorRun(runResult.Results.Single(), runResult.Diagnostics, output, driverDiagnostics);
    }

    /// <summary>The warnings and errors of a compilation, CS1591 (missing XML comment) included.</summary>
    public static ImmutableArray<Diagnostic> Problems(Compilation compilation) =>
        [.. compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning)];

    /// <summary>Asserts a compilation has no warning and no error, and lists them all when it has.</summary>
    /// <param name="compilation">The generator's output compilation.</param>
    /// <param name="specLacksRuntimeMembers">
    /// True for a spec that is not the product's (a small hand-written one, a mutated one): the
    /// hand-written runtime code names some members (Component.Agent, ...), in code and in doc
    /// comments, and such a spec need not declare them, so CS0117 ("does not contain a
    /// definition") and CS1574 (a cref that cannot be resolved) in a runtime file are allowed.
    /// </param>
    public static void AssertCompilesCleanly(Compilation compilation, bool specLacksRuntimeMembers = false)
    {
        Diagnostic[] problems =
        [
            .. Problems(compilation).Where(d => !(specLacksRuntimeMembers && d.Id is "CS0117" or "CS1574" && IsRuntimeTree(d.Location.SourceTree))),
        ];
        Assert.True(problems.Length == 0, $"{problems.Length} problem(s):\n" + string.Join("\n", problems.Take(20)));
    }

    /// <summary>True for a tree parsed from the hand-written runtime sources.</summary>
    public static bool IsRuntimeTree(SyntaxTree? tree) => tree is not null && RuntimeTrees.Contains(tree);

    private static ImmutableArray<SyntaxTree> LoadRuntimeTrees()
    {
        string root = Repo.RuntimeSourceFolder;
        char[] separators = [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar];
        return
        [
            .. Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
                .Where(file =>
                {
                    string first = Path.GetRelativePath(root, file).Split(separators)[0];
                    return first is not ("bin" or "obj");
                })
                .Order(StringComparer.Ordinal)
                .Select(file => CSharpSyntaxTree.ParseText(
                    SourceText.From(File.ReadAllText(file), System.Text.Encoding.UTF8), ParseOptions, file)),
        ];
    }

    private static ImmutableArray<MetadataReference> LoadFrameworkReferences()
    {
        string tpa = (string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")
            ?? throw new InvalidOperationException("TRUSTED_PLATFORM_ASSEMBLIES is not set");
        // Only the shared framework (the folder of System.Private.CoreLib): the test's own
        // dependencies (Roslyn, xunit, the generator) are not the runtime library's references.
        string frameworkDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return
        [
            .. tpa.Split(Path.PathSeparator)
                .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
                            && string.Equals(Path.GetDirectoryName(p), frameworkDir, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)),
        ];
    }
}

/// <summary>What one generator run gave.</summary>
internal sealed record GeneratorRun(
    GeneratorRunResult Result,
    ImmutableArray<Diagnostic> RunDiagnostics,
    Compilation OutputCompilation,
    ImmutableArray<Diagnostic> DriverDiagnostics)
{
    /// <summary>The diagnostics the generator reported.</summary>
    public ImmutableArray<Diagnostic> Diagnostics => Result.Diagnostics;

    public ImmutableArray<GeneratedSourceResult> Sources => Result.GeneratedSources;

    public Exception? Exception => Result.Exception;

    /// <summary>Every diagnostic of the run itself: the generator's and the driver's (CS8785 when a generator throws).</summary>
    public IEnumerable<Diagnostic> AllRunDiagnostics => Diagnostics.Concat(RunDiagnostics).Concat(DriverDiagnostics);

    public string Source(string hintName) => Sources.Single(s => s.HintName == hintName).SourceText.ToString();
}
