using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Swp.Requirements.Firewalls;

/// <summary>
/// Format <c>terraform-aws</c>: Terraform HCL for the AWS provider (hashicorp/aws 5.0 or later): an
/// <c>aws_security_group</c> for the component's instances, and one
/// <c>aws_vpc_security_group_ingress_rule</c> or <c>aws_vpc_security_group_egress_rule</c> per AWS
/// rule, with a variable <c>vpc_id</c>.
/// <para>
/// Each rule becomes one AWS rule per remote network (<c>cidr_ipv4 = "0.0.0.0/0"</c> when the rule
/// lists none): <c>ip_protocol</c> tcp or udp and <c>from_port</c> = <c>to_port</c> = the rule's
/// port, never protocol <c>-1</c>. A resource is named after its rule (with its CIDR after the
/// name when the rule has several networks). A security group is attached to the component's
/// machines, so a rule's local addresses are not written. The provider removes AWS's default
/// "all traffic out" rule from groups it creates, so a group has exactly the outbound rules written.
/// </para>
/// <para>
/// Limits of the platform, and what this renderer does about them: the same as
/// <see cref="AwsCloudFormationRenderer"/> (60 rules per direction per group, split over groups
/// <c>swp-&lt;component&gt;-1</c>, <c>-2</c>, ...; shared AWS rules; AWS's description characters;
/// <c>0.0.0.0/0</c> for domains; loopback rules left out). A rule's remarks, its full description
/// and its domains are <c>#</c> comment lines above its resource. Strings are escaped for HCL
/// (<c>\</c>, <c>"</c>, and <c>${</c> as <c>$${</c>, which AWS's characters allow).
/// </para>
/// </summary>
public sealed class TerraformAwsRenderer : FirewallRenderer
{
    private readonly int _rulesPerGroup = AwsSecurityGroups.DefaultRulesPerGroup;

    private static readonly FirewallDialect s_dialect = new("terraform-aws", "tf")
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
        List<FirewallRule> loopback = plan.Loopback;

        var output = new StringBuilder();
        foreach (string line in RenderText.Header(policy, "AWS security groups (Terraform, hashicorp/aws 5.0 or later)"))
        {
            Comment(output, "", line);
        }

        Comment(output, "", $"Attach {plan.GroupsToAttach} to the instances of {plan.Component}.");
        if (loopback.Count > 0)
        {
            Comment(output, "", "Left out, loopback rules (a security group never sees loopback traffic): " + string.Join(", ", loopback.ConvertAll(r => r.Name)));
        }

        output.Append("\nterraform {\n  required_providers {\n    aws = {\n      source  = \"hashicorp/aws\"\n      version = \">= 5.0\"\n    }\n  }\n}\n\n");
        output.Append("variable \"vpc_id\" {\n  description = \"The VPC of the security groups.\"\n  type        = string\n}\n");
        foreach (AwsGroup group in groups)
        {
            output.Append("\nresource \"aws_security_group\" \"").Append(group.Name).Append("\" {\n");
            output.Append("  name        = ").Append(Quote(group.Name)).Append('\n');
            output.Append("  description = ").Append(Quote(plan.GroupDescription(group))).Append('\n');
            output.Append("  vpc_id      = var.vpc_id\n\n  tags = {\n    Name = ").Append(Quote(group.Name)).Append("\n  }\n}\n");
        }

        var names = new ResourceNames(plan.Permissions);
        foreach (AwsGroup group in groups)
        {
            foreach (List<AwsPermission> list in new[] { group.Egress, group.Ingress })
            {
                foreach (AwsPermission permission in list)
                {
                    WritePermission(output, group, permission, names.Of(permission));
                }
            }
        }

        writer.Write(output.ToString());
    }

    private static void WritePermission(StringBuilder output, AwsGroup group, AwsPermission permission, string name)
    {
        output.Append('\n');
        foreach (FirewallRule rule in permission.Rules)
        {
            Comment(output, "", RenderText.Label(rule));
            foreach (string remark in rule.Remarks)
            {
                Comment(output, "", rule.Name + ": " + remark);
            }

            if (rule.RemoteDomains.Count > 0 && rule.RemoteAddresses.Count == 0)
            {
                Comment(output, "", $"{rule.Name}: security groups match addresses, not names: 0.0.0.0/0. The remote end's domains: {RenderText.Domains(rule)}");
            }
        }

        bool ingress = permission.Direction == RuleDirection.Ingress;
        output.Append("resource \"aws_vpc_security_group_").Append(ingress ? "ingress" : "egress").Append("_rule\" \"").Append(name).Append("\" {\n");
        output.Append("  security_group_id = aws_security_group.").Append(group.Name).Append(".id\n");
        output.Append("  description       = ").Append(Quote(permission.Description)).Append('\n');
        output.Append("  ip_protocol       = ").Append(Quote(permission.Protocol.ToId())).Append('\n');
        output.Append("  from_port         = ").Append(RenderText.Invariant(permission.Port)).Append('\n');
        output.Append("  to_port           = ").Append(RenderText.Invariant(permission.Port)).Append('\n');
        output.Append("  cidr_ipv4         = ").Append(Quote(permission.Cidr)).Append('\n');
        output.Append("}\n");
    }

    /// <summary>An HCL string literal: <c>\</c>, <c>"</c> and control characters escaped, <c>${</c> and <c>%{</c> doubled so nothing is interpolated.</summary>
    internal static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool template = i + 1 < text.Length && text[i + 1] == '{';
            switch (c)
            {
                case '\\': builder.Append("\\\\"); break;
                case '"': builder.Append("\\\""); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '$' when template: builder.Append("$$"); break;
                case '%' when template: builder.Append("%%"); break;
                default:
                    if (c < ' ' || c == '\u007F')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    private static void Comment(StringBuilder output, string indent, string text) =>
        output.Append(indent).Append("# ").Append(RenderText.Clean(text).TrimEnd(' ')).Append('\n');

    /// <summary>Unique resource names: the first rule's name, with the CIDR after it when that rule makes several AWS rules.</summary>
    private sealed class ResourceNames
    {
        private readonly Dictionary<AwsPermission, string> _names = [];

        public ResourceNames(List<AwsPermission> permissions)
        {
            var perRule = new Dictionary<FirewallRule, int>();
            foreach (AwsPermission permission in permissions)
            {
                FirewallRule first = permission.Rules[0];
                perRule[first] = perRule.TryGetValue(first, out int n) ? n + 1 : 1;
            }

            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (AwsPermission permission in permissions)
            {
                FirewallRule first = permission.Rules[0];
                string name = first.Name;
                if (perRule[first] > 1)
                {
                    name += "-" + permission.Cidr.Replace('.', '-').Replace('/', '-');
                }

                if (name[0] is >= '0' and <= '9' or '-')
                {
                    name = "rule-" + name;
                }

                string unique = name;
                for (int n = 2; !used.Add(unique); n++)
                {
                    unique = name + "-" + RenderText.Invariant(n);
                }

                _names.Add(permission, unique);
            }
        }

        public string Of(AwsPermission permission) => _names[permission];
    }
}
