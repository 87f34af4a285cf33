namespace Swp.Requirements.Firewalls.Read;

/// <summary>Format <c>aws</c>: the JSON <c>aws ec2 describe-security-groups</c> prints (<see cref="AwsSecurityGroupReader"/>), recognised by its top-level member <c>SecurityGroups</c>.</summary>
internal sealed class AwsSecurityGroupsFormat : FirewallFormat
{
    /// <summary>The one instance.</summary>
    public static readonly AwsSecurityGroupsFormat Instance = new();

    private AwsSecurityGroupsFormat()
        : base("aws", "aws ec2 describe-security-groups JSON", ReadInputs.SecurityGroups)
    {
    }

    /// <inheritdoc/>
    public override bool IsJsonNameSign(int depth, string? outerName, string name) => depth == 1 && name == "SecurityGroups";

    /// <inheritdoc/>
    protected override ObservedFirewall ReadCore(string path, string text, ReadOptions options) => AwsSecurityGroupReader.Read(path, text, options.GroupIds);
}
