using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using Swp.Requirements.Diagnostics;
using Swp.Requirements.Json;
using Swp.Requirements.Specs;

namespace Swp.Requirements.Deployments;

/// <summary>
/// Reads a deployment file's JSON into a <see cref="DeploymentDocument"/>: the shape only.
/// IDs, addresses and the rule check are <see cref="DeploymentChecker"/>'s job.
/// </summary>
internal static class DeploymentParser
{
    private static readonly StructureDiagnostics Ids = StructureDiagnostics.Deployment;

    /// <summary>Parses the text; returns null when it is not JSON or not an object (reported).</summary>
    public static DeploymentDocument? Parse(string text, DiagnosticBag bag, CancellationToken cancellationToken)
    {
        if (ObjectReader.ParseRoot(text, "the deployment", bag, Ids, cancellationToken) is not { } rootObject)
        {
            return null;
        }

        var reader = new ObjectReader(rootObject, "the deployment", bag, Ids, "$schema", "description", "region", "conditions", "ports", "addresses", "scope", "exclude", "allow", "firewalls");
        reader.String("$schema", required: false);
        var document = new DeploymentDocument
        {
            Range = rootObject.Range,
            Description = reader.String("description", required: false)?.Value,
            Region = reader.String("region", required: false),
        };
        document.Conditions.AddRange(reader.Strings("conditions", required: false));

        foreach (JsonMember member in Members(reader.Object("ports", required: false), bag))
        {
            // A changed port is a JSON integer, as in the schema: one rule for the file and its schema.
            if (member.Value is JsonNumber number && ObjectReader.TryParsePort(number.Text, out int port))
            {
                document.Ports.Add((new Located<string>(member.Name, member.NameRange), new Located<int>(port, number.Range)));
            }
            else
            {
                bag.Add(FindingDescriptors.DeploymentInvalidPort.Id, member.Value.Range, Show(member.Value), WhyNotAChangedPort(member.Value));
            }
        }

        if (reader.Array("scope", required: false) is { } scope)
        {
            document.Scope = [.. reader.Strings("scope", required: false)];
            if (scope.Items.Count == 0)
            {
                bag.Add(FindingDescriptors.DeploymentInvalidValue.Id, scope.Range, "[]", "scope", "at least one component ID (leave \"scope\" out for every component)");
            }
        }

        foreach (JsonValue item in reader.Array("exclude", required: false)?.Items ?? [])
        {
            if (ObjectReader.AsObject(item, "exclusion", bag, Ids) is { } exclusion)
            {
                var e = new ObjectReader(exclusion, "exclusion", bag, Ids, "flow", "reason");
                Located<string>? flow = e.String("flow");
                Located<string>? reason = e.String("reason");
                if (flow is { } f && reason is { } why)
                {
                    if (why.Value.Trim().Length == 0)
                    {
                        bag.Add(FindingDescriptors.DeploymentInvalidValue.Id, why.Range, why.Value, "reason", "why the firewall does not carry the flow");
                    }

                    document.Exclude.Add((f, why.Value));
                }
            }
        }

        foreach (JsonMember member in Members(reader.Object("addresses", required: false), bag))
        {
            var values = new List<Located<string>>();
            JsonValue[] items = member.Value is JsonArray array ? [.. array.Items] : [member.Value];
            foreach (JsonValue item in items)
            {
                if (item is JsonString s)
                {
                    values.Add(new Located<string>(s.Value, s.Range));
                }
                else
                {
                    bag.Add(Ids.WrongType.Id, item.Range, member.Name + " address", "string", item.TypeName);
                }
            }

            document.Addresses.Add((new Located<string>(member.Name, member.NameRange), values));
        }

        foreach (JsonValue item in reader.Array("firewalls", required: false)?.Items ?? [])
        {
            if (ObjectReader.AsObject(item, "firewall", bag, Ids) is { } firewall)
            {
                var f = new ObjectReader(firewall, "firewall", bag, Ids, "path", "format", "for", "groups", "vnet", "interfaces");
                Located<string>? path = f.String("path");
                Located<string>? format = f.String("format");
                Located<string>? component = f.String("for");
                List<Located<string>> groups = f.Strings("groups", required: false);
                List<Located<string>> vnet = f.Strings("vnet", required: false);
                List<Located<string>> interfaces = f.Strings("interfaces", required: false);
                if (path is { } p && format is { } fmt && component is { } c)
                {
                    document.Firewalls.Add(new FirewallDocument(firewall.Range, p, fmt, c) { Groups = groups, Vnet = vnet, Interfaces = interfaces });
                }
            }
        }

        if (reader.Array("allow", required: false) is { } allow)
        {
            document.AllowRange = reader.NameRange("allow");
            foreach (JsonValue item in allow.Items)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (ObjectReader.AsObject(item, "rule", bag, Ids) is { } rule)
                {
                    document.Rules.Add(Rule(rule, bag));
                }
            }
        }

