namespace Swp.Requirements.Generators.Model;

/// <summary>
/// The validated, expanded spec: everything the emitter needs and nothing else. Structurally
/// equatable and free of Roslyn types, so the incremental pipeline can cache it. Lists keep
/// the spec's order, which becomes enum order.
/// </summary>
internal sealed record RequirementSpec(
    string SpecVersion,
    SourceInfo Source,
    EquatableArray<NamedItem> Conditions,
    EquatableArray<NamedItem> ApplicationProtocols,
    EquatableArray<ComponentItem> Components,
    EquatableArray<RegionItem> Regions,
    EquatableArray<NoteItem> Notes,
    EquatableArray<FlowRow> Flows);

/// <summary>Where the spec's facts come from.</summary>
internal sealed record SourceInfo(string Title, string Product, string PageId, string Copyright, string DateRead);

/// <summary>An ID with its C# member name, display name and description.</summary>
internal sealed record NamedItem(string Id, string MemberName, string Name, string Description);

/// <summary>
/// A component: its names, the index of the condition it exists under (-1 for none), and
/// whether its addresses are dynamic (reached by domain name, as the manager is).
/// </summary>
internal sealed record ComponentItem(string Id, string MemberName, string Name, string Description, int Condition, bool DynamicAddresses);

/// <summary>A region and the manager's source subnet there (network address, prefix length).</summary>
internal sealed record RegionItem(string Id, string MemberName, string Name, uint Network, int PrefixLength);

internal sealed record NoteItem(string Id, string Text);

/// <summary>
/// One compiled flow (the spec's list is in table order: source, destination, port, IP protocol): one destination port on one IP protocol, inheritance already expanded.
/// Indexes point into <see cref="RequirementSpec"/>'s lists; <see cref="ConditionMask"/> has
/// bit i set when condition i is needed.
/// </summary>
internal sealed record FlowRow(
    int Source,
    int Destination,
    int Port,
    IpProtocolKind IPProtocol,
    int ApplicationProtocol,
    uint ConditionMask,
    bool HostLocal,
    string? Note);

/// <summary>The IP protocols the spec may name.</summary>
internal enum IpProtocolKind
{
    Tcp = 6,
    Udp = 17,
}

internal static class IpProtocolKindExtensions
{
    /// <summary>The spec's ID: tcp or udp.</summary>
    public static string Id(this IpProtocolKind kind) => kind == IpProtocolKind.Tcp ? "tcp" : "udp";

    /// <summary>The member name of Swp.Requirements.IPProtocol.</summary>
    public static string MemberName(this IpProtocolKind kind) => kind == IpProtocolKind.Tcp ? "Tcp" : "Udp";
}
