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

        // The other additional files (firewall exports a deployment file may name, e.g. through the
        // package's SwpFirewall items): path and text only, so editing a .cs file re-reads nothing.
        IncrementalValueProvider<ImmutableArray<FirewallText>> firewalls = context.AdditionalTextsProvider
            .Where(static file => !DeploymentNaming.IsDeploymentFile(file.Path)
                && !string.Equals(System.IO.Path.GetFileName(file.Path), RequirementsGenerator.SpecFileName, StringComparison.OrdinalIgnoreCase))
            .Select(static (file, ct) => new FirewallText(file.Path, file.GetText(ct)?.ToString()))
            .Collect();
        IncrementalValuesProvider<DeploymentResult> results = files
            .Combine(firewalls)
            .Select(static (pair, ct) => DeploymentCompiler.Compile(pair.Left.Path, pair.Left.GetText(ct)?.ToString(), EmbeddedSpec.Result.Spec, pair.Right, ct))
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
