using System.Collections.Generic;
using System.Threading;
using Swp.Requirements.Deployments;
using Swp.Requirements.Diagnostics;

namespace Swp.Requirements;

/// <summary>A deployment as a firewall sees it: the deployment, the components its firewall is for, and the flows it leaves out.</summary>
/// <param name="Deployment">Conditions, region, changed ports and addresses.</param>
/// <param name="Scope">The components whose flows the firewall carries (empty: all).</param>
/// <param name="Excluded">Required flows the firewall does not carry, and why.</param>
/// <param name="ManagerAtVendorSubnets">The manager is where the vendor's pages put it (<c>server-workload-protection=vendor</c>): as a destination, the subnets tied to the region's names.</param>
internal sealed record DeploymentSelection(Deployment Deployment, Component[] Scope, ExcludedFlow[] Excluded, bool ManagerAtVendorSubnets = false)
{
    /// <summary>The shared model of this selection: the required flows and the packets each needs, for coverage, rendering and audit.</summary>
    public ResolvedDeployment Resolve()
    {
        bool[]? scope = null;
        if (Scope.Length > 0)
        {
            scope = new bool[TableFacts.Facts.ComponentIds.Count];
            foreach (Component c in Scope)
            {
                scope[(int)c] = true;
            }
        }

        var exclusions = new List<Exclusion>(Excluded.Length);
        foreach (ExcludedFlow e in Excluded)
        {
            exclusions.Add(new Exclusion((int)e.Flow.Source, (int)e.Flow.Destination, e.Flow.Port, (byte)e.Flow.IPProtocol, e.Reason));
        }

        return Deployment.Resolve(scope, exclusions, ManagerAtVendorSubnets);
    }

    /// <summary>
    /// Reads a deployment file with the build's own parser and checker (its <c>firewalls</c> are not
    /// read: no export is given). Returns the selection the file describes, or null when the file
    /// has an error of its own (a firewall that misses a flow, SWP1010, SWP1011, SWP1019, and an
    /// export it names, SWP1023, are not such errors); <paramref name="findings"/> are every finding.
    /// </summary>
    public static DeploymentSelection? Read(string path, string text, out IReadOnlyList<DiagnosticInfo> findings)
    {
        DeploymentResult result = DeploymentCompiler.Compile(path, text, EmbeddedSpec.Result.Spec, CancellationToken.None);
        findings = result.Diagnostics;
        if (result.Model is not { } model)
        {
            return null;
        }

        foreach (DiagnosticInfo d in result.Diagnostics)
        {
            if (IsFileError(d))
            {
                return null;
            }
        }

        var deployment = new Deployment((Conditions)model.ConditionMask, model.Region >= 0 ? (Region)model.Region : null);
        foreach (PortOverrideItem o in model.PortOverrides)
        {
            deployment = deployment.WithPortOverride(o.Source >= 0
                ? new PortOverride((Component)o.Source, (Component)o.Destination, o.DefaultPort, o.Port)
                : new PortOverride((Component)o.Destination, o.DefaultPort, o.Port));
        }

        var byComponent = new Dictionary<int, List<IPv4Network>>();
        foreach (AddressItem a in model.Addresses)
        {
            if (!byComponent.TryGetValue(a.Component, out List<IPv4Network>? list))
            {
                byComponent[a.Component] = list = [];
            }

            list.Add(new IPv4Network(a.Network, a.PrefixLength));
        }

        foreach (KeyValuePair<int, List<IPv4Network>> entry in byComponent)
        {
            deployment = deployment.WithAddresses((Component)entry.Key, [.. entry.Value]);
        }

        var scope = new Component[model.Scope.Count];
        for (int i = 0; i < scope.Length; i++)
        {
            scope[i] = (Component)model.Scope[i];
        }

        var excluded = new ExcludedFlow[model.Exclusions.Count];
        for (int i = 0; i < excluded.Length; i++)
        {
            excluded[i] = new ExcludedFlow(deployment, model.Exclusions[i].Flow, model.Exclusions[i].Reason);
        }

        return new DeploymentSelection(deployment, scope, excluded, model.ManagerAtVendorSubnets);
    }

    /// <summary>
    /// True for a fault of the deployment file itself, which stops a command that reads it; a
    /// firewall that misses a flow and the exports it names are <c>check</c>'s business.
    /// </summary>
    public static bool IsFileError(DiagnosticInfo finding) =>
        finding.Severity == FindingSeverity.Error && finding.Id is not ("SWP1010" or "SWP1011" or "SWP1019" or "SWP1023");
}
