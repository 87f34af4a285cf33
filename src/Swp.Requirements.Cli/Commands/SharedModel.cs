using System.Collections.Generic;
using System.Linq;
using Swp.Requirements.Coverage;
using Swp.Requirements.Deployments;
using Swp.Requirements.Generators.Deployments;

namespace Swp.Requirements.Cli.Commands;

/// <summary>
/// A command-line deployment as the shared model (compiled into the generator, which this tool
/// sees): the same <c>ResolvedDeployment</c> the build checks deployment files with.
/// </summary>
internal static class SharedModel
{
    public static ResolvedDeployment Resolve(DeploymentSelection selection)
    {
        SpecFacts facts = SpecFactsCache.For(EmbeddedSpec.Result.Spec!);
        Deployment d = selection.Deployment;
        var changes = new List<PortChange>();
        foreach (PortOverride o in d.PortOverrides)
        {
            changes.Add(new PortChange(o.Source is { } s ? (int)s : -1, (int)o.Destination, o.DefaultPort, o.Port));
        }

        var addresses = new IntervalSet?[facts.ComponentIds.Count];
        for (int c = 0; c < addresses.Length; c++)
        {
            IPv4Network[] given = d.AddressesOf((Component)c).ToArray();
            if (given.Length > 0)
            {
                addresses[c] = AddressSpace.Networks(given.Select(n => (n.FirstAddress, n.PrefixLength)));
            }
        }

        bool[]? scope = null;
        if (selection.Scope.Length > 0)
        {
            scope = new bool[facts.ComponentIds.Count];
            foreach (Component c in selection.Scope)
            {
                scope[(int)c] = true;
            }
        }

        var exclusions = selection.Excluded
            .Select(e => new Exclusion((int)e.Flow.Source, (int)e.Flow.Destination, e.Flow.Port, (byte)e.Flow.IPProtocol, e.Reason))
            .ToList();
        return new ResolvedDeployment(facts, (uint)d.Conditions, d.Region is { } r ? (int)r : -1, changes, addresses, null, scope, exclusions, selection.ManagerAtVendorSubnets);
    }
}
