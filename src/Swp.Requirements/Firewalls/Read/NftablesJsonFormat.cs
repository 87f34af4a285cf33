namespace Swp.Requirements.Firewalls.Read;

/// <summary>Format <c>nftables</c>: the JSON <c>nft -j list ruleset</c> prints (<see cref="NftablesJsonReader"/>), recognised by its top-level member <c>nftables</c>.</summary>
internal sealed class NftablesJsonFormat : FirewallFormat
{
    /// <summary>The one instance.</summary>
    public static readonly NftablesJsonFormat Instance = new();

    private NftablesJsonFormat()
        : base("nftables", "nft -j list ruleset JSON", ReadInputs.Interfaces)
    {
    }

    /// <inheritdoc/>
    public override bool IsJsonNameSign(int depth, string? outerName, string name) => depth == 1 && name == "nftables";

    /// <inheritdoc/>
    protected override ObservedFirewall ReadCore(string path, string text, ReadOptions options) => NftablesJsonReader.Read(path, text, options.Interfaces);
}
