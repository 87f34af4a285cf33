using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Swp.Requirements.Package.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Swp.Requirements.Package.Tests;

/// <summary>
/// A deployment file that names a firewall export ("firewalls"), listed in the project as an
/// SwpFirewall item (the package's .targets makes it an AdditionalFile): the packaged generator
/// audits the export against the deployment and fails the build at the export's own line and
/// column, as <c>swp-ports audit</c> would.
/// </summary>
[Collection(PackageTestGroup.Name)]
public sealed class FirewallAuditTests(PackageFeed feed, ITestOutputHelper output)
{
    /// <summary>Agents in Germany that the manager connects to (4118/TCP), with their security group's export.</summary>
    private const string Deployment =
        """
        {
          "description": "Production agents in eu-central-1",
          "region": "germany",
          "conditions": ["bidirectional"],
          "addresses": {
            "dns-server": ["10.0.0.2/32"],
            "ntp-server": ["169.254.169.123/32"]
          },
          "firewalls": [
            { "path": "aws/agents-sg.json", "format": "aws", "for": "agent" }
          ]
        }

        """;

    /// <summary>The export's one IP range for 4118/TCP in: Germany's first manager subnet.</summary>
    private const string ManagerRange =
        """
                                {
                                    "CidrIp": "3.69.198.64/27",
                                    "Description": "Server & Workload Protection manager, Germany"
                                }
        """;

    /// <summary>
    /// <c>aws ec2 describe-security-groups --group-ids sg-0a1b2c3d4e5f60718</c>, as the AWS CLI
    /// prints it (four-space indents, keys in its order): the agents' group lets 4118/TCP in from
    /// 3.69.198.64/27 only, Germany's first manager subnet, not 18.96.34.160/27; out, HTTPS and
    /// HTTP anywhere, DNS to the VPC resolver and NTP to Amazon Time Sync.
    /// </summary>
    private const string OneSubnetExport =
        """
        {
            "SecurityGroups": [
                {
                    "Description": "Server & Workload Protection agents",
                    "GroupName": "swp-agents",
                    "IpPermissions": [
                        {
                            "FromPort": 4118,
                            "IpProtocol": "tcp",
                            "IpRanges": [
                                {
                                    "CidrIp": "3.69.198.64/27",
                                    "Description": "Server & Workload Protection manager, Germany"
                                }
                            ],
                            "Ipv6Ranges": [],
                            "PrefixListIds": [],
                            "ToPort": 4118,
                            "UserIdGroupPairs": []
                        }
                    ],
                    "OwnerId": "123456789012",
                    "GroupId": "sg-0a1b2c3d4e5f60718",
                    "IpPermissionsEgress": [
                        {
                            "FromPort": 443,
                            "IpProtocol": "tcp",
                            "IpRanges": [
                                {
                                    "CidrIp": "0.0.0.0/0",
                                    "Description": "HTTPS: manager, Smart Protection Network"
                                }
                            ],
                            "Ipv6Ranges": [],
                            "PrefixListIds": [],
                            "ToPort": 443,
                            "UserIdGroupPairs": []
                        },
                        {
                            "FromPort": 80,
                            "IpProtocol": "tcp",
                            "IpRanges": [
                                {
                                    "CidrIp": "0.0.0.0/0",
                                    "Description": "HTTP: Smart Protection Network"
                                }
                            ],
                            "Ipv6Ranges": [],
                            "PrefixListIds": [],
                            "ToPort": 80,
                            "UserIdGroupPairs": []
                        },
                        {
                            "FromPort": 53,
                            "IpProtocol": "udp",
                            "IpRanges": [
                                {
                                    "CidrIp": "10.0.0.2/32",
                                    "Description": "VPC resolver"
                                }
                            ],
                            "Ipv6Ranges": [],
                            "PrefixListIds": [],
                            "ToPort": 53,
                            "UserIdGroupPairs": []
                        },
                        {
                            "FromPort": 123,
                            "IpProtocol": "udp",
                            "IpRanges": [
                                {
                                    "CidrIp": "169.254.169.123/32",
                                    "Description": "Amazon Time Sync"
                                }
                            ],
                            "Ipv6Ranges": [],
                            "PrefixListIds": [],
                            "ToPort": 123,
                            "UserIdGroupPairs": []
                        }
                    ],
                    "Tags": [
                        {
                            "Key": "Name",
                            "Value": "swp-agents"
                        }
                    ],
                    "VpcId": "vpc-0f1e2d3c4b5a69788",
                    "SecurityGroupArn": "arn:aws:ec2:eu-central-1:123456789012:security-group/sg-0a1b2c3d4e5f60718"
                }
            ]
        }

        """;

    /// <summary>The same group after the fix: 4118/TCP from both of Germany's manager subnets.</summary>
    private static string BothSubnetsExport => OneSubnetExport.Replace(
        ManagerRange,
        ManagerRange + ",\n" + ManagerRange
            .Replace("3.69.198.64/27", "18.96.34.160/27", StringComparison.Ordinal)
            .Replace("manager, Germany", "manager, Germany (second subnet)", StringComparison.Ordinal),
        StringComparison.Ordinal);

