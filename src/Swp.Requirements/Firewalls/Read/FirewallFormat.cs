using System;
using System.Collections.Generic;

namespace Swp.Requirements.Firewalls.Read;

/// <summary>
/// An export format, as data and one reader: its ID (as <c>swp-ports audit --input</c> and a
/// deployment file's <c>firewalls[].format</c> write it), the export it is, what else its reader
/// takes (<see cref="Inputs"/>), how a file in it is recognised, and <see cref="Read"/>. A format
/// is one subclass and one row of <see cref="FirewallReaders"/>; the tool's lists, its help and the
/// deployment schema's list (held to it by a test) are derived from these.
/// </summary>
internal abstract class FirewallFormat
{
    /// <summary>Declares a format.</summary>
    /// <param name="id">Its ID (<see cref="Id"/>).</param>
    /// <param name="export">What the export is (<see cref="Export"/>).</param>
    /// <param name="inputs">What its reader takes besides the text (<see cref="Inputs"/>).</param>
    protected FirewallFormat(string id, string export, ReadInputs inputs)
    {
        Id = id;
        Export = export;
        Inputs = inputs;
    }

    /// <summary>The ID, e.g. <c>iptables-save</c>.</summary>
    public string Id { get; }

    /// <summary>What the export is and which command prints it, for help: e.g. <c>iptables-save text</c>.</summary>
    public string Export { get; }

    /// <summary>What its reader takes besides the text; a caller that has another is refused.</summary>
    public ReadInputs Inputs { get; }

    /// <summary>
    /// Text exports: what one line before the first that decides says (leading blanks and the
    /// line end removed, at most <see cref="FirewallFormatDetector.MaxSignLength"/> characters, never empty):
    /// true, the file is in this format; null, read on (e.g. a comment that says nothing); false
    /// (the default), it is not this format.
    /// </summary>
    public virtual bool? IsTextSign(string line) => false;

    /// <summary>JSON exports: true when an object member named <paramref name="name"/> at <paramref name="depth"/> (1: the top-level object) marks this format.</summary>
    /// <param name="depth">How deep the object is: 1 for the top-level object.</param>
    /// <param name="outerName">At depth 2 or more, the member of the enclosing object that holds this object; otherwise null.</param>
    /// <param name="name">The member's name.</param>
    public virtual bool IsJsonNameSign(int depth, string? outerName, string name) => false;

    /// <summary>JSON exports: true when a string value of member <paramref name="name"/> at <paramref name="depth"/> marks this format.</summary>
    public virtual bool IsJsonValueSign(int depth, string? name, string value) => false;

    /// <summary>Reads an export.</summary>
    /// <param name="path">The file's path, for the model and messages.</param>
    /// <param name="text">The file's text.</param>
    /// <param name="options">What else the reader is told (only what <see cref="Inputs"/> lists), or null for nothing.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> holds an input this format does not take.</exception>
    /// <exception cref="FirewallReadException">It cannot be read (with where).</exception>
    public ObservedFirewall Read(string path, string text, ReadOptions? options = null)
    {
        options ??= ReadOptions.None;
        ReadInputs extra = options.Inputs & ~Inputs;
        if (extra != ReadInputs.None)
        {
            throw new ArgumentException($"The {Id} reader does not take {extra}.", nameof(options));
        }

        return ReadCore(path, text, options);
    }

    /// <summary>Reads an export with checked options.</summary>
    protected abstract ObservedFirewall ReadCore(string path, string text, ReadOptions options);

    /// <inheritdoc/>
    public override string ToString() => Id;
}

/// <summary>What a reader may be told besides the text.</summary>
[Flags]
internal enum ReadInputs
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>The security groups to read (AWS: <c>--group</c>, <c>groups</c>).</summary>
    SecurityGroups = 1,

    /// <summary>The virtual network's address space (Azure: <c>--vnet</c>, <c>vnet</c>).</summary>
    VirtualNetwork = 2,

    /// <summary>The host's network interfaces (iptables, nftables: <c>--interface</c>, <c>interfaces</c>).</summary>
    Interfaces = 4,
}

/// <summary>What a reader is told besides the text; each is null when not given.</summary>
internal sealed class ReadOptions
{
    /// <summary>Nothing besides the text.</summary>
    public static readonly ReadOptions None = new();

    /// <summary>The security groups to read (null: every group in the file, as the groups of one instance).</summary>
    public IReadOnlyCollection<string>? GroupIds { get; init; }

    /// <summary>The virtual network's address space (the <c>VirtualNetwork</c> tag), or null when not known.</summary>
    public Coverage.IntervalSet? VirtualNetwork { get; init; }

    /// <summary>The host's network interfaces (<see cref="HostInterfaces"/>), or null when not known.</summary>
    public IReadOnlyList<string>? Interfaces { get; init; }

    /// <summary>The inputs given.</summary>
    public ReadInputs Inputs =>
        (GroupIds is null ? ReadInputs.None : ReadInputs.SecurityGroups)
        | (VirtualNetwork is null ? ReadInputs.None : ReadInputs.VirtualNetwork)
        | (Interfaces is null ? ReadInputs.None : ReadInputs.Interfaces);
}
