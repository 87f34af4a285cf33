using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Swp.Requirements.Deployments;
using Swp.Requirements.Generators.Deployments;
using Swp.Requirements.Diagnostics;
using Swp.Requirements.Generators.Diagnostics;
using Swp.Requirements.Generators.Emitting;
using Swp.Requirements.Specs;

namespace Swp.Requirements.Generators;

/// <summary>
/// Checks a consumer's deployment files (AdditionalFiles named <c>*.swp.json</c>) against the
/// built-in requirements spec, reports every fault at its line and column (<c>SWP1xxx</c>), and
/// emits one class per file in <c>Swp.Requirements.Deployments</c> holding the deployment's
/// resolved flows. Each file is parsed, checked and emitted on its own: one bad file never
/// removes another's output, editing a .cs file re-parses nothing, and editing one of a thousand
/// files re-checks and re-emits that file's class only. Class names depend on the set of file
/// paths alone (names that clash take their folder's name), so only the paths are collected;
/// each file's diagnostics are reported with its class, so an edit reports one file's again.
/// A file is combined only with the firewall exports its <c>firewalls</c> entries name, and only
/// those are read: editing any other additional file re-checks no deployment, and editing an
/// export re-checks the deployments that name it.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DeploymentGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<AdditionalText> files = context.AdditionalTextsProvider
            .Where(static file => DeploymentNaming.IsDeploymentFile(file.Path))
            .WithTrackingName(TrackingNames.DeploymentFiles);

        // Each file's text and the firewall exports it names ("firewalls" paths, relative to its
        // folder): read once per edit of the file, so an edit elsewhere parses nothing again.
        IncrementalValuesProvider<DeploymentSource> sources = files
            .Select(static (file, ct) => DeploymentSource.Read(file.Path, file.GetText(ct)?.ToString(), ct))
            .WithTrackingName(TrackingNames.DeploymentSources);

        // The other additional files (firewall exports a deployment file may name, e.g. through the
        // package's SwpFirewall items), unread: only the ones a deployment file names are read, so
        // editing any other file (or a .cs file) leaves every deployment's inputs equal, its result cached.
        IncrementalValueProvider<ImmutableArray<AdditionalText>> others = context.AdditionalTextsProvider
            .Where(static file => !DeploymentNaming.IsDeploymentFile(file.Path)
                && !string.Equals(System.IO.Path.GetFileName(file.Path), RequirementsGenerator.SpecFileName, StringComparison.OrdinalIgnoreCase))
            .Collect();
        IncrementalValuesProvider<DeploymentInput> inputs = sources
            .Combine(others)
            .Select(static (pair, ct) => new DeploymentInput(pair.Left, NamedExports(pair.Left, pair.Right, ct)))
            .WithTrackingName(TrackingNames.DeploymentExports);
        IncrementalValuesProvider<DeploymentResult> results = inputs
            .Select(static (input, ct) => DeploymentCompiler.Compile(input.Source.Path, input.Source.Text, EmbeddedSpec.Result.Spec, input.Exports, ct))
            .WithTrackingName(TrackingNames.DeploymentResults);

        // The paths only: an edit of a file's text leaves them, and so every class name, unchanged.
        IncrementalValueProvider<ClassNameMap> names = files
            .Select(static (file, _) => file.Path)
            .WithTrackingName(TrackingNames.DeploymentPaths)
            .Collect()
            .Select(static (paths, _) => ClassNameMap.Create(paths))
            .WithTrackingName(TrackingNames.DeploymentClassNames);

        IncrementalValuesProvider<(DeploymentResult Result, string ClassName)> outputs = results
            .Combine(names)
            .Select(static (pair, _) => (pair.Left, pair.Right.NameOf(pair.Left.Path)))
            .WithTrackingName(TrackingNames.DeploymentOutputs);

        // One output per file: its diagnostics and its class. Roslyn replays a Cached file's
        // diagnostics and source without calling Emit, so an edit reports the edited file's
        // diagnostics again and no other file's. The host lists them in input order; within a
        // file they come in the checker's order.
        context.RegisterSourceOutput(outputs, static (spc, output) => Emit(spc, output.Result, output.ClassName));
    }

    /// <summary>
    /// The additional files a deployment file's <c>firewalls</c> entries name, in input order, with
    /// their text: each file whose path is the entry's, ordinally or ignoring case (the checker picks
    /// the first ordinal match, else the first match ignoring case, as it does among all files).
    /// </summary>
    private static EquatableArray<FirewallText> NamedExports(DeploymentSource source, ImmutableArray<AdditionalText> others, System.Threading.CancellationToken cancellationToken)
    {
        if (source.Exports.Count == 0)
        {
            return EquatableArray<FirewallText>.Empty;
        }

        var named = new System.Collections.Generic.List<FirewallText>();
        foreach (AdditionalText file in others)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string path = DeploymentChecker.Normalize(file.Path);
            if (source.Exports.Any(wanted => string.Equals(wanted, path, StringComparison.OrdinalIgnoreCase)))
            {
                named.Add(new FirewallText(file.Path, file.GetText(cancellationToken)?.ToString()));
            }
        }

        return named.ToEquatableArray();
    }

    private static void Emit(SourceProductionContext context, DeploymentResult result, string className)
    {
        foreach (DiagnosticInfo diagnostic in result.Diagnostics)
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic());
        }

        // A file that is not a JSON object still gets its (empty) class, so code that uses the
        // class compiles and the file's own diagnostics are the only errors the user sees.
        // The embedded spec is compiled only here: a project without deployment files never pays for it.
        if (EmbeddedSpec.Result.Spec is { } spec)
        {
            DeploymentModel model = result.Model ?? DeploymentModel.Empty(System.IO.Path.GetFileName(result.Path));
            context.AddSource($"Deployments.{className}.g.cs", SourceText.From(DeploymentEmitter.Emit(spec, model, className), System.Text.Encoding.UTF8));
        }
    }
}

/// <summary>
/// A deployment file's path and text, and the paths (normalised, see
/// <see cref="DeploymentChecker.Normalize"/>) of the firewall exports its <c>firewalls</c> entries name.
/// </summary>
internal sealed record DeploymentSource(string Path, string? Text, EquatableArray<string> Exports)
{
    /// <summary>Reads the <c>firewalls</c> paths of a file; none when it cannot be parsed (its compile reports why). Never throws, except to honour cancellation.</summary>
    public static DeploymentSource Read(string path, string? text, System.Threading.CancellationToken cancellationToken)
    {
        if (text is null)
        {
            return new DeploymentSource(path, text, EquatableArray<string>.Empty);
        }

        try
        {
            DeploymentDocument? document = DeploymentParser.Parse(text, new DiagnosticBag(path), cancellationToken);
            string folder = System.IO.Path.GetDirectoryName(path) ?? "";
            return new DeploymentSource(path, text, (document?.Firewalls ?? [])
                .Select(f => DeploymentChecker.Normalize(System.IO.Path.IsPathRooted(f.Path.Value) ? f.Path.Value : System.IO.Path.Combine(folder, f.Path.Value)))
                .Distinct(StringComparer.Ordinal)
                .ToEquatableArray());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new DeploymentSource(path, text, EquatableArray<string>.Empty);
        }
    }
}

/// <summary>A deployment file and the firewall exports it names, with their text: all its compile reads.</summary>
internal sealed record DeploymentInput(DeploymentSource Source, EquatableArray<FirewallText> Exports);
