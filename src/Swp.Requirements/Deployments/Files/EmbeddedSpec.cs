using System;
using System.IO;
using System.Threading;
using Swp.Requirements.Specs;
using Swp.Requirements.Deployments;

namespace Swp.Requirements.Deployments;

/// <summary>
/// The requirements spec this generator was built with (embedded as a resource), compiled once
/// per process. Deployment files are checked against it: it is the spec the Swp.Requirements
/// library of the same package was compiled from.
/// </summary>
internal static class EmbeddedSpec
{
    public const string ResourceName = "Swp.Requirements.spec.json";

    private static readonly Lazy<SpecResult> s_result = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public static SpecResult Result => s_result.Value;

    private static SpecResult Load()
    {
        using Stream? stream = typeof(EmbeddedSpec).Assembly.GetManifestResourceStream(ResourceName);
        string? text = null;
        if (stream is not null)
        {
            using var reader = new StreamReader(stream);
            text = reader.ReadToEnd();
        }

        return SpecCompiler.Compile(ResourceName, text, CancellationToken.None);
    }
}
