using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Swp.Requirements.Firewalls.Tests.Tools;

namespace Swp.Requirements.Firewalls.Tests.Render;

/// <summary>
/// Random descriptions (quotes, backslashes, newlines, controls, non-ASCII, lone surrogates, every
/// dialect's expression syntax) render in every dialect, read back with the dialect's parser, and
/// come back either as they were or sanitised exactly as the renderer's documentation says.
/// </summary>
public class DescriptionPropertyTests
{
    private static readonly string[] Pieces =
    [
        "a", "Z", "0", " ", "-", ">", "->", "<", "\"", "'", "\\", "\\\"", "`", "$", "${", "%{", "{", "}", "[", "]", "(", ")",
        "|", "#", ";", "&", "*", "/", "*/", "<#", "#>", "@(", "\n", "\r\n", "\t", "\0", "\u0085", "\u007f", "\u2028", "\u2029",
        "\u202e", "\ufeff", "\u00e9", "\u00df", "\u2018", "\u201d", "\u65e5", "\ud83d\udd25", "\ud800", "\udc00", "\uffff",
        "agent -> server-workload-protection 443/tcp https",
    ];

    /// <summary>Any text, weighted towards the characters that break formats.</summary>
    public static Arbitrary<string> Descriptions() =>
        Gen.Elements(Pieces).ListOf().Select(parts => string.Concat(parts)).ToArbitrary();

    private static readonly Flow Https = Flows.From(Component.Agent).ToArray().First(f => f.Destination == Component.ServerWorkloadProtection && f.Port == 443);
    private static readonly Flow Dns = Flows.From(Component.Agent).ToArray().First(f => f.Destination == Component.DnsServer);

    /// <summary>
    /// One rule per description: HTTPS to the manager by domain names for even ones, DNS for odd
    /// ones, each to an address of its own (so no two rules make the same AWS rule), except the
    /// first, which has only the domain names.
    /// </summary>
    private static FirewallPolicy PolicyOf(IReadOnlyList<string> descriptions, string remark = "remark")
    {
        var builder = new TestPolicies.PolicyBuilder(Component.Agent);
        for (int i = 0; i < descriptions.Count; i++)
        {
            bool even = i % 2 == 0;
            builder.Add(RuleDirection.Egress, even ? Https : Dns,
                remote: i == 0 ? null : [IPv4Network.Parse($"10.0.{i}.2/32")],
                domains: even ? TestPolicies.GermanyManagerDomains : null,
                description: descriptions[i],
                remarks: [remark],
                name: $"swp-r-{i}");
        }

        return builder.Build([remark]);
    }

    private static readonly string[] LineFormats = ["iptables", "nftables", "windows", "terraform-aws", "azure", "squid"];

    // ------------------------------------------------------------------ in process: every description, many times

