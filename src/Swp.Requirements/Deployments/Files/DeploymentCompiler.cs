using System;
using System.Threading;
using Swp.Requirements.Diagnostics;
using Swp.Requirements.Json;
using Swp.Requirements.Specs;
using Swp.Requirements.Deployments;

namespace Swp.Requirements.Deployments;

/// <summary>Text of a deployment file → <see cref="DeploymentResult"/>. Never throws, except to honour cancellation.</summary>
internal static class DeploymentCompiler
{
    public static DeploymentResult Compile(string path, string? text, RequirementSpec? spec, CancellationToken cancellationToken) =>
        Compile(path, text, spec, [], cancellationToken);

    /// <param name="path">The deployment file's path.</param>
    /// <param name="text">Its text, or null when it could not be read.</param>
    /// <param name="spec">The spec to check it against.</param>
    /// <param name="firewalls">The other additional files: the firewall exports its <c>firewalls</c> entries may name.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public static DeploymentResult Compile(string path, string? text, RequirementSpec? spec, System.Collections.Generic.IReadOnlyList<FirewallText> firewalls, CancellationToken cancellationToken) =>
        Compile(path, text, spec, _ => firewalls, cancellationToken);

    /// <summary>
    /// As <see cref="Compile(string, string?, RequirementSpec?, System.Collections.Generic.IReadOnlyList{FirewallText}, CancellationToken)"/>,
    /// with the exports found once the file is parsed (<paramref name="firewalls"/> reads those its
    /// <c>firewalls</c> entries name), so a host that reads them from disk parses the file once.
    /// </summary>
    public static DeploymentResult Compile(string path, string? text, RequirementSpec? spec, System.Func<DeploymentDocument, System.Collections.Generic.IReadOnlyList<FirewallText>> firewalls, CancellationToken cancellationToken)
    {
        var bag = new DiagnosticBag(path);
        try
        {
            if (text is null || spec is null)
            {
                bag.Add(FindingDescriptors.GeneratorFailure.Id, default, path, text is null ? "the file could not be read" : "the built-in requirements spec could not be loaded");
                return new DeploymentResult(path, null, bag.ToEquatableArray());
            }

            DeploymentDocument? document = DeploymentParser.Parse(text, bag, cancellationToken);
            DeploymentModel? model = document is null ? null : DeploymentChecker.Check(spec, document, bag, firewalls(document), cancellationToken);
            return new DeploymentResult(path, model, bag.ToEquatableArray());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var failure = new DiagnosticBag(path);
            failure.Add(FindingDescriptors.GeneratorFailure.Id, default(TextRange), path, e.GetType().Name + ": " + e.Message);
            return new DeploymentResult(path, null, failure.ToEquatableArray());
        }
    }
}
