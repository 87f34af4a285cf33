using System;
using System.Globalization;

namespace Swp.Requirements.Generators.Tests.Infrastructure;

/// <summary>
/// The number of cases of the slow mutation properties (<see cref="MutationProperties"/>,
/// <see cref="DeploymentMutationProperties"/>): each property's default, or
/// <c>SWP_MUTATION_CASES=N</c> for every one of them (e.g. 5000 for a long run before a release,
/// 50 while working on something else). The defaults find a planted bug; more cases find rarer ones.
/// </summary>
internal static class MutationCases
{
    /// <summary>The name of the environment variable.</summary>
    public const string Variable = "SWP_MUTATION_CASES";

    /// <summary><c>SWP_MUTATION_CASES</c> when it is a positive number, else <paramref name="defaultCount"/>.</summary>
    public static int Or(int defaultCount)
    {
        string? text = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return defaultCount;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count > 0
            ? count
            : throw new InvalidOperationException($"{Variable}='{text}' is not a positive number of cases");
    }
}
