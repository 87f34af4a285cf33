using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Swp.Requirements.Deployments;
using Swp.Requirements.Generators.Deployments;
using Swp.Requirements.Specs;

namespace Swp.Requirements.Generators.Tests.Infrastructure;

/// <summary>
/// Runs <see cref="DeploymentGenerator"/> the way a consumer's build does: over a project that
/// references the built Swp.Requirements library (the runtime sources and the tables the
/// <see cref="RequirementsGenerator"/> makes of the real spec, compiled once to an in-memory
/// assembly), so the generated deployment classes can only use the library's public members.
/// </summary>
internal static class DeploymentHarness
{
    private static readonly Lazy<byte[]> s_libraryImage = new(EmitLibrary);

    private static readonly Lazy<CSharpCompilation> s_consumer = new(() =>
        CSharpCompilation.Create("Consumer", [], [.. Harness.References, MetadataReference.CreateFromImage(LibraryImage)], Harness.CompilationOptions));

    /// <summary>The usual place of a consumer's deployment file: <c>deploy/prod.swp.json</c> under the repository.</summary>
    public static string ProdPath { get; } = PathOf("deploy/prod.swp.json");

    /// <summary>The repository's complete, valid deployment file.</summary>
    public static string FrankfurtPath { get; } = Path.Combine(Repo.Root, "tests", "Swp.Requirements.Tests", "Deployments", "frankfurt.swp.json");

    /// <summary>Its text (File.ReadAllText drops a BOM, as Roslyn does).</summary>
    public static string FrankfurtText { get; } = File.ReadAllText(FrankfurtPath);

    /// <summary>The Swp.Requirements assembly as a consumer references it: compiled from src/ and the real spec's tables.</summary>
    public static byte[] LibraryImage => s_libraryImage.Value;

    /// <summary>A consumer project with no source of its own, referencing the library.</summary>
    public static CSharpCompilation ConsumerCompilation => s_consumer.Value;

    /// <summary>The spec the generator checks deployment files against (the one embedded in it).</summary>
    public static RequirementSpec Spec => EmbeddedSpec.Result.Spec ?? throw new InvalidOperationException("the embedded spec did not compile");

    /// <summary>An absolute path under the repository from a '/'-separated relative one.</summary>
    public static string PathOf(string relative) => Path.Combine([Repo.Root, .. relative.Split('/')]);

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> additionalTexts, GeneratorDriverOptions options = default) =>
        CSharpGeneratorDriver.Create(
            generators: [new DeploymentGenerator().AsSourceGenerator()],
            additionalTexts: additionalTexts,
            parseOptions: Harness.ParseOptions,
            driverOptions: options);

    /// <summary>Runs a fresh driver over one deployment file, by default <see cref="ProdPath"/>.</summary>
    public static GeneratorRun Run(string text, string? path = null) => Run([new InMemoryAdditionalText(path ?? ProdPath, text)]);

    /// <summary>Runs a fresh driver over the given files (path, text).</summary>
    public static GeneratorRun Run(params (string Path, string Text)[] files) =>
        Run(files.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)));

    /// <summary>Runs a fresh driver over the given additional files and, by default, the bare consumer project.</summary>
    public static GeneratorRun Run(IEnumerable<AdditionalText> additionalTexts, CSharpCompilation? compilation = null)
    {
        GeneratorDriver driver = CreateDriver(additionalTexts)
            .RunGeneratorsAndUpdateCompilation(compilation ?? ConsumerCompilation, out Compilation output, out ImmutableArray<Diagnostic> driverDiagnostics);
        GeneratorDriverRunResult runResult = driver.GetRunResult();
        return new GeneratorRun(runResult.Results.Single(), runResult.Diagnostics, output, driverDiagnostics);
    }

    /// <summary>The resolved deployment straight from the compiler of deployment files (no Roslyn involved).</summary>
    public static DeploymentResult Compile(string text, string? path = null) =>
        DeploymentCompiler.Compile(path ?? ProdPath, text, Spec, default);

    /// <summary>The consumer project with one more source file of its own.</summary>
    public static CSharpCompilation ConsumerWith(string source) =>
        ConsumerCompilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(source, Harness.ParseOptions, "Consumer.cs"));

    /// <summary>
    /// Emits a compilation of the consumer (generated classes and its own code), loads it next to
    /// the library in a throw-away load context, and returns what a public static method returns.
    /// </summary>
    public static object? Execute(Compilation compilation, string typeName, string methodName)
    {
        using var pe = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = compilation.Emit(pe);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var context = new LibraryLoadContext();
        try
        {
            pe.Position = 0;
            Assembly consumer = context.LoadFromStream(pe);
            MethodInfo method = consumer.GetType(typeName, throwOnError: true)!.GetMethod(methodName, BindingFlags.Public | BindingFlags.Static)!;
            return method.Invoke(null, null);
        }
        finally
        {
            context.Unload();
        }
    }

    private static byte[] EmitLibrary()
    {
        GeneratorRun run = Harness.Run(Repo.SpecText);
        Assert.Empty(run.AllRunDiagnostics);
        using var pe = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = run.OutputCompilation.Emit(pe);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return pe.ToArray();
    }

    /// <summary>Resolves "Swp.Requirements" to the in-memory library; everything else comes from the shared framework.</summary>
    private sealed class LibraryLoadContext() : AssemblyLoadContext("consumer", isCollectible: true)
    {
        private Assembly? _library;

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (assemblyName.Name != "Swp.Requirements")
            {
                return null;
            }

            using var image = new MemoryStream(LibraryImage);
            return _library ??= LoadFromStream(image);
        }
    }
}
