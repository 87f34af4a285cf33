using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Swp.Requirements.Specs;
using Swp.Requirements.Deployments;
using Swp.Requirements.Generators.Tests.Infrastructure;

namespace Swp.Requirements.Generators.Tests;

/// <summary>
/// For random damage to frankfurt.swp.json, and for random well-formed deployment files, the
/// deployment generator never fails: no exception, no CS8785/AD0001, no SWP0999; its
/// diagnostics are SWP1xxx located inside the file; a JSON object always gives its class, and
/// the class compiles against the library.
/// </summary>
/// <remarks>
/// 2500 mutations and 1000 random files by default; <c>SWP_MUTATION_CASES=N</c> runs N of each
/// (see <see cref="MutationCases"/>).
/// </remarks>
public class DeploymentMutationProperties
{
    /// <summary>The default number of mutations of frankfurt.swp.json (SWP_MUTATION_CASES overrides it).</summary>
    public const int DefaultMutations = 2500;

    /// <summary>The default number of random well-formed files (SWP_MUTATION_CASES overrides it).</summary>
    public const int DefaultRandomFiles = 1000;

    [Fact]
    public void A_mutated_frankfurt_gives_compiling_output_or_located_swp1xxx_diagnostics() =>
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(MutationCases.Or(DefaultMutations)),
            Prop.ForAll(DeploymentArbitraries.Mutation(), mutation => DeploymentOracle.Mutated.Check(mutation.Apply(DeploymentHarness.FrankfurtText))));

    [Fact]
    public void A_random_well_formed_file_gives_compiling_output_and_only_rule_check_diagnostics() =>
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(MutationCases.Or(DefaultRandomFiles)),
            Prop.ForAll(DeploymentArbitraries.File(), file =>
            {
                GeneratorRun run = DeploymentOracle.RandomFiles.Check(file.Text);

                // Every value is of the schema's form and every ID is the spec's: what remains are the rule
                // checks, the exclusions and the summary; never a fault of form, and so never SWP1016.
                Assert.All(run.Diagnostics, d => Assert.Contains(d.Id, (string[])["SWP1010", "SWP1011", "SWP1012", "SWP1013", "SWP1014", "SWP1015", "SWP1017", "SWP1018", "SWP1019", "SWP1020", "SWP1021", "SWP1022", "SWP1025"]));
            }));

    [Fact]
    public void The_mutations_give_both_clean_files_and_files_with_errors()
    {
        // The properties above are only worth something if each of their branches is taken often:
        // no class (not JSON), a class with errors, a class without errors.
        (int NotAnObject, int WithErrors, int Clean) mutated = Branches(Gen.Sample(DeploymentArbitraries.Mutations, 600).Select(m => m.Apply(DeploymentHarness.FrankfurtText)));
        (int NotAnObject, int WithErrors, int Clean) random = Branches(Gen.Sample(DeploymentArbitraries.Files, 400).Select(f => f.Text));
        string counts = $"mutated {mutated}, random {random}";
        Assert.True(mutated.NotAnObject >= 30 && mutated.WithErrors >= 30 && mutated.Clean >= 10, counts);
        Assert.True(random.NotAnObject == 0 && random.WithErrors >= 20 && random.Clean >= 20, counts);
    }

    [Fact]
    public void The_oracle_rejects_a_location_in_another_file()
    {
        Diagnostic elsewhere = Diagnostic.Create(
            Diagnostics.DiagnosticDescriptors.DeploymentJsonSyntax,
            Location.Create(DeploymentHarness.PathOf("deploy/other.swp.json"), new TextSpan(0, 0), new LinePositionSpan(new(0, 0), new(0, 0))),
            "other.swp.json", "x");
        Assert.ThrowsAny<Exception>(() => MutationOracle.CheckLocation(elsewhere, "{}", DeploymentHarness.ProdPath));
    }

    private static (int NotAnObject, int WithErrors, int Clean) Branches(IEnumerable<string> texts)
    {
        (int NotAnObject, int WithErrors, int Clean) counts = default;
        foreach (string text in texts)
        {
            GeneratorRun run = DeploymentHarness.Run(text);
            if (run.Diagnostics.Any(d => d.Id == "SWP1001" || (d.Id == "SWP1005" && DeploymentFaults.Message(d).StartsWith("'the deployment'", StringComparison.Ordinal))))
            {
                counts.NotAnObject++;
            }
            else if (run.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                counts.WithErrors++;
            }
            else
            {
                counts.Clean++;
            }
        }

        return counts;
    }
}

/// <summary>What must hold for any deployment file text.</summary>
/// <param name="compileBudget">
/// At most this many compile checks: each distinct output is compiled once, until the budget is
/// spent, so the run time stays bounded however many texts are checked.
/// </param>
internal sealed class DeploymentOracle(int compileBudget)
{
    /// <summary>For the mutations of frankfurt.swp.json.</summary>
    public static readonly DeploymentOracle Mutated = new(150);

