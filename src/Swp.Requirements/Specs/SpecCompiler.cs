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
    public static SpecResult Compile(string path, string? text, CancellationToken cancellationToken)
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
            RequirementSpec? spec = document is null ? null : SpecValidator.Validate(document, bag, cancellationToken);
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
