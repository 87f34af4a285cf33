using System;
using System.Collections.Generic;

namespace Swp.Requirements.Firewalls;

/// <summary>
/// A configuration to render, in no dialect: the rules a firewall on one component (a host
/// firewall, or a cloud security group attached to the component's machines) needs for a
/// deployment, in a stable order (egress, then ingress; table order within each).
/// </summary>
public sealed class FirewallPolicy
{
    /// <summary>Creates a policy.</summary>
    /// <param name="component">The component whose firewall this is.</param>
    /// <param name="rules">The rules, in order; names unique.</param>
    /// <param name="remarks">Notes for the header of the output (e.g. which components have no addresses).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">Two rules have the same name.</exception>
    public FirewallPolicy(Component component, IReadOnlyList<FirewallRule> rules, IReadOnlyList<string> remarks)
    {
        Component = component;
        Rules = rules ?? throw new ArgumentNullException(nameof(rules));
        Remarks = remarks ?? throw new ArgumentNullException(nameof(remarks));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (FirewallRule rule in rules)
        {
            if (!names.Add(rule.Name))
            {
                throw new ArgumentException($"Two rules are named '{rule.Name}'.", nameof(rules));
            }
        }
    }

    /// <summary>The component whose firewall this is.</summary>
    public Component Component { get; }

    /// <summary>The rules, egress then ingress, in table order.</summary>
    public IReadOnlyList<FirewallRule> Rules { get; }

    /// <summary>Notes for the header of the output.</summary>
    public IReadOnlyList<string> Remarks { get; }

    /// <summary>The version of the requirements spec the rules come from.</summary>
    public static string SpecVersion => SpecInfo.Version;
}