    [Property(MaxTest = 300)]
    public Property Every_dialect_renders_any_description_and_keeps_it_or_sanitises_it_as_documented() =>
        Prop.ForAll(Descriptions(), Descriptions(), (description, remark) =>
        {
            FirewallPolicy policy = PolicyOf([description, description], remark);
            FirewallPolicy plain = PolicyOf(["x", "x"], "r");
            foreach (FirewallRenderer renderer in FirewallRenderers.All)
            {
                string output = renderer.Render(policy);
                Assert.EndsWith("\n", output, StringComparison.Ordinal);
                Assert.DoesNotContain('\r', output);
                if (LineFormats.Contains(renderer.Format))
                {
                    // No text ever adds a line: the same policy with plain text has as many lines.
                    Assert.Equal(renderer.Render(plain).Count(c => c == '\n'), output.Count(c => c == '\n'));
                }
            }

            string label0 = "swp-r-0: " + description;
            string label1 = "swp-r-1: " + description;

            // Windows: PowerShell's parser, and the literal values it reads.
            PowerShellScriptCheck script = ExternalTools.PowerShellParse(new WindowsFirewallRenderer().Render(policy)).EnsureOk();
            string expectedDescription = Sanitized.Ascii(description, '?').Replace('|', '/');
            Assert.All(script.FirewallRules, r =>
            {
                Assert.Equal(expectedDescription.Length == 0 ? null : expectedDescription, r.Value("Description"));
                Assert.Equal(Sanitized.Ascii(r.Value("Name") + ": " + description, '?').Replace('|', '/'), r.Value("DisplayName"));
            });

            // CloudFormation: strict JSON; the rule's description sanitised, the metadata's as it was.
            JsonNode template = JsonNode.Parse(new AwsCloudFormationRenderer().Render(policy))!;
            JsonNode group = template["Resources"]!["SecurityGroup1"]!;
            JsonArray egress = group["Properties"]!["SecurityGroupEgress"]!.AsArray();
            Assert.Equal(Sanitized.Aws(label0), (string?)egress[0]!["Description"]);
            Assert.Equal(Sanitized.Aws(label1), (string?)egress[1]!["Description"]);
            Assert.Equal(WellFormed(description), (string?)group["Metadata"]!["Swp.Requirements"]!["Rules"]![0]!["Description"]);

            // ARM: strict JSON; the description sanitised (and never an expression), the metadata's on one line.
            JsonNode arm = JsonNode.Parse(new AzureArmRenderer().Render(policy))!;
            string azure = Sanitized.Azure(description);
            string armDescription = azure.StartsWith('[') && azure.EndsWith(']') ? "[" + azure : azure;
            Assert.Equal(armDescription, (string?)arm["resources"]![0]!["properties"]!["securityRules"]![0]!["properties"]!["description"]);
            Assert.Equal(Sanitized.Clean(description), (string?)arm["metadata"]!["rules"]!["swp-r-0"]!["description"]);

            // iptables and nftables comments as the files spell them (the tools read them back in the test below).
            string iptables = new IptablesRenderer().Render(policy);
            Assert.Equal([Sanitized.Iptables(label0), Sanitized.Iptables(label1)], IptablesComments(iptables));
            string nft = new NftablesRenderer().Render(policy);
            Assert.Equal([Sanitized.Nft(label0), Sanitized.Nft(label1)], Regex.Matches(nft, "comment \"([^\"]*)\"\n").Select(m => m.Groups[1].Value));
        });

    /// <summary>The text with each lone surrogate as U+FFFD (what a JSON parser returns for the writer's \ufffd).</summary>
    private static string WellFormed(string text)
    {
        var builder = new StringBuilder();
        foreach (Rune rune in text.EnumerateRunes())
        {
            builder.Append(rune.ToString());
        }

        return builder.ToString();
    }

    private static List<string> IptablesComments(string text) =>
        [.. text.Split('\n')
            .Where(l => l.StartsWith("-A SWP-EGRESS -", StringComparison.Ordinal) && l.Contains("--ctstate NEW", StringComparison.Ordinal))
            .Select(l => LoadReadBackTests.Unquote(l[(l.IndexOf("--comment ", StringComparison.Ordinal) + 10)..^" -j ACCEPT".Length]))];

    // ------------------------------------------------------------------ the real tools: batches of descriptions

    /// <summary>
    /// The seed of this run's random batches: <c>SWP_DESCRIPTION_SEED</c> replays a failing run (the
    /// failure names it); otherwise a new one each run.
    /// </summary>
    private static readonly ulong s_seed = ulong.TryParse(Environment.GetEnvironmentVariable("SWP_DESCRIPTION_SEED"), out ulong given)
        ? given
        : (ulong)Random.Shared.NextInt64(1, long.MaxValue);

    /// <summary>Four batches of 12 random descriptions (FsCheck's generator at size 50), from <see cref="s_seed"/>: <c>Gen.Sample(gen, count, seed, size)</c>.</summary>
    private static readonly Lazy<string[][]> s_batches = new(() => Gen.Sample(Gen.ArrayOf(Descriptions().Generator, 12), 4, new Rnd(s_seed), 50));

    private static IReadOnlyList<string> Batch(int batch)
    {
        if (batch == 0)
        {
            return TestPolicies.HostileDescriptions;
        }

        Assert.Equal(4, s_batches.Value.Length);
        Assert.Equal(12, s_batches.Value[batch - 1].Length);
        return s_batches.Value[batch - 1];
    }

