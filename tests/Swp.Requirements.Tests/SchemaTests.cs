using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Swp.Requirements.Tests;

/// <summary>
/// The JSON Schemas stay true: the spec validates against its schema, every deployment example
/// in the repository (README, docs, tests) against the deployment schema, and the schema's ID
/// lists are the spec's IDs. Validated by a real JSON Schema library (JsonSchema.Net).
/// </summary>
public partial class SchemaTests
{
    private static readonly string Root = FindRoot();

    [Theory]
    [InlineData("spec/swp-requirements.json")]
    [InlineData("spec/versions/swp-requirements-1.0.0.json")]
    public void The_spec_validates_against_its_schema(string path)
    {
        AssertValid(Schema("spec/swp-requirements.schema.json"), File.ReadAllText(Path.Combine(Root, path)), path);
    }

    [Fact]
    public void Every_deployment_example_validates_against_the_deployment_schema()
    {
        JsonSchema schema = Schema("spec/swp-deployment.schema.json");
        List<(string Where, string Json)> examples = DeploymentExamples();

        Assert.True(examples.Count >= 5, $"only {examples.Count} examples found");
        Assert.Contains(examples, e => e.Where.StartsWith("README.md", StringComparison.Ordinal));
        foreach ((string where, string json) in examples)
        {
            AssertValid(schema, json, where);
        }
    }

    [Fact]
    public void A_broken_deployment_does_not_validate()
    {
        EvaluationResults results = Schema("spec/swp-deployment.schema.json").Evaluate(JsonDocument.Parse("""{ "region": "germny", "ports": { "proxy": "3128" } }""").RootElement, Options);

        Assert.False(results.IsValid);
    }

    [Fact]
    public void The_deployment_schemas_id_lists_are_the_specs_ids()
    {
        JsonNode spec = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "spec/swp-requirements.json")))!;
        JsonNode schema = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "spec/swp-deployment.schema.json")))!;

        Assert.Equal(Ids(spec["components"]!), Strings(schema["$defs"]!["component"]!["enum"]!));
        Assert.Equal(Ids(spec["conditions"]!), Strings(schema["properties"]!["conditions"]!["items"]!["enum"]!));
        Assert.Equal(Ids(spec["regions"]!), Strings(schema["properties"]!["region"]!["enum"]!));
        string pattern = schema["properties"]!["ports"]!["propertyNames"]!["pattern"]!.GetValue<string>();
        Assert.All(Ids(spec["namedPorts"]!), id => Assert.Matches(pattern, id));
        Assert.Matches(pattern, "vcenter:443");
        Assert.DoesNotMatch(pattern, "vcenter:0443");
    }

    [Fact]
    public void The_deployment_schemas_firewall_formats_are_the_readers()
    {
        JsonNode schema = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "spec/swp-deployment.schema.json")))!;
        JsonNode format = schema["properties"]!["firewalls"]!["items"]!["properties"]!["format"]!;

        Assert.Equal(Swp.Requirements.Firewalls.Read.FirewallReaders.Ids, Strings(format["enum"]!));
        Assert.Equal(Swp.Requirements.Firewalls.Read.FirewallReaders.Exports(", ") + ".", format["description"]!.GetValue<string>());
    }

    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List };

    private static string[] Ids(JsonNode list) => [.. list.AsArray().Select(n => n!["id"]!.GetValue<string>())];

    private static string[] Strings(JsonNode list) => [.. list.AsArray().Select(n => n!.GetValue<string>())];

    // JsonSchema.Net registers a schema by its $id once per process: load each file once.
    private static readonly Dictionary<string, JsonSchema> s_schemas = [];

    private static JsonSchema Schema(string path)
    {
        lock (s_schemas)
        {
            if (!s_schemas.TryGetValue(path, out JsonSchema? schema))
            {
                schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(Root, path)));
                s_schemas[path] = schema;
            }

            return schema;
        }
    }

    private static void AssertValid(JsonSchema schema, string json, string where)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        EvaluationResults results = schema.Evaluate(document.RootElement, Options);
        string errors = string.Join("; ", (results.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));
        Assert.True(results.IsValid, $"{where} does not validate: {errors}");
    }

    /// <summary>
    /// The repository's deployment files, and every ```json block of README.md and docs/*.md that
    /// is a deployment (it names "allow", "region" or "conditions" at its top level and no
    /// "specVersion"). docs/diagnostics.md is left out: its examples show faults on purpose.
    /// </summary>
    private static List<(string, string)> DeploymentExamples()
    {
        var examples = new List<(string, string)>();
        foreach (string file in Directory.EnumerateFiles(Path.Combine(Root, "tests"), "*.swp.json", SearchOption.AllDirectories).Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal)))
        {
            examples.Add((Path.GetRelativePath(Root, file), File.ReadAllText(file)));
        }

        foreach (string file in Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md").Where(f => Path.GetFileName(f) != "diagnostics.md").Prepend(Path.Combine(Root, "README.md")))
        {
            foreach (Match block in JsonBlock().Matches(File.ReadAllText(file)))
            {
                string json = block.Groups[1].Value;
                bool isDeployment;
                try
                {
                    isDeployment = JsonNode.Parse(json) is JsonObject o && !o.ContainsKey("specVersion") && (o.ContainsKey("allow") || o.ContainsKey("region") || o.ContainsKey("conditions"));
                }
                catch (Exception e) when (e is JsonException or ArgumentException)
                {
                    continue; // fragments and examples of broken files (e.g. a duplicate property), not deployments
                }

                if (isDeployment)
                {
                    examples.Add((Path.GetRelativePath(Root, file) + " example at offset " + block.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), json));
                }
            }
        }

        return examples;
    }

    [GeneratedRegex("```json\\n(.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    private static string FindRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Swp.Requirements.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("Swp.Requirements.sln not found above " + AppContext.BaseDirectory);
    }
}