    /// <summary>For the random well-formed files.</summary>
    public static readonly DeploymentOracle RandomFiles = new(150);

    private readonly ConcurrentDictionary<string, bool> _compiled = new(StringComparer.Ordinal);

    private int _compileChecks;

    public GeneratorRun Check(string text)
    {
        GeneratorRun run = DeploymentHarness.Run(text);
        Assert.Null(run.Exception);
        Assert.All(run.AllRunDiagnostics, d => Assert.StartsWith("SWP1", d.Id, StringComparison.Ordinal)); // no CS8785, AD0001, SWP0999, ...
        foreach (Diagnostic diagnostic in run.Diagnostics)
        {
            MutationOracle.CheckLocation(diagnostic, text, DeploymentHarness.ProdPath);
        }

        bool notAnObject = run.Diagnostics.Any(d => d.Id == "SWP1001" || (d.Id == "SWP1005" && DeploymentFaults.Message(d).StartsWith("'the deployment'", StringComparison.Ordinal)));
        // Every file gives its class: built from what could be read, or empty when the file is not a JSON object.
        Assert.Equal("Deployments.Prod.g.cs", Assert.Single(run.Sources).HintName);
        if (notAnObject)
        {
            DeploymentFaults.AssertEmptyDeployment(run.Sources[0].SourceText.ToString());
        }
        else
        {
            DeploymentFaults.Summary(run); // exactly one summary, SWP1018 or SWP1022
        }

        string key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(run.Sources[0].SourceText.ToString())));
        if (_compiled.TryAdd(key, true) && Interlocked.Increment(ref _compileChecks) <= compileBudget)
        {
            Harness.AssertCompilesCleanly(run.OutputCompilation);
        }

        return run;
    }
}

/// <summary>Replaces the <see cref="Index"/>-th JSON token (string, number, true, false, null; modulo their count) with <see cref="Replacement"/>.</summary>
public sealed partial record ReplaceToken(int Index, string Replacement) : TextMutation
{
    public override string Apply(string text)
    {
        MatchCollection tokens = Token().Matches(text);
        if (tokens.Count == 0)
        {
            return text;
        }

        Match token = tokens[Clamp(Index, tokens.Count)];
        return string.Concat(text.AsSpan(0, token.Index), Replacement, text.AsSpan(token.Index + token.Length));
    }

    [GeneratedRegex("\"(?:[^\"\\\\\\n]|\\\\.)*\"|-?[0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null")]
    private static partial Regex Token();
}

/// <summary>A well-formed deployment file made from a seed: every value has the schema's form and every ID is the spec's.</summary>
public sealed record RandomDeployment(int Seed, string Text)
{
    public override string ToString() => $"RandomDeployment {{ Seed = {Seed} }}\n{Text}";
}

/// <summary>FsCheck's generators of deployment-file mutations and of random well-formed deployment files.</summary>
public static class DeploymentArbitraries
{
    private static readonly RequirementSpec s_spec = DeploymentHarness.Spec;

    private static readonly int s_length = DeploymentHarness.FrankfurtText.Length;

    private static readonly int s_lines = DeploymentHarness.FrankfurtText.Split('\n').Length;

    private static readonly char[] s_chars = [',', ':', '{', '}', '[', ']', '"', '0', '-', '/', '.', '\\', 'é', ' ', ' ', '\n', '\t'];

    /// <summary>JSON values a token may become: the spec's IDs, near misses, good and bad addresses, ports and protocols, other types.</summary>
    private static readonly string[] s_values =
    [
        .. s_spec.Components.Select(c => Quote(c.Id)),
        .. s_spec.Conditions.Select(c => Quote(c.Id)),
        .. s_spec.Regions.Select(r => Quote(r.Id)),
        "\"relay\"", "\"agnet\"", "\"Any\"", "\"any\"", "\"proxy\"", "\"allow\"", "\"ports\"", "\"source\"", "\"protocol\"", "\"description\"",
        "\"server-workload-protection:443\"", "\"relay:4122\"", "\"relay:04122\"", "\"siem-syslog-server:514\"", "\"agent:0\"", "\"web-proxy:1443\"",
        "\"scope\"", "\"exclude\"", "\"flow\"", "\"reason\"", "[\"agent\", \"relay\"]", "[\"10.20.0.0/16\", \"any\"]", "[]",
        "\"agent->relay 4122/tcp\"", "\"agent-relay 4122\"", "{ \"flow\": \"agent->dns-server 53/udp\", \"reason\": \"r\" }",
        "\"10.20.0.0/16\"", "\"10.20.0.1/16\"", "\"010.20.0.0/16\"", "\"10.20/16\"", "\"10.20.0.0/33\"", "\"0.0.0.0/0\"", "\"3.69.198.64/27\"", "\"10.30.0.5\"",
        "\"workload.de-1.cloudone.trendmicro.com\"", "\"*.example.com\"", "\"3rd.example.com\"",
        "\"tcp\"", "\"udp\"", "\"TCP\"", "\"8000-8100\"", "\"10-5\"", "\"4118\"", "\"0443\"", "\"abc\"", "\"\"", "\"é\\u0000\\ud800\"",
        "0", "1", "443", "1443", "4118", "65535", "65536", "70000", "1e3", "443.0", "-1",
        "true", "false", "null", "[]", "{}", "[\"siem\"]", "{ \"agent\": \"10.0.0.0/8\" }",
    ];

