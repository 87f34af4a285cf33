using System;
using System.Collections.Generic;
using System.IO;

namespace Swp.Requirements.Firewalls;

/// <summary>
/// Format <c>azure-arm</c>: the network security group of <see cref="AzureBicepRenderer"/> as an
/// ARM template (JSON), for tools that take no Bicep. The same rules, names, priorities and limits;
/// what Bicep has as comments (the header, each rule's full description, remarks and domains, the
/// loopback rules left out) is in the template's <c>metadata</c>, each text on one line (control
/// characters as spaces: Bicep's decompiler breaks on a line separator inside a string). A
/// description that starts with <c>[</c> and ends with <c>]</c> gets a second <c>[</c>, so ARM
/// does not read it as an expression. The JSON is UTF-8: other characters are kept as they are.
/// </summary>
public sealed class AzureArmRenderer : FirewallRenderer
{
    private static readonly FirewallDialect s_dialect = new("azure-arm", "json")
    {
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
        var json = new JsonText();
        json.StartObject();
        json.Member("$schema", "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#");
        json.Member("contentVersion", "1.0.0.0");
        json.Name("metadata").StartObject();
        json.Member("description", RenderText.Header(policy, "Azure network security group (ARM template)"));
        json.Member("loopbackRulesLeftOut", loopback.ConvertAll(r => r.Name));
        json.Name("rules").StartObject();
        foreach (AzureRule rule in rules)
        {
            if (rule.Rule is not { } source)
            {
                continue;
            }

            json.Name(rule.Name).StartObject();
            json.Member("description", RenderText.Clean(source.Description));
            if (source.Remarks.Count > 0)
            {
                json.Member("remarks", Clean(source.Remarks));
            }

            if (source.RemoteDomains.Count > 0)
            {
                json.Member("remoteDomains", source.RemoteDomains);
            }

            json.EndObject();
        }

        json.EndObject();
        json.EndObject();

        json.Name("parameters").StartObject();
        json.Name("location").StartObject()
            .Member("type", "string")
            .Member("defaultValue", "[resourceGroup().location]")
            .Name("metadata").StartObject().Member("description", "Where the network security group is created.").EndObject()
            .EndObject();
        json.Name("nsgName").StartObject()
            .Member("type", "string")
            .Member("defaultValue", AzureSecurityRules.GroupName(policy))
            .Name("metadata").StartObject().Member("description", "The name of the network security group.").EndObject()
            .EndObject();
        json.EndObject();

        json.Name("resources").StartArray().StartObject();
        json.Member("type", "Microsoft.Network/networkSecurityGroups");
        json.Member("apiVersion", AzureSecurityRules.ApiVersion);
        json.Member("name", "[parameters('nsgName')]");
        json.Member("location", "[parameters('location')]");
        json.Name("properties").StartObject();
        json.Name("securityRules").StartArray();
        foreach (AzureRule rule in rules)
        {
            json.StartObject();
            json.Member("name", rule.Name);
            json.Name("properties").StartObject();
            json.Member("description", AzureSecurityRules.ArmLiteral(rule.Description));
            json.Member("priority", rule.Priority);
            json.Member("direction", rule.Inbound ? "Inbound" : "Outbound");
            json.Member("access", rule.Allow ? "Allow" : "Deny");
            json.Member("protocol", rule.Protocol);
            Prefixes(json, "source", rule.Sources);
            json.Member("sourcePortRange", "*");
            Prefixes(json, "destination", rule.Destinations);
            json.Member("destinationPortRange", rule.Port);
            json.EndObject();
            json.EndObject();
        }

        json.EndArray();
        json.EndObject();
        json.EndObject().EndArray();

        json.Name("outputs").StartObject();
        json.Name("id").StartObject()
            .Member("type", "string")
            .Member("value", "[resourceId('Microsoft.Network/networkSecurityGroups', parameters('nsgName'))]")
            .EndObject();
        json.EndObject();
        json.EndObject();
        writer.Write(json.ToString());
    }

    private static List<string> Clean(IReadOnlyList<string> texts)
    {
        var clean = new List<string>(texts.Count);
        foreach (string text in texts)
        {
            clean.Add(RenderText.Clean(text));
        }

        return clean;
    }

    private static void Prefixes(JsonText json, string end, List<string> prefixes)
    {
        if (prefixes.Count == 1)
        {
            json.Member(end + "AddressPrefix", prefixes[0]);
        }
        else
        {
            json.Member(end + "AddressPrefixes", prefixes);
        }
    }
}
