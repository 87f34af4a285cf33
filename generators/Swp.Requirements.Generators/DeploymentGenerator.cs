using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Swp.Requirements.Generators.Deployments;
using Swp.Requirements.Generators.Diagnostics;
using Swp.Requirements.Generators.Emitting;
using Swp.Requirements.Generators.Model;

namespace Swp.Requirements.Generators;

/// <summary>
/// Checks a consumer's deployment files (AdditionalFiles named <c>*.swp.json</c>) against the
/// built-in requirements spec, reports every fault at its line and column (<c>SWP1xxx</c>), and
/// emits one class per file in <c>Swp.Requirements.Deployments</c> holding the deployment's
/// resolved flows. Each file is parsed and checked on its own, so one bad file never removes
/// another's output, and editing a .cs file re-parses nothing.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DeploymentGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // The other additional files (firewall exports a deployment file may name, e.g. through the
        // package's SwpFirewall items): path and text only, so editing a .cs file re-reads nothing.
        IncrementalValueProvider<ImmutableArray<FirewallText>> firewalls = context.AdditionalTextsProvider
            .Where(static file => !DeploymentNaming.IsDeploymentFile(file.Path)
                && !string.Equals(System.IO.Path.GetFileName(file.Path), RequirementsGenerator.SpecFileName, StringComparison.OrdinalIgnoreCase))
            .Select(static (file, ct) => new FirewallText(file.Path, file.GetText(ct)?.ToString()))
            .Collect();
        IncrementalValuesProvider<DeploymentResult> results = context.AdditionalTextsProvider
            .Where(static file => DeploymentNaming.IsDeploymentFile(file.Path))
            .WithTrackingName(TrackingNames.DeploymentFiles)
            .Combine(firewalls)
            .Select(static (pair, ct) => DeploymentCompiler.Compile(pair.Left.Path, pair.Left.GetText(ct)?.ToString(), EmbeddedSpec.Result.Spec, pair.Right, ct))
            .WithTrackingName(TrackingNames.DeploymentResults);

        context.RegisterSourceOutput(results.Collect(), static (spc, all) => Emit(spc, all));
    }

    private static void Emit(SourceProductionContext context, ImmutableArray<DeploymentResult> results)
    {
        if (results.IsEmpty)
        {
            return; // a project without deployment files never pays for compiling the embedded spec
        }

        DeploymentResult[] ordered = [.. results.OrderBy(r => r.Path, StringComparer.Ordinal)];
        string[] classNames = DeploymentNaming.ClassNames(ordered.Select(r => r.Path).ToArray());
        RequirementSpec? spec = EmbeddedSpec.Result.Spec;
        for (int i = 0; i < ordered.Length; i++)
        {
            foreach (DiagnosticInfo diagnostic in ordered[i].Diagnostics)
            {
                context.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            // A file that is not a JSON object still gets its (empty) class, so code that uses the
            // class compiles and the file's own diagnostics are the only errors the user sees.
            DeploymentModel model = ordered[i].Model ?? DeploymentModel.Empty(System.IO.Path.GetFileName(ordered[i].Path));
            if (spec is not null)
            {
                context.AddSource($"Deployments.{classNames[i]}.g.cs", SourceText.From(DeploymentEmitter.Emit(spec, model, classNames[i]), System.Text.Encoding.UTF8));
            }
        }
    }
}
