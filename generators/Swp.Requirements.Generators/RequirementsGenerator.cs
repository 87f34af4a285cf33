using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Swp.Requirements.Diagnostics;
using Swp.Requirements.Generators.Diagnostics;
using Swp.Requirements.Generators.Emitting;
using Swp.Requirements.Specs;
using Swp.Requirements.Deployments;

namespace Swp.Requirements.Generators;

/// <summary>
/// Compiles the requirements spec (an AdditionalFile named <c>swp-requirements.json</c>) into
/// the Swp.Requirements tables. Only the spec file's text flows into the pipeline, so editing a
/// .cs file re-parses no JSON; every fault is reported as a diagnostic in the JSON file.
/// The Swp.Requirements package turns it off in consumers (MSBuild property
/// <c>SwpCompileRequirementsSpec=false</c>): their copy of the spec, if any, is data, and the
/// library's public types are never generated a second time into them.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class RequirementsGenerator : IIncrementalGenerator
{
    /// <summary>The file name that marks an AdditionalFile as the requirements spec.</summary>
    public const string SpecFileName = "swp-requirements.json";

    /// <summary>The MSBuild property (made visible to the compiler by the package) that turns this generator off when "false".</summary>
    public const string EnabledProperty = "SwpCompileRequirementsSpec";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // The small value first (one bool), so nothing is re-parsed when other options change.
        IncrementalValueProvider<bool> enabled = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => !(options.GlobalOptions.TryGetValue("build_property." + EnabledProperty, out string? value)
                && string.Equals(value?.Trim(), "false", StringComparison.OrdinalIgnoreCase)));
        // Released versions (spec/versions/swp-requirements-*.json): only their IDs, whose enum
        // values the spec must keep (SWP0019). Compiled once each; their text rarely changes.
        IncrementalValueProvider<EquatableArray<ReleasedIds>> released = context.AdditionalTextsProvider
            .Where(static file => ReleasedIds.IsReleasedSpecFile(file.Path))
            .Combine(enabled)
            .Where(static pair => pair.Right)
            .Select(static (pair, ct) => SpecCompiler.Compile(pair.Left.Path, pair.Left.GetText(ct)?.ToString(), ct).Spec is { } spec ? ReleasedIds.From(spec) : null)
            .Where(static ids => ids is not null)
            .Collect()
            .Select(static (all, _) => all.Select(ids => ids!).OrderBy(ids => ids.Version, StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(TrackingNames.ReleasedSpecs);
        IncrementalValuesProvider<SpecResult> results = context.AdditionalTextsProvider
            .Where(static file => string.Equals(Path.GetFileName(file.Path), SpecFileName, StringComparison.OrdinalIgnoreCase))
            .WithTrackingName(TrackingNames.SpecFiles)
            .Combine(enabled)
            .Where(static pair => pair.Right)
            .Select(static (pair, _) => pair.Left)
            .Combine(released)
            .Select(static (pair, ct) => SpecCompiler.Compile(pair.Left.Path, pair.Left.GetText(ct)?.ToString(), ct, pair.Right))
            .WithTrackingName(TrackingNames.SpecResults);

        context.RegisterSourceOutput(results.Collect(), static (spc, all) => Emit(spc, all));
    }

    private static void Emit(SourceProductionContext context, ImmutableArray<SpecResult> results)
    {
        // Order by path so the choice (and the output) does not depend on the order of inputs.
        SpecResult[] ordered = [.. results.OrderBy(r => r.Path, StringComparer.Ordinal)];
        foreach (SpecResult result in ordered)
        {
            foreach (DiagnosticInfo diagnostic in result.Diagnostics)
            {
                context.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        }

        SpecResult? compiled = ordered.FirstOrDefault(r => r.Spec is not null);
        if (compiled?.Spec is not { } spec)
        {
            return;
        }

        foreach (SpecResult ignored in ordered.Where(r => r.Spec is not null && r != compiled))
        {
            Location file = Location.Create(ignored.Path, default, default);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ById(FindingDescriptors.MultipleSpecs.Id), file, compiled.Path));
        }

        foreach ((string hintName, string source) in TableEmitter.Emit(spec))
        {
            context.AddSource(hintName, SourceText.From(source, System.Text.Encoding.UTF8));
        }
    }
}