    private const string Program =
        """
        using Swp.Requirements;
        using Swp.Requirements.Deployments;

        Console.WriteLine($"region={Agents.Deployment.Region?.ToId()}");
        Console.WriteLine($"manager-subnets={string.Join(" ", Agents.Deployment.ManagerSubnets.ToArray())}");
        Console.WriteLine($"manager-to-agent={string.Join(" ", Agents.Flows.Where(f => f.Source == Component.ServerWorkloadProtection && f.Destination == Component.Agent).Select(f => $"{f.Port}/{f.IPProtocol.ToId()}"))}");

        """;

    [Fact]
    public void An_AWS_export_that_lets_4118_in_from_one_manager_subnet_fails_the_build_at_its_permission_and_passes_with_both()
    {
        var app = ConsumerProject.Console(feed, "app-aws-audit", "net10.0", Program);
        app.AddPackage();
        app.AddItems("<SwpFirewall Include=\"aws/agents-sg.json\" />");
        app.Write("agents.swp.json", Deployment);
        app.Write(Path.Combine("aws", "agents-sg.json"), OneSubnetExport);
        string export = Path.Combine(app.Directory, "aws", "agents-sg.json");

        // One subnet: SWP2002 at the permission (its opening brace), naming the subnet left out.
        CommandResult failed = app.Build();
        Assert.True(failed.ExitCode != 0, "the build passed:\n" + failed.Describe());
        (int Line, int Column) permission = BuildLog.PositionAt(OneSubnetExport,
            OneSubnetExport.LastIndexOf('{', BuildLog.IndexOf(OneSubnetExport, "\"FromPort\": 4118")));
        Assert.Equal((7, 17), permission); // counted by hand in the text above
        BuildDiagnostic error = Assert.Single(BuildLog.Diagnostics(failed), d => d.Severity == "error");
        Assert.Equal((export, 7, 17, "SWP2002"), (error.File, error.Line, error.Column, error.Id));
        Assert.StartsWith("Required flow server-workload-protection -> agent 4118/tcp", error.Message, StringComparison.Ordinal);
        Assert.Contains("blocks it from 18.96.34.160/27 to agent", error.Message, StringComparison.Ordinal);
        Assert.Contains("[$.SecurityGroups[0].IpPermissions[0]]", error.Message, StringComparison.Ordinal);
        output.WriteLine(failed.Output);

        // Both subnets: the build passes with every warning an error, and the program runs.
        app.Write(Path.Combine("aws", "agents-sg.json"), BothSubnetsExport);
        Assert.Contains("\"CidrIp\": \"18.96.34.160/27\"", File.ReadAllText(export), StringComparison.Ordinal);
        CommandResult passed = app.BuildSucceeds();
        Assert.Empty(BuildLog.Diagnostics(passed));
        string printed = app.RunSucceeds().Output;

        output.WriteLine(printed);
        Assert.Contains("region=germany\n", printed, StringComparison.Ordinal);
        Assert.Contains("manager-subnets=3.69.198.64/27 18.96.34.160/27\n", printed, StringComparison.Ordinal);
        Assert.Contains("manager-to-agent=4118/tcp\n", printed, StringComparison.Ordinal);
        output.WriteLine(feed.Timings);
    }

    [Fact]
    public void A_missing_export_fails_the_build_with_SWP1023_at_the_deployment_files_entry()
    {
        var app = ConsumerProject.Console(feed, "app-aws-missing", "net10.0", "Console.WriteLine();\n");
        app.AddPackage();
        // The project lists the agents' export; the deployment also names the relays' group,
        // which is neither in the project nor on disk.
        app.AddItems("<SwpFirewall Include=\"aws/agents-sg.json\" />");
        app.Write(Path.Combine("aws", "agents-sg.json"), BothSubnetsExport);
        string deployment = Deployment.Replace(
            "{ \"path\": \"aws/agents-sg.json\", \"format\": \"aws\", \"for\": \"agent\" }",
            "{ \"path\": \"aws/agents-sg.json\", \"format\": \"aws\", \"for\": \"agent\" },\n    { \"path\": \"aws/relays-sg.json\", \"format\": \"aws\", \"for\": \"relay\" }",
            StringComparison.Ordinal);
        Assert.NotEqual(Deployment, deployment);
        app.Write("agents.swp.json", deployment);

        CommandResult build = app.Build();

        Assert.True(build.ExitCode != 0, "the build passed:\n" + build.Describe());
        (int Line, int Column) entry = BuildLog.PositionOf(deployment, "\"aws/relays-sg.json\"");
        Assert.Equal((11, 15), entry); // counted by hand
        IReadOnlyList<BuildDiagnostic> errors = [.. BuildLog.Diagnostics(build).Where(d => d.Severity == "error")];
        BuildDiagnostic error = Assert.Single(errors);
        Assert.Equal((app.PathOf("agents.swp.json"), 11, 15, "SWP1023"), (error.File, error.Line, error.Column, error.Id));
        Assert.Contains("'aws/relays-sg.json' is not among this project's additional files; add <SwpFirewall Include=\"aws/relays-sg.json\" />", error.Message, StringComparison.Ordinal);
        output.WriteLine(feed.Timings);
    }
}
