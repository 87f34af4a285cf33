using System;

namespace Swp.Requirements.Firewalls.Read;

/// <summary>
/// Format <c>azure</c>: the JSON <c>az network nsg show</c> prints, or the ARM resource
/// (<see cref="AzureNsgReader"/>), recognised by a member <c>securityRules</c> or
/// <c>defaultSecurityRules</c> at the top level or under <c>properties</c>, or by
/// <c>"type": "Microsoft.Network/networkSecurityGroups"</c> at the top level.
/// </summary>
internal sealed class AzureNsgFormat : FirewallFormat
{
    /// <summary>The one instance.</summary>
    public static readonly AzureNsgFormat Instance = new();

    private AzureNsgFormat()
        : base("azure", "az network nsg show JSON", ReadInputs.VirtualNetwork)
    {
    }

    /// <inheritdoc/>
    public override bool IsJsonNameSign(int depth, string? outerName, string name) =>
        (depth == 1 || (depth == 2 && outerName == "properties")) && name is "securityRules" or "defaultSecurityRules";

    /// <inheritdoc/>
    public override bool IsJsonValueSign(int depth, string? name, string value) =>
        depth == 1 && name == "type" && string.Equals(value, "Microsoft.Network/networkSecurityGroups", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    protected override ObservedFirewall ReadCore(string path, string text, ReadOptions options) => AzureNsgReader.Read(path, text, options.VirtualNetwork);
}