    private static readonly Gen<TextMutation> s_edit = Gen.Frequency(
        (10, Gen.Choose(0, 10_000).Zip(Gen.Elements(s_values), (i, v) => (TextMutation)new ReplaceToken(i, v))),
        (3, Gen.Choose(0, s_length).Zip(Gen.Frequency((4, Gen.Choose(1, 3)), (1, Gen.Choose(4, 200))), (s, l) => (TextMutation)new DeleteRange(s, l))),
        (4, Gen.Choose(0, s_length).Zip(Gen.Elements(s_chars), (at, c) => (TextMutation)new InsertChar(at, c))),
        (2, Gen.Choose(0, s_lines - 1).Select(l => (TextMutation)new DuplicateLine(l))),
        (2, Gen.Choose(0, s_lines - 1).Zip(Gen.Choose(0, s_lines - 1), (a, b) => (TextMutation)new SwapLines(a, b))),
        (1, Gen.Choose(0, s_length).Select(l => (TextMutation)new Truncate(l))));

    public static Gen<SpecMutation> Mutations { get; } =
        Gen.Frequency((6, Gen.Constant(1)), (2, Gen.Constant(2)), (1, Gen.Constant(3))).SelectMany(n => s_edit.ListOf(n)).Select(edits => new SpecMutation([.. edits]));

    public static Gen<RandomDeployment> Files { get; } =
        Gen.Choose(0, int.MaxValue).Select(seed => new RandomDeployment(seed, Build(new Random(seed))));

    public static Arbitrary<SpecMutation> Mutation() => Arb.From(Mutations, Shrink);

    public static Arbitrary<RandomDeployment> File() => Arb.From(Files);

    /// <summary>Shrinks by dropping edits, so a failure is shown with the fewest edits that still fail.</summary>
    private static IEnumerable<SpecMutation> Shrink(SpecMutation mutation)
    {
        for (int i = 0; mutation.Edits.Count > 1 && i < mutation.Edits.Count; i++)
        {
            yield return new SpecMutation([.. mutation.Edits.Where((_, j) => j != i)]);
        }
    }

    private static string Build(Random random)
    {
        var properties = new List<string>();
        if (random.Next(4) == 0)
        {
            properties.Add("\"description\": \"Random deployment\"");
        }

        if (random.Next(10) < 7)
        {
            properties.Add("\"region\": " + Quote(s_spec.Regions[random.Next(s_spec.Regions.Count)].Id));
        }

        string[] conditions = [.. s_spec.Conditions.Where(_ => random.Next(10) < 3).Select(c => Quote(c.Id))];
        if (conditions.Length > 0 || random.Next(2) == 0)
        {
            properties.Add("\"conditions\": [" + string.Join(", ", conditions) + "]");
        }

        var ports = new List<string>();
        if (random.Next(10) < 3)
        {
            ports.Add("\"proxy\": " + Port(random));
        }

        if (random.Next(10) < 3)
        {
            FlowRow flow = s_spec.Flows[random.Next(s_spec.Flows.Count)];
            ports.Add(Quote($"{s_spec.Components[flow.Destination].Id}:{flow.Port}") + ": " + Port(random));
        }

        if (ports.Count > 0)
        {
            properties.Add("\"ports\": { " + string.Join(", ", ports) + " }");
        }

        var addresses = new List<string>();
        foreach (ComponentItem component in s_spec.Components)
        {
            if (random.Next(2) == 0)
            {
                string[] networks = [.. Enumerable.Range(0, random.Next(1, 3)).Select(_ => Quote(Cidr(random)))];
                addresses.Add(Quote(component.Id) + ": " + (networks.Length == 1 && random.Next(2) == 0 ? networks[0] : "[" + string.Join(", ", networks) + "]"));
            }
        }

        if (addresses.Count > 0)
        {
            properties.Add("\"addresses\": {\n    " + string.Join(",\n    ", addresses) + "\n  }");
        }

        if (random.Next(5) == 0)
        {
            string[] scope = [.. s_spec.Components.Where(_ => random.Next(4) == 0).Select(c => Quote(c.Id))];
            properties.Add("\"scope\": [" + string.Join(", ", scope.Length == 0 ? [Quote("agent")] : scope) + "]");
        }

        if (random.Next(4) == 0)
        {
            // Flows of the spec, required here or not (SWP1020 or SWP1021), by their default port, on their IP protocol or "any".
            string[] exclusions = [.. Enumerable.Range(0, random.Next(1, 3)).Select(_ =>
            {
                FlowRow flow = s_spec.Flows[random.Next(s_spec.Flows.Count)];
                string protocol = random.Next(3) == 0 ? "any" : flow.IPProtocol.Id();
                string key = $"{s_spec.Components[flow.Source].Id}->{s_spec.Components[flow.Destination].Id} {flow.Port.ToString(CultureInfo.InvariantCulture)}/{protocol}";
                return $"{{ \"flow\": {Quote(key)}, \"reason\": \"Not through this firewall\" }}";
            }).Distinct()];
            properties.Add("\"exclude\": [\n    " + string.Join(",\n    ", exclusions) + "\n  ]");
        }

        if (random.Next(2) == 0)
        {
            var rules = new List<string>();
            if (random.Next(3) == 0)
            {
                rules.Add(DeploymentTexts.CatchAll);
            }

            for (int i = random.Next(9); i > 0; i--)
            {
                rules.Add(Rule(random));
            }

            properties.Add("\"allow\": [\n    " + string.Join(",\n    ", rules) + "\n  ]");
        }

        return "{\n  " + string.Join(",\n  ", properties) + "\n}\n";
    }

