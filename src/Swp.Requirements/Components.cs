using System;

namespace Swp.Requirements;

/// <summary>Facts about components from the compiled table. Nothing here allocates.</summary>
public static class Components
{
    /// <summary>
    /// True when the component's addresses are dynamic (the manager): reach it by its domain
    /// names; the connections it starts come from its region's subnets.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="component"/> is not declared.</exception>
    public static bool HasDynamicAddresses(Component component) =>
        (uint)component < (uint)FlowTable.DynamicAddresses.Length
            ? FlowTable.DynamicAddresses[(int)component]
            : throw new ArgumentOutOfRangeException(nameof(component), component, "Not a declared component.");

    /// <summary>The condition the component exists under (e.g. <see cref="Conditions.Relays"/> for a relay); <see cref="Conditions.None"/> for components every deployment has.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="component"/> is not declared.</exception>
    public static Conditions ConditionOf(Component component) =>
        (uint)component < (uint)FlowTable.ComponentConditions.Length
            ? (Conditions)FlowTable.ComponentConditions[(int)component]
            : throw new ArgumentOutOfRangeException(nameof(component), component, "Not a declared component.");
}
