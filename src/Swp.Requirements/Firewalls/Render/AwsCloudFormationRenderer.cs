using System;
using System.Collections.Generic;
using System.IO;

namespace Swp.Requirements.Firewalls;

/// <summary>
/// Format <c>aws-cloudformation</c>: a CloudFormation template (JSON) of
/// <c>AWS::EC2::SecurityGroup</c> resources for the component's instances, with a parameter
/// <c>VpcId</c> and each group's ID as an output.
/// <para>
/// Each rule becomes one AWS rule per remote network (<c>0.0.0.0/0</c> when the rule lists none):
/// <c>IpProtocol</c> tcp or udp and <c>FromPort</c> = <c>ToPort</c> = the rule's port, never
/// protocol <c>-1</c>. A security group is attached to the component's machines, so a rule's local
/// addresses are not written. Each group's <c>Metadata</c> keeps every rule's name, full
/// description, remarks and domains, and the loopback rules left out.
/// </para>
/// <para>
/// Limits of the platform, and what this renderer does about them:
/// <list type="bullet">
/// <item>60 inbound and 60 outbound rules per group (AWS's default quota; see
/// <see cref="RulesPerGroup"/>): a longer policy is split over groups <c>swp-&lt;component&gt;-1</c>,
/// <c>-2</c>, ... (logical IDs <c>SecurityGroup1</c>, <c>SecurityGroup2</c>, ...), all to attach
/// to the same instances; a <see cref="FirewallLimitException"/> when that takes more than the 16
/// groups a network interface can have.</item>
/// <item>AWS refuses two rules with the same protocol, port and CIDR in one group: rules that
/// would make the same AWS rule share it, and its description is their names.</item>
/// <item>Descriptions take at most 255 characters of a-z, A-Z, 0-9, space and
/// <c>._-:/()#,@[]+=&amp;;{}!$*</c>: a rule's description is its name and description with
/// control characters as spaces, <c>-&gt;</c> as <c>to</c>, every other character outside the set
/// (<c>&gt;</c>, quotes, <c>\</c>, non-ASCII) as <c>_</c>, cut to 255 ending in <c>...</c>.</item>
/// <item>Security groups match addresses, not names: a rule that names the remote end's domains
/// and lists no addresses allows <c>0.0.0.0/0</c> (the domains are in the metadata).</item>
/// <item>Loopback rules are left out: a security group never sees loopback traffic.</item>
/// <item>A group given no outbound rule keeps AWS's default "all traffic out"; so a group whose
/// share of the policy has no outbound rule gets one placeholder instead, ICMP to
/// <c>127.0.0.1/32</c>, which lets nothing out.</item>
/// </list>
/// </para>
/// </summary>
public sealed class AwsCloudFormationRenderer : FirewallRenderer
{
    private readonly int _rulesPerGroup = AwsSecurityGroups.DefaultRulesPerGroup;

    private static readonly FirewallDialect s_dialect = new("aws-cloudformation", "json")
    {
        ReadBackFormat = "aws",
        MaxCommentLength = AwsSecurityGroups.MaxDescriptionLength,
    };

    /// <inheritdoc/>
    public override FirewallDialect Dialect => s_dialect;

    /// <summary>The most inbound, and outbound, rules one group gets: 60 (AWS's default quota) unless set; 1–1000.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 1–1000.</exception>
    public int RulesPerGroup
    {
        get => _rulesPerGroup;
        init => _rulesPerGroup = AwsSecurityGroups.CheckRulesPerGroup(value);
    }

