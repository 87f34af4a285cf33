using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Swp.Requirements.Firewalls;

/// <summary>
/// Format <c>azure</c>: a Bicep file of one Azure network security group
/// (<c>Microsoft.Network/networkSecurityGroups</c>) for the component's network interfaces or
/// subnet, with parameters <c>location</c> (the resource group's by default) and <c>nsgName</c>
/// (<c>swp-&lt;component&gt;</c> by default), and the group's ID as output <c>id</c>. The same
/// group as ARM JSON is <see cref="AzureArmRenderer"/>.
/// <para>
/// One security rule per rule: access Allow, protocol Tcp or Udp (never <c>*</c> for a rule with a
/// port), source port <c>*</c>, destination port the rule's, and the source and destination
/// prefixes from the rule's remote and local addresses (<c>0.0.0.0/0</c> for an empty list;
/// <c>...AddressPrefixes</c> for several).
/// </para>
/// <para>
/// Limits of the platform, and what this renderer does about them:
/// <list type="bullet">
/// <item>Priorities are 100–4096, unique per direction: each direction's rules get 100, 110, 120,
/// ... in order (steps of 1 when steps of 10 do not fit); a
/// <see cref="FirewallLimitException"/> when even those do not fit, or above the 1000 rules a
/// group holds.</item>
/// <item>Rule names are 1–80 characters of letters, digits and <c>_.-</c>, starting with a letter
/// or digit: the model's name, or its first 71 characters, <c>-</c> and 8 hex digits of its hash
/// when longer.</item>
/// <item>Descriptions hold at most 140 characters: the rule's description on one line (control
/// characters as spaces), cut to 140 ending in <c>...</c>. Strings are escaped for Bicep; the file
/// is ASCII (other characters as <c>\u{X}</c> escapes in strings, <c>?</c> in comments).</item>
/// <item>Security rules match addresses, not names: a rule that names the remote end's domains and
/// lists no addresses allows <c>0.0.0.0/0</c>, and a comment lists the domains.</item>
/// <item>Loopback rules are left out (a network security group never sees loopback traffic), as a
/// comment says.</item>
/// <item>Azure's default rules allow traffic within the virtual network, and out to the internet,
/// at priorities 65000 and above; <see cref="DropOtherTraffic"/> adds a deny-all rule at 4096 in
/// each direction.</item>
/// <item>A rule's remarks, and the policy's, are <c>//</c> comments.</item>
/// </list>
/// </para>
/// </summary>
public sealed class AzureBicepRenderer : FirewallRenderer
{
    private static readonly FirewallDialect s_dialect = new("azure", "bicep")
    {
        Aliases = ["azure-bicep"],
        ReadBackFormat = "azure",
        MaxCommentLength = AzureSecurityRules.MaxDescriptionLength,
    };

    /// <inheritdoc/>
    public override FirewallDialect Dialect => s_dialect;

    /// <summary>When true, a rule at priority 4096 in each direction denies all traffic the other rules do not allow, ahead of Azure's default rules. False by default.</summary>
    public bool DropOtherTraffic { get; init; }

    /// <inheritdoc/>
    protected override void RenderCore(FirewallPolicy policy, TextWriter writer, ICollection<RenderWarning> warnings)
    {
        var loopback = new List<FirewallRule>();
        List<AzureRule> rules = AzureSecurityRules.Rules(policy, DropOtherTraffic, loopback, warnings);
        var output = new StringBuilder();
        foreach (string line in RenderText.Header(policy, "Azure network security group (Bicep)"))
        {
            Comment(output, "", line);
        }

        Comment(output, "", "Deploy with: az deployment group create --resource-group GROUP --template-file FILE");
        if (loopback.Count > 0)
        {
            Comment(output, "", "Left out, loopback rules (a network security group never sees loopback traffic): " + string.Join(", ", loopback.ConvertAll(r => r.Name)));
        }

        output.Append('\n');
        output.Append("@description('Where the network security group is created.')\n");
        output.Append("param location string = resourceGroup().location\n\n");
        output.Append("@description('The name of the network security group.')\n");
        output.Append("param nsgName string = ").Append(AzureSecurityRules.BicepQuote(AzureSecurityRules.GroupName(policy))).Append("\n\n");
        output.Append("resource nsg 'Microsoft.Network/networkSecurityGroups@").Append(AzureSecurityRules.ApiVersion).Append("' = {\n");
        output.Append("  name: nsgName\n  location: location\n  properties: {\n    securityRules: [\n");
        foreach (AzureRule rule in rules)
        {
            WriteRule(output, rule);
        }

        output.Append("    ]\n  }\n}\n\n");
        output.Append("@description('The ID of the network security group.')\n");
        output.Append("output id string = nsg.id\n");
        writer.Write(output.ToString());
    }

    private static void WriteRule(StringBuilder output, AzureRule rule)
    {
        const string Indent = "      ";
        if (rule.Rule is { } source)
        {
            Comment(output, Indent, RenderText.Label(source));
            foreach (string remark in source.Remarks)
            {
                Comment(output, Indent, source.Name + ": " + remark);
            }

            if (source.RemoteDomains.Count > 0 && source.RemoteAddresses.Count == 0)
            {
                Comment(output, Indent, $"{source.Name}: security rules match addresses, not names: 0.0.0.0/0. The remote end's domains: {RenderText.Domains(source)}");
            }
        }

        output.Append(Indent).Append("{\n");
        output.Append(Indent).Append("  name: ").Append(AzureSecurityRules.BicepQuote(rule.Name)).Append('\n');
        output.Append(Indent).Append("  properties: {\n");
        string p = Indent + "    ";
        output.Append(p).Append("description: ").Append(AzureSecurityRules.BicepQuote(rule.Description)).Append('\n');
        output.Append(p).Append("priority: ").Append(RenderText.Invariant(rule.Priority)).Append('\n');
        output.Append(p).Append("direction: ").Append(rule.Inbound ? "'Inbound'" : "'Outbound'").Append('\n');
        output.Append(p).Append("access: ").Append(rule.Allow ? "'Allow'" : "'Deny'").Append('\n');
        output.Append(p).Append("protocol: ").Append(AzureSecurityRules.BicepQuote(rule.Protocol)).Append('\n');
        Prefixes(output, p, "source", rule.Sources);
        output.Append(p).Append("sourcePortRange: '*'\n");
        Prefixes(output, p, "destination", rule.Destinations);
        output.Append(p).Append("destinationPortRange: ").Append(AzureSecurityRules.BicepQuote(rule.Port)).Append('\n');
        output.Append(Indent).Append("  }\n");
        output.Append(Indent).Append("}\n");
    }

    private static void Prefixes(StringBuilder output, string indent, string end, List<string> prefixes)
    {
        if (prefixes.Count == 1)
        {
            output.Append(indent).Append(end).Append("AddressPrefix: ").Append(AzureSecurityRules.BicepQuote(prefixes[0])).Append('\n');
            return;
        }

        output.Append(indent).Append(end).Append("AddressPrefixes: [\n");
        foreach (string prefix in prefixes)
        {
            output.Append(indent).Append("  ").Append(AzureSecurityRules.BicepQuote(prefix)).Append('\n');
        }

        output.Append(indent).Append("]\n");
    }

    private static void Comment(StringBuilder output, string indent, string text) =>
        output.Append(indent).Append("// ").Append(RenderText.Ascii(text, '?').TrimEnd(' ')).Append('\n');
}
