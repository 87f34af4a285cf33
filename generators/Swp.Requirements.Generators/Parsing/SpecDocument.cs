using System.Collections.Generic;
using Swp.Requirements.Json;

namespace Swp.Requirements.Generators.Parsing;

/// <summary>
/// The spec as written, with the place of every value, between <see cref="SpecParser"/> and
/// <see cref="SpecValidator"/>. Values that were missing or of the wrong type are null (already
/// reported). Never cached: only the validated <c>RequirementSpec</c> is.
/// </summary>
internal sealed class SpecDocument
{
    public TextRange Range { get; set; }

    public Located<string>? SpecVersion { get; set; }

    public SourceDocument? Source { get; set; }

    public List<EntityDocument> Conditions { get; } = [];

    public List<EntityDocument> ApplicationProtocols { get; } = [];

    public List<ComponentDocument> Components { get; } = [];

    public List<RegionDocument> Regions { get; } = [];

    public List<EntityDocument> Notes { get; } = [];

    public List<FlowDocument> Flows { get; } = [];
}

internal sealed record SourceDocument(string Title, string Product, string PageId, string Copyright, Located<string>? DateRead);

/// <summary>A condition, application protocol or note: an ID and a text (description, name or note text).</summary>
internal sealed record EntityDocument(Located<string> Id, string Text);

internal sealed record ComponentDocument(
    Located<string> Id,
    string Name,
    string Description,
    Located<string>? Condition,
    Located<string>? Inherits,
    bool HostLocal,
    bool DynamicAddresses);

internal sealed record RegionDocument(Located<string> Id, string Name, Located<string> Cidr);

internal sealed record FlowDocument(
    TextRange Range,
    Located<string> Source,
    Located<string> Destination,
    Located<int> Port,
    IReadOnlyList<Located<string>> IpProtocols,
    Located<string> ApplicationProtocol,
    IReadOnlyList<Located<string>> Conditions,
    string? Note);