    /// <inheritdoc/>
    protected override void RenderCore(FirewallPolicy policy, TextWriter writer, ICollection<RenderWarning> warnings)
    {
        var plan = AwsPlan.Create(policy, RulesPerGroup, warnings);
        List<AwsGroup> groups = plan.Groups;
        List<string> header = RenderText.Header(policy, "AWS security groups (CloudFormation)");

        var json = new JsonText();
        json.StartObject();
        json.Member("AWSTemplateFormatVersion", "2010-09-09");
        json.Member("Description", AwsSecurityGroups.Text(
            $"Security groups for the firewall of {plan.Component} (Swp.Requirements, spec {FirewallPolicy.SpecVersion}): attach {plan.GroupsToAttach} to its instances."));
        json.Name("Metadata").StartObject();
        json.Name("Swp.Requirements").StartObject();
        json.Member("Header", header);
        json.Member("LoopbackRulesLeftOut", plan.Loopback.ConvertAll(r => r.Name));
        json.EndObject();
        json.EndObject();
        json.Name("Parameters").StartObject();
        json.Name("VpcId").StartObject();
        json.Member("Type", "AWS::EC2::VPC::Id");
        json.Member("Description", "The VPC of the security groups.");
        json.EndObject();
        json.EndObject();

        json.Name("Resources").StartObject();
        foreach (AwsGroup group in groups)
        {
            json.Name(LogicalId(group)).StartObject();
            json.Member("Type", "AWS::EC2::SecurityGroup");
            WriteMetadata(json, group, plan.Rules);
            json.Name("Properties").StartObject();
            json.Member("GroupDescription", plan.GroupDescription(group));
            json.Name("VpcId").StartObject().Member("Ref", "VpcId").EndObject();
            if (group.Ingress.Count > 0)
            {
                json.Name("SecurityGroupIngress").StartArray();
                foreach (AwsPermission permission in group.Ingress)
                {
                    WritePermission(json, permission);
                }

                json.EndArray();
            }

            json.Name("SecurityGroupEgress").StartArray();
            foreach (AwsPermission permission in group.Egress)
            {
                WritePermission(json, permission);
            }

            if (group.Egress.Count == 0)
            {
                json.StartObject();
                json.Member("IpProtocol", "icmp");
                json.Member("FromPort", -1);
                json.Member("ToPort", -1);
                json.Member("CidrIp", "127.0.0.1/32");
                json.Member("Description", "No outbound rule: this placeholder replaces the default rule that allows all traffic out");
                json.EndObject();
            }

            json.EndArray();
            json.Name("Tags").StartArray().StartObject().Member("Key", "Name").Member("Value", group.Name).EndObject().EndArray();
            json.EndObject();
            json.EndObject();
        }

        json.EndObject();
        json.Name("Outputs").StartObject();
        foreach (AwsGroup group in groups)
        {
            json.Name(LogicalId(group) + "Id").StartObject();
            json.Member("Description", $"The ID of {group.Name}.");
            json.Name("Value").StartObject().Name("Fn::GetAtt").StartArray().String(LogicalId(group)).String("GroupId").EndArray().EndObject();
            json.EndObject();
        }

        json.EndObject();
        json.EndObject();
        writer.Write(json.ToString());
    }

    private static string LogicalId(AwsGroup group) => "SecurityGroup" + RenderText.Invariant(group.Number);

    private static void WritePermission(JsonText json, AwsPermission permission)
    {
        json.StartObject();
        json.Member("IpProtocol", permission.Protocol.ToId());
        json.Member("FromPort", permission.Port);
        json.Member("ToPort", permission.Port);
        json.Member("CidrIp", permission.Cidr);
        json.Member("Description", permission.Description);
        json.EndObject();
    }

    private static void WriteMetadata(JsonText json, AwsGroup group, List<FirewallRule> rules)
    {
        var inGroup = new HashSet<FirewallRule>();
        foreach (List<AwsPermission> list in new[] { group.Egress, group.Ingress })
        {
            foreach (AwsPermission permission in list)
            {
                inGroup.UnionWith(permission.Rules);
            }
        }

        json.Name("Metadata").StartObject();
        json.Name("Swp.Requirements").StartObject();
        json.Name("Rules").StartArray();
        foreach (FirewallRule rule in rules)
        {
            if (!inGroup.Contains(rule))
            {
                continue;
            }

            json.StartObject();
            json.Member("Name", rule.Name);
            json.Member("Description", rule.Description);
            if (rule.Remarks.Count > 0)
            {
                json.Member("Remarks", rule.Remarks);
            }

            if (rule.RemoteDomains.Count > 0)
            {
                json.Member("RemoteDomains", rule.RemoteDomains);
            }

            json.EndObject();
        }

        json.EndArray();
        json.EndObject();
        json.EndObject();
    }
}
