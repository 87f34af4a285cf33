using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Swp.Requirements.Coverage;
using Swp.Requirements.Firewalls.Read;

namespace Swp.Requirements.Tests.Firewalls.Read;

/// <summary>The sample exports, packet boxes written as text, and one-decision evaluation.</summary>
internal static class ReadTesting
{
    public const string Iptables = "docker-host.iptables-save";
    public const string Nftables = "ruleset.nft.json";
    public const string Aws = "security-groups.aws.json";
    public const string Azure = "nsg-agents.azure.json";

    public static readonly string[] Samples = [Iptables, Nftables, Aws, Azure];

    public static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Firewalls", "Read", "Inputs", name));

    /// <summary>Reads a sample (or any text) in a format.</summary>
    public static ObservedFirewall Read(FirewallFormat format, string text, string path = "test") => format.Read(path, text);

    public static FirewallFormat FormatOf(string sample) => sample switch
    {
        Iptables => IptablesSaveFormat.Instance,
        Nftables => NftablesJsonFormat.Instance,
        Aws => AwsSecurityGroupsFormat.Instance,
        Azure => AzureNsgFormat.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(sample), sample, "Not a sample."),
    };

    public static ObservedFirewall ReadSample(string sample) => Read(FormatOf(sample), Text(sample), sample);

    /// <summary>"any", "3.69.198.70" or "10.0.0.0/8" as an address set.</summary>
    public static IntervalSet Addresses(string text)
    {
        if (text == "any")
        {
            return AddressSpace.Any;
        }

        string cidr = text.Contains('/', StringComparison.Ordinal) ? text : text + "/32";
        Assert.Equal(AddressRead.Ok, Ipv4Values.TryParseNetwork(cidr, out uint first, out uint last));
        return Ipv4Values.Interval(first, last);
    }

    /// <summary>The packets of connections from <paramref name="source"/> to <paramref name="destination"/> on one port and protocol.</summary>
    public static PacketBox Box(string source, string destination, int port, string protocol = "tcp")
    {
        Assert.True(ProtocolNumbers.TryParse(protocol, out int number));
        return new PacketBox(Addresses(source), Addresses(destination), IntervalSet.Single((ulong)port), IntervalSet.Single((ulong)number));
    }

    /// <summary>Evaluates a box that one decision covers; returns it and where the deciding rule or default is written.</summary>
    public static (Decision Decision, SourceLocation At, ObservedOutcome Outcome) Decide(ObservedFirewall firewall, ObservedDirection direction, PacketBox box)
    {
        List<ObservedOutcome> outcomes = direction.Evaluate(box);
        ObservedOutcome outcome = Assert.Single(outcomes);
        Assert.Equal(box.ToString(), outcome.Outcome.Packets.ToString());
        SourceLocation at = firewall.RuleOf(outcome.Outcome)?.Location ?? outcome.BaseChain.DefaultLocation;
        return (outcome.Outcome.Decision, at, outcome);
    }

    /// <summary>The notes at a line, joined, for assertions.</summary>
    public static string NotesAt(ObservedFirewall firewall, int line) =>
        string.Join(" | ", firewall.Notes.Where(n => n.Location.Line == line).Select(n => n.Text));

    /// <summary>Every not-evaluated rule has a note at its location that says so.</summary>
    public static void AssertNotEvaluatedRulesAreNoted(ObservedFirewall firewall)
    {
        foreach (ObservedRule rule in firewall.Rules.Where(r => r.Action == RuleAction.NotEvaluated))
        {
            Assert.NotNull(rule.NotEvaluatedReason);
            Assert.Contains(firewall.Notes, n => n.Location == rule.Location && n.Text.StartsWith("rule not evaluated: ", StringComparison.Ordinal) && n.Text.Contains(rule.NotEvaluatedReason!, StringComparison.Ordinal));
        }

        Assert.All(firewall.Rules.Where(r => r.Action != RuleAction.NotEvaluated), r => Assert.Null(r.NotEvaluatedReason));
    }
}
