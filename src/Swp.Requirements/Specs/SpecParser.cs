using System.Collections.Generic;
using System.Threading;
using Swp.Requirements.Diagnostics;
using Swp.Requirements.Json;

namespace Swp.Requirements.Specs;

/// <summary>
/// Reads a spec file's JSON into a <see cref="SpecDocument"/>: the shape only (property names,
/// JSON types, required properties, ports). Meaning (references, CIDRs, duplicates, cycles) is
/// <see cref="SpecValidator"/>'s job.
/// </summary>
internal static class SpecParser
{
    private static readonly StructureDiagnostics Ids = StructureDiagnostics.Spec;

    /// <summary>Parses the text; returns null when the file is not JSON or not an object (reported).</summary>
    public static SpecDocument? Parse(string text, DiagnosticBag bag, CancellationToken cancellationToken)
    {
        if (ObjectReader.ParseRoot(text, "the spec", bag, Ids, cancellationToken) is not { } rootObject)
        {
            return null;
        }

        var reader = new ObjectReader(
            rootObject, "the spec", bag, Ids,
            "$schema", "specVersion", "product", "sources", "conditions", "applicationProtocols", "components", "regions", "notes", "flows", "namedPorts", "domains");
        var spec = new SpecDocument
        {
            Range = rootObject.Range,
            SpecVersion = reader.String("specVersion"),
            Product = reader.String("product")?.Value,
        };
        reader.String("$schema", required: false);

        ReadEach(reader, "sources", "source", bag, o =>
        {
            var s = new ObjectReader(o, "source", bag, Ids, "pageId", "title", "copyright", "dateRead");
            Located<string>? pageId = s.String("pageId");
            string? title = s.String("title")?.Value;
            string copyright = s.String("copyright", required: false)?.Value ?? "";
            Located<string>? dateRead = s.String("dateRead");
            if (pageId is { } id && title is not null)
            {
                spec.Sources.Add(new SourceDocument(id, title, copyright, dateRead));
            }
        }, cancellationToken);
        if (reader.Value("sources", required: false) is JsonArray { Items.Count: 0 } noSources)
        {
            bag.Add(FindingDescriptors.InvalidValue.Id, noSources.Range, "[]", "sources", "at least one source page (the port table first)");
        }

        ReadEach(reader, "conditions", "condition", bag, o =>
        {
            var r = new ObjectReader(o, "condition", bag, Ids, "id", "description");
            Entity(r, "description", spec.Conditions);
        }, cancellationToken);
        ReadEach(reader, "applicationProtocols", "application protocol", bag, o =>
        {
            var r = new ObjectReader(o, "application protocol", bag, Ids, "id", "name");
            Entity(r, "name", spec.ApplicationProtocols);
        }, cancellationToken);
        ReadEach(reader, "notes", "note", bag, o =>
        {
            var r = new ObjectReader(o, "note", bag, Ids, "id", "text");
            Entity(r, "text", spec.Notes);
        }, cancellationToken);
        ReadEach(reader, "components", "component", bag, o =>
        {
            var r = new ObjectReader(o, "component", bag, Ids, "id", "name", "description", "condition", "inherits", "hostLocal", "dynamicAddresses");
            Located<string>? id = r.String("id");
            string? name = r.String("name")?.Value;
            string? description = r.String("description")?.Value;
            Located<string>? condition = r.String("condition", required: false);
            Located<string>? inherits = r.String("inherits", required: false);
            bool hostLocal = r.Bool("hostLocal");
            bool dynamicAddresses = r.Bool("dynamicAddresses");
            if (id is { } i && name is not null && description is not null)
            {
                spec.Components.Add(new ComponentDocument(i, name, description, condition, inherits, hostLocal, dynamicAddresses));
            }
        }, cancellationToken);
        ReadEach(reader, "regions", "region", bag, o =>
        {
            var r = new ObjectReader(o, "region", bag, Ids, "id", "name", "cidrs");
            Located<string>? id = r.String("id");
            string? name = r.String("name")?.Value;
            List<Located<string>> cidrs = r.Strings("cidrs");
            if (id is { } i && name is not null)
            {
                spec.Regions.Add(new RegionDocument(i, name, r.Value("cidrs", required: false) is JsonArray ? cidrs : null, r.Range));
            }
        }, cancellationToken);
        ReadEach(reader, "flows", "flow", bag, o =>
        {
            var r = new ObjectReader(o, "flow", bag, Ids, "source", "destination", "port", "ipProtocols", "applicationProtocol", "conditions", "unless", "note");
            Located<string>? source = r.String("source");
            Located<string>? destination = r.String("destination");
            JsonValue? portValue = r.Value("port", required: true);
            Located<int>? port = portValue is null ? null : ObjectReader.Port(portValue, bag);
            List<Located<string>> ipProtocols = r.Strings("ipProtocols");
            Located<string>? applicationProtocol = r.String("applicationProtocol");
            List<Located<string>> conditions = r.Strings("conditions", required: false);
            List<Located<string>> unless = r.Strings("unless", required: false);
            string? note = r.String("note", required: false)?.Value;
            if (source is { } s && destination is { } d && port is { } p && applicationProtocol is { } a)
            {
                spec.Flows.Add(new FlowDocument(r.Range, s, d, p, ipProtocols, a, conditions, unless, note));
            }
        }, cancellationToken);
        ReadEach(reader, "namedPorts", "named port", bag, o =>
        {
            var r = new ObjectReader(o, "named port", bag, Ids, "id", "description", "destination", "port");
            Located<string>? id = r.String("id");
            string? description = r.String("description")?.Value;
            Located<string>? destination = r.String("destination");
            JsonValue? portValue = r.Value("port", required: true);
            Located<int>? port = portValue is null ? null : ObjectReader.Port(portValue, bag);
            if (id is { } i && description is not null && destination is { } d && port is { } p)
            {
                spec.NamedPorts.Add(new NamedPortDocument(i, description, d, p));
            }
        }, cancellationToken, required: false);
        ReadEach(reader, "domains", "domain", bag, o =>
        {
            var r = new ObjectReader(o, "domain", bag, Ids, "name", "regions", "cidrs", "component", "pages", "note");
            Located<string>? name = r.String("name");
            List<Located<string>> regions = r.Strings("regions");
            List<Located<string>> cidrs = r.Strings("cidrs", required: false);
            Located<string>? component = r.String("component", required: false);
            List<Located<string>> pages = r.Strings("pages", required: false);
            string? note = r.String("note", required: false)?.Value;
            if (name is { } n)
            {
                spec.Domains.Add(new DomainDocument(n, r.Value("regions", required: false) is JsonArray ? regions : null, cidrs, component, pages, note));
            }
        }, cancellationToken, required: false);

        return spec;
    }

    private static void Entity(ObjectReader reader, string textProperty, List<EntityDocument> into)
    {
        Located<string>? id = reader.String("id");
        string? text = reader.String(textProperty)?.Value;
        if (id is { } i && text is not null)
        {
            into.Add(new EntityDocument(i, text));
        }
    }

    private static void ReadEach(
        ObjectReader parent,
        string property,
        string itemName,
        DiagnosticBag bag,
        System.Action<JsonObject> read,
        CancellationToken cancellationToken,
        bool required = true)
    {
        foreach (JsonValue item in parent.Array(property, required)?.Items ?? [])
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ObjectReader.AsObject(item, itemName, bag, Ids) is { } obj)
            {
                read(obj);
            }
        }
    }
}