    /// <summary>
    /// Every batch's Bicep, built in one bicep process (it takes about 2 s to start): each batch
    /// reads its own ARM JSON from it.
    /// </summary>
    private static readonly Lazy<IReadOnlyDictionary<string, ToolResult>> s_bicep = new(() =>
        ExternalTools.BicepBuildAll(Enumerable.Range(0, 5).ToDictionary(
            b => $"batch-{b.ToString(System.Globalization.CultureInfo.InvariantCulture)}.bicep",
            b => new AzureBicepRenderer().Render(PolicyOf(Batch(b), Remark(Batch(b)))),
            StringComparer.Ordinal)));

    /// <summary>
    /// Batch 0: the hostile descriptions; batches 1–4: 12 random descriptions each. Each batch is
    /// one policy, each dialect read by its tool once per batch. A batch per test keeps each test
    /// short; a failure names the seed that replays it.
    /// </summary>
    [SkippableTheory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Every_tool_reads_descriptions_back_as_documented(int batch)
    {
        try
        {
            CheckWithTools(Batch(batch), s_bicep.Value[$"batch-{batch.ToString(System.Globalization.CultureInfo.InvariantCulture)}.bicep"]);
        }
        catch (Exception e) when (batch > 0 && e is not (ToolMissingException or SkipException))
        {
            throw new InvalidOperationException($"Batch {batch} of seed {s_seed} (SWP_DESCRIPTION_SEED={s_seed} replays it): {string.Join(" | ", Batch(batch))}", e);
        }
    }

    private static string Remark(IReadOnlyList<string> descriptions) => descriptions.Count > 1 ? descriptions[1] : "remark";

    private static void CheckWithTools(IReadOnlyList<string> descriptions, ToolResult bicepBuild)
    {
        FirewallPolicy policy = PolicyOf(descriptions, Remark(descriptions));
        string[] labels = [.. policy.Rules.Select(r => r.Name + ": " + r.Description)];

        // iptables: loaded into a private namespace; iptables-save gives each comment back.
        string saved = ExternalTools.IptablesLoadAndSave(new IptablesRenderer().Render(policy));
        Assert.Equal(labels.Select(Sanitized.Iptables), IptablesComments(saved));

        // nftables: loaded; nft -j list ruleset gives each comment back.
        LoadReadBackTests.NftRuleset nft = LoadReadBackTests.NftRuleset.Load(new NftablesRenderer().Render(policy));
        Assert.Equal(labels.Select(Sanitized.Nft), nft.Rules["output"].Skip(1).Select(r => r.Comment));

        // squid, cfn-lint, hcl2json, bicep (build and decompile): accepted.
        ExternalTools.SquidParse(new SquidRenderer().Render(policy)).EnsureOk();
        ExternalTools.CfnLint(new AwsCloudFormationRenderer().Render(policy)).EnsureOk();
        using (JsonDocument hcl = JsonDocument.Parse(ExternalTools.Hcl2Json(new TerraformAwsRenderer().Render(policy))))
        {
            JsonElement rules = hcl.RootElement.GetProperty("resource").GetProperty("aws_vpc_security_group_egress_rule");
            // By resource name (hcl2json sorts them); hcl2json keeps a template's $${ escape as written, HCL reads it as ${.
            Dictionary<string, string> read = rules.EnumerateObject().ToDictionary(
                r => r.Name, r => r.Value[0].GetProperty("description").GetString()!.Replace("$${", "${", StringComparison.Ordinal));
            Assert.Equal(policy.Rules.Count, read.Count);
            Assert.All(policy.Rules, r => Assert.Equal(Sanitized.Aws(r.Name + ": " + r.Description), read[r.Name]));
        }

        string built = bicepBuild.EnsureOk().StdOut;
        JsonNode resources = JsonNode.Parse(built)!["resources"]!;
        JsonNode nsg = resources is JsonArray array ? array[0]! : resources.AsObject().First().Value!;
        JsonArray securityRules = nsg["properties"]!["securityRules"]!.AsArray();
        Assert.Equal(
            policy.Rules.Select(r => Sanitized.Azure(r.Description)).Select(d => d.StartsWith('[') && d.EndsWith(']') ? "[" + d : d),
            securityRules.Select(r => (string?)r!["properties"]!["description"]));
        ExternalTools.BicepDecompileArm(new AzureArmRenderer().Render(policy)).EnsureOk();
    }
}