        return document;
    }

    private static RuleDocument Rule(JsonObject node, DiagnosticBag bag)
    {
        var r = new ObjectReader(node, "rule", bag, Ids, "source", "destination", "ports", "protocol", "description");
        List<Located<string>>? source = Endpoints(r, "source", bag);
        List<Located<string>>? destination = Endpoints(r, "destination", bag);
        Located<string>? protocol = r.String("protocol");
        r.String("description", required: false);
        var ports = new List<Located<(int, int)>>();
        JsonArray? array = r.Array("ports");
        foreach (JsonValue item in array?.Items ?? [])
        {
            if (Port(item, bag) is { } port)
            {
                ports.Add(port);
            }
        }

        if (array is not null && array.Items.Count == 0)
        {
            bag.Add(FindingDescriptors.DeploymentInvalidValue.Id, array.Range, "[]", "ports", "at least one port or range");
        }

        // Rule-level findings about the source (SWP1012) stand at its value, as they did before lists.
        // A part that is missing or wrong (reported) stays absent, and the rule stays in the check:
        // the checker leaves the flows it might cover unchecked (root cause first), not missing.
        TextRange sourceRange = r.Value("source", required: false)?.Range ?? node.Range;
        return new RuleDocument(node.Range, sourceRange, source, destination, ports, protocol);
    }

    /// <summary>A rule's source or destination: one string, or a non-empty list of them.</summary>
    private static List<Located<string>>? Endpoints(ObjectReader r, string name, DiagnosticBag bag)
    {
        JsonValue? value = r.Value(name, required: true);
        switch (value)
        {
            case null:
                return null;
            case JsonString s:
                return [new Located<string>(s.Value, s.Range)];
            case JsonArray a when a.Items.Count == 0:
                bag.Add(FindingDescriptors.DeploymentInvalidValue.Id, a.Range, "[]", name, "at least one endpoint");
                return null;
            case JsonArray a:
                var list = new List<Located<string>>();
                foreach (JsonValue item in a.Items)
                {
                    if (item is JsonString text)
                    {
                        list.Add(new Located<string>(text.Value, text.Range));
                    }
                    else
                    {
                        bag.Add(Ids.WrongType.Id, item.Range, name, "string", item.TypeName);
                    }
                }

                return list.Count == a.Items.Count ? list : null;
            default:
                bag.Add(Ids.WrongType.Id, value.Range, name, "string or array", value.TypeName);
                return null;
        }
    }

    /// <summary>
    /// A port or port range: a JSON integer 1–65535, or a string holding one (<c>"4118"</c>) or a
    /// range of two (<c>"8000-8100"</c>, first ≤ last). Anything else is reported.
    /// </summary>
    private static Located<(int First, int Last)>? Port(JsonValue value, DiagnosticBag bag)
    {
        if (value is JsonNumber number && ObjectReader.TryParsePort(number.Text, out int port))
        {
            return new Located<(int, int)>((port, port), value.Range);
        }

        // "8000-8100": the project's one port-range rule (PortText), not a second copy of it.
        if (value is JsonString s && Net.PortText.TryParseRange(s.Value.AsSpan(), out int first, out int last))
        {
            return new Located<(int, int)>((first, last), value.Range);
        }

        bag.Add(FindingDescriptors.DeploymentInvalidPort.Id, value.Range, Show(value), "not valid: a port is an integer from 1 to 65535, or a range \"FIRST-LAST\" of such integers");
        return null;
    }

    /// <summary>
    /// What is wrong with a refused value of the top-level <c>ports</c> (SWP1008's "Port X is ..."):
    /// a string that holds a valid port is refused for being a string, and the message says which
    /// integer to write; anything else is not a port.
    /// </summary>
    private static string WhyNotAChangedPort(JsonValue value) => value switch
    {
        JsonString s when ObjectReader.TryParsePort(s.Value, out int port) => "a string: write it as the integer " + port.ToString(CultureInfo.InvariantCulture),
        JsonString => "not valid: a changed port is one JSON integer from 1 to 65535, not a string or range",
        _ => "not valid: a changed port is one JSON integer from 1 to 65535",
    };

    private static string Show(JsonValue value) => value switch
    {
        JsonNumber n => n.Text,
        JsonString s => "\"" + s.Value + "\"",
        _ => "(a JSON " + value.TypeName + ")",
    };

    /// <summary>The members of an object whose keys are data (component IDs, port names); duplicate keys reported.</summary>
    private static IEnumerable<JsonMember> Members(JsonObject? node, DiagnosticBag bag)
    {
        var seen = new HashSet<string>();
        foreach (JsonMember member in node?.Members ?? [])
        {
            if (seen.Add(member.Name))
            {
                yield return member;
            }
            else
            {
                bag.Add(Ids.DuplicateProperty.Id, member.NameRange, member.Name);
            }
        }
    }
}