    private static string Rule(Random random)
    {
        string source = random.Next(5) switch
        {
            0 => "any",
            1 => Cidr(random),
            2 => random.Next(2) == 0 ? "0.0.0.0/0" : Subnet(s_spec.Regions[random.Next(s_spec.Regions.Count)], random),
            _ => s_spec.Components[random.Next(s_spec.Components.Count)].Id,
        };
        string destination = random.Next(6) switch
        {
            0 => "any",
            1 => Cidr(random),
            2 => new[] { "workload.de-1.cloudone.trendmicro.com", "*.trendmicro.com", "api.example.com" }[random.Next(3)],
            _ => s_spec.Components[random.Next(s_spec.Components.Count)].Id,
        };
        int[] known = [.. s_spec.Flows.Select(f => f.Port).Distinct()];
        string[] ports = [.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.Next(4) switch
        {
            0 => Port(random),
            1 => Quote(known[random.Next(known.Length)].ToString(CultureInfo.InvariantCulture)),
            2 => RangeAround(random, known[random.Next(known.Length)]),
            _ => known[random.Next(known.Length)].ToString(CultureInfo.InvariantCulture),
        })];
        string protocol = new[] { "tcp", "udp", "any" }[random.Next(3)];
        string description = random.Next(4) == 0 ? ", \"description\": \"a rule\"" : "";
        string sources = random.Next(4) == 0 ? $"[{Quote(source)}, {Quote(Cidr(random))}]" : Quote(source);
        string destinations = random.Next(5) == 0 ? $"[{Quote(destination)}, {Quote(s_spec.Components[random.Next(s_spec.Components.Count)].Id)}]" : Quote(destination);
        return $"{{ \"source\": {sources}, \"destination\": {destinations}, \"ports\": [{string.Join(", ", ports)}], \"protocol\": {Quote(protocol)}{description} }}";
    }

    private static string Port(Random random) => random.Next(1, 65536).ToString(CultureInfo.InvariantCulture);

    private static string RangeAround(Random random, int port)
    {
        int first = Math.Max(1, port - random.Next(0, 50));
        int last = Math.Min(65535, port + random.Next(0, 50));
        return Quote($"{first.ToString(CultureInfo.InvariantCulture)}-{last.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>A strict CIDR: host bits clear, or a bare address for a /32.</summary>
    private static string Cidr(Random random)
    {
        int prefix = random.Next(4) == 0 ? 32 : random.Next(0, 33);
        uint address = (uint)random.NextInt64(0, 1L << 32);
        uint network = prefix == 0 ? 0 : address & (uint.MaxValue << (32 - prefix));
        string dotted = string.Join(".", new[] { network >> 24, (network >> 16) & 0xFF, (network >> 8) & 0xFF, network & 0xFF }.Select(o => o.ToString(CultureInfo.InvariantCulture)));
        return prefix == 32 && random.Next(2) == 0 ? dotted : $"{dotted}/{prefix.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>One of the region's subnets, as the spec writes it.</summary>
    private static string Subnet(RegionItem region, Random random) => region.Subnets[random.Next(region.Subnets.Count)].ToString();

    private static string Quote(string text) => "\"" + text + "\"";
}
