namespace Swp.Requirements.Specs;

/// <summary>
/// The validated, expanded spec: everything the emitter needs and nothing else. Structurally
/// equatable and free of Roslyn types, so the incremental pipeline can cache it. Lists keep
/// the spec's order, which becomes enum order.
/// </summary>
internal sealed record RequirementSpec(
    string SpecVersion,
    string Product,
    EquatableArray<SourceInfo> Sources,
    EquatableArray<NamedItem> Conditions,
    EquatableArray<NamedItem> ApplicationProtocols,
    EquatableArray<ComponentItem> Components,
    EquatableArray<RegionItem> Regions,
    EquatableArray<NoteItem> Notes,
    EquatableArray<FlowRow> Flows,
    EquatableArray<NamedPortItem> NamedPorts,
    EquatableArray<DomainItem> Domains)
{
    /// <summary>
    /// How many IDs of a kind the generated enums hold (their underlying type is <c>ushort</c>);
    /// the validator reports a spec with more (SWP0017).
    /// </summary>
    public const int EnumCapacity = 65536;
}

/// <summary>One page the spec's facts come from, and the date it was read.</summary>
internal sealed record SourceInfo(string PageId, string Title, string Copyright, string DateRead);

/// <summary>An IPv4 network (network address, prefix length).</summary>
internal readonly record struct SubnetItem(uint Network, int PrefixLength)
{
    public override string ToString() => Net.Ipv4Text.Format(Network) + "/" + PrefixLength.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A named change of a default port: ports to <paramref name="Destination"/> on <paramref name="DefaultPort"/>.</summary>
internal sealed record NamedPortItem(string Id, string MemberName, string Description, int Destination, int DefaultPort);

/// <summary>A domain name: the regions it serves (empty for all), the CIDRs a page ties it to, the component (-1 for none).</summary>
internal sealed record DomainItem(string Name, EquatableArray<int> Regions, EquatableArray<SubnetItem> Cidrs, int Component, string? Note);

/// <summary>An ID with its C# member name, display name and description.</summary>
internal sealed record NamedItem(string Id, string MemberName, string Name, string Description);

/// <summary>
/// A component: its names, the index of the condition it exists under (-1 for none), whether
/// its addresses are dynamic (reached by domain name, as the manager is), and whether it is the
/// same computer (its flows never reach the network).
/// </summary>
internal sealed record ComponentItem(string Id, string MemberName, string Name, string Description, int Condition, bool DynamicAddresses, bool HostLocal = false);

/// <summary>A region and the manager's source subnets there, in the page's order.</summary>
internal sealed record RegionItem(string Id, string MemberName, string Name, EquatableArray<SubnetItem> Subnets);

internal sealed record NoteItem(string Id, string Text);

/// <summary>
/// One compiled flow (the spec's list is in table order: source, destination, port, IP protocol): one destination port on one IP protocol, inheritance already expanded.
/// Indexes point into <see cref="RequirementSpec"/>'s lists; <see cref="ConditionMask"/> has
/// bit i set when condition i is needed, <see cref="UnlessMask"/> bit i when condition i makes it unneeded.
/// </summary>
internal sealed record FlowRow(
    int Source,
    int Destination,
    int Port,
    IpProtocolKind IPProtocol,
    int ApplicationProtocol,
    uint ConditionMask,
    uint UnlessMask,
    bool HostLocal,
    string? Note);

/// <summary>The IP protocols the spec may name.</summary>
internal enum IpProtocolKind
{
    Tcp = Net.IpProtocols.Tcp,
    Udp = Net.IpProtocols.Udp,
}

internal static class IpProtocolKindExtensions
{
    /// <summary>The spec's ID: tcp or udp.</summary>
    public static string Id(this IpProtocolKind kind) => Net.IpProtocols.Describe((int)kind);

    /// <summary>The member name of Swp.Requirements.IPProtocol.</summary>
    public static string MemberName(this IpProtocolKind kind) => kind == IpProtocolKind.Tcp ? "Tcp" : "Udp";
}
