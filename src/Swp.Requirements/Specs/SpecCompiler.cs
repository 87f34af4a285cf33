using System;
using System.Threading;
using Swp.Requirements.Diagnostics;
using Swp.Requirements.Json;
using Swp.Requirements.Specs;
using Swp.Requirements.Deployments;

namespace Swp.Requirements.Specs;

/// <summary>Text of a spec file → <see cref="SpecResult"/>. Never throws, except to honour cancellation.</summary>
internal static class SpecCompiler
{
    /// <param name="path">The spec file's path.</param>
    /// <param name="text">Its text, or null when it could not be read.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <param name="released">The IDs of released spec versions, whose enum values the spec must keep (SWP0019); null for none.</param>
    public static SpecResult Compile(string path, string? text, CancellationToken cancellationToken, System.Collections.Generic.IReadOnlyList<ReleasedIds>? released = null)
    {
        var bag = new DiagnosticBag(path);
        try
        {
            if (text is null)
            {
                bag.Add(FindingDescriptors.GeneratorFailure.Id, default, path, "the file could not be read");
                return new SpecResult(path, null, bag.ToEquatableArray());
            }

            SpecDocument? document = SpecParser.Parse(text, bag, cancellationToken);
            RequirementSpec? spec = document is null ? null : SpecValidator.Validate(document, bag, cancellationToken, released);
            return new SpecResult(path, bag.HasErrors ? null : spec, bag.ToEquatableArray());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var failure = new DiagnosticBag(path);
            failure.Add(FindingDescriptors.GeneratorFailure.Id, default(TextRange), path, e.GetType().Name + ": " + e.Message);
            return new SpecResult(path, null, failure.ToEquatableArray());
        }
    }
}
