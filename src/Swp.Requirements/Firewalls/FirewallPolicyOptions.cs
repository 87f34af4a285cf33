using System.Collections.Generic;

namespace Swp.Requirements.Firewalls;

/// <summary>How egress rules towards the manager name its addresses.</summary>
public enum ManagerAddresses
{
    /// <summary>Any destination on the manager's ports: its addresses are dynamic (the vendor's advice). The default.</summary>
    Any,

    /// <summary>The CIDRs the vendor's firewall pages tie to the manager's domain names in the deployment's region ("Firewall EIP Block").</summary>
    VendorSubnets,

    /// <summary>
    /// <see cref="VendorSubnets"/> in the strict reading: without the CIDRs that are another
    /// region's manager subnets (Germany's page lists the UK's <c>gb-1</c> names and their subnets).
    /// </summary>
    VendorSubnetsStrict,
}

/// <summary>Choices for <see cref="FirewallPolicy.Create(Deployment, Component, FirewallPolicyOptions?)"/>.</summary>
public sealed class FirewallPolicyOptions
{
    /// <summary>How egress rules towards the manager name its addresses; <see cref="Firewalls.ManagerAddresses.Any"/> by default.</summary>
    public ManagerAddresses ManagerAddresses { get; set; }

    /// <summary>Required flows to leave out (a deployment file's <c>exclude</c>); each is named in the policy's remarks.</summary>
    public IReadOnlyList<ExcludedFlow> ExcludedFlows { get; set; } = [];

    /// <summary>
    /// Also the flows a condition of the deployment replaces (e.g. an agent's direct 443 to the
    /// manager, which a web proxy replaces): every flow whose conditions are enabled, as
    /// <c>swp-ports rules --all</c> lists them. False by default.
    /// </summary>
    public bool IncludeReplacedFlows { get; set; }
}
