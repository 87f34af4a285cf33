using System.Collections.Generic;
using Swp.Requirements.Json;

namespace Swp.Requirements.Specs;

/// <summary>
/// The spec as written, with the place of every value, between <see cref="SpecParser"/> and
/// <see cref="SpecValidator"/>. Values that were missing or of the wrong type are null (already
/// reported). Never cached: only the validated <c>RequirementSpec</c> is.
/// </summary>
internal sealed class SpecDocument
{
    public TextRange Range { get; set; }

    public Located<string>? SpecVersion { get; set; }

    public string? Product { get; set; }

    /// <summary>The pages the facts come from; the first is the port table.</summary>
    public List<SourceDocument> Sources { get; } = [];

    public List<EntityDocument> Conditions { get; } = [];

    public List<EntityDocument> ApplicationProtocols { get; } = [];

    public List<ComponentDocument> Components { get; } = [];

    public List<RegionDocument> Regions { get; } = [];

    public List<EntityDocument> Notes { get; } = [];

    public List<FlowDocument> Flows { get; } = [];

    public List<NamedPortDocument> NamedPorts { get; } = [];

    public List<DomainDocument> Domains { get; } = [];
}

internal sealed record SourceDocument(Located<string> PageId, string Title, string Copyright, Located<string>? DateRead);

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

/// <summary>A region; <see cref="Cidrs"/> is null when <c>cidrs</c> is missing or not an array (already reported).</summary>
internal sealed record RegionDocument(Located<string> Id, string Name, IReadOnlyList<Located<string>>? Cidrs, TextRange Range);

/// <summary>A named change of a default port: the key a deployment's <c>ports</c> uses, the component and its default port.</summary>
internal sealed record NamedPortDocument(Located<string> Id, string Description, Located<string> Destination, Located<int> Port);

/// <summary>
/// A domain name the vendor publishes: the regions it serves (<c>all</c>, or IDs; null when
/// <c>regions</c> is missing or not an array, already reported), the CIDRs a page ties it to, the
/// component a page ties it to.
/// </summary>
internal sealed record DomainDocument(
    Located<string> Name,
    IReadOnlyList<Located<string>>? Regions,
    IReadOnlyList<Located<string>> Cidrs,
    Located<string>? Component,
    IReadOnlyList<Located<string>> Pages,
    string? Note);

internal sealed record FlowDocument(
    TextRange Range,
    Located<string> Source,
    Located<string> Destination,
    Located<int> Port,
    IReadOnlyList<Located<string>> IpProtocols,
    Located<string> ApplicationProtocol,
    IReadOnlyList<Located<string>> Conditions,
    IReadOnlyList<Located<string>> Unless,
    string? Note);
