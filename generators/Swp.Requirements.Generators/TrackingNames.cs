namespace Swp.Requirements.Generators;

/// <summary>The names of the incremental pipeline's steps, for tests that prove caching.</summary>
internal static class TrackingNames
{
    public const string SpecFiles = nameof(SpecFiles);
    public const string SpecResults = nameof(SpecResults);
    public const string ReleasedSpecs = nameof(ReleasedSpecs);
    public const string DeploymentFiles = nameof(DeploymentFiles);
    public const string DeploymentSources = nameof(DeploymentSources);
    public const string DeploymentExports = nameof(DeploymentExports);
    public const string DeploymentResults = nameof(DeploymentResults);
    public const string DeploymentPaths = nameof(DeploymentPaths);
    public const string DeploymentClassNames = nameof(DeploymentClassNames);
    public const string DeploymentOutputs = nameof(DeploymentOutputs);
}
