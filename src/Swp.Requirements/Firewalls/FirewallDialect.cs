using System;
using System.Collections.Generic;

namespace Swp.Requirements.Firewalls;

/// <summary>
/// What a dialect is, as data (each <see cref="FirewallRenderer"/> declares one): its ID and
/// aliases, the file extension of its output, the export format that reads the platform's
/// configuration back, and the platform's limits. The tool's lists, its help and the tests'
/// tables are derived from these.
/// </summary>
public sealed class FirewallDialect
{
    /// <summary>Declares a dialect.</summary>
    /// <param name="format">The ID (<see cref="Format"/>): lower-case letters, digits and <c>-</c>.</param>
    /// <param name="fileExtension">The extension of its output, without the dot, e.g. <c>rules</c>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The ID or the extension is empty or has other characters.</exception>
    public FirewallDialect(string format, string fileExtension)
    {
        Format = CheckId(format, nameof(format));
        FileExtension = CheckId(fileExtension, nameof(fileExtension));
    }

    /// <summary>The ID, as <c>swp-ports render --format</c> takes it, e.g. <c>iptables</c>.</summary>
    public string Format { get; }

    /// <summary>Other IDs <c>render --format</c> takes for the dialect (ordinal, case-sensitive), e.g. <c>azure-bicep</c> for <c>azure</c>; empty by default.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    /// <exception cref="ArgumentException">An alias is empty or has characters other than lower-case letters, digits and <c>-</c>.</exception>
    public IReadOnlyList<string> Aliases
    {
        get => _aliases;
        init
        {
            if (value is null)
            {
                throw new ArgumentNullException(nameof(value));
            }

            var aliases = new string[value.Count];
            for (int i = 0; i < aliases.Length; i++)
            {
                aliases[i] = CheckId(value[i], nameof(value));
            }

            _aliases = aliases;
        }
    }

    private readonly IReadOnlyList<string> _aliases = [];

    /// <summary>The extension of the output's file, without the dot, e.g. <c>rules</c>, <c>nft</c>, <c>json</c>.</summary>
    public string FileExtension { get; }

    /// <summary>
    /// The export format (as <c>swp-ports audit --input</c> takes it) that reads this platform's
    /// configuration back once the output is applied, e.g. <c>iptables-save</c> for
    /// <c>iptables</c>; null when no reader reads it (the default).
    /// </summary>
    public string? ReadBackFormat { get; init; }

    /// <summary>
    /// True when the platform matches a rule's remote domain names itself (nftables sets a resolver
    /// fills, a proxy's domain list); false (the default) when it matches addresses only, so a
    /// rule that names domains and lists no address is widened to any remote address (a
    /// <see cref="RenderWarningKind.Widened"/> warning).
    /// </summary>
    public bool MatchesDomainNames { get; init; }

    /// <summary>
    /// True when the output holds the policy's loopback rules; false (the default) when the
    /// platform never sees loopback traffic (cloud security groups) and they are left out (a
    /// <see cref="RenderWarningKind.LeftOut"/> warning each).
    /// </summary>
    public bool RendersLoopbackRules { get; init; }

    /// <summary>
    /// True (the default) when every rule of the policy is rendered; false when the platform
    /// carries only some (a web proxy: outbound HTTP and HTTPS to domain names), and each other
    /// rule is a <see cref="RenderWarningKind.LeftOut"/> warning.
    /// </summary>
    public bool RendersEveryRule { get; init; } = true;

    /// <summary>
    /// The most characters a rule's comment or description holds on the platform (a longer one is
    /// cut, ending in <c>...</c>: a <see cref="RenderWarningKind.Truncated"/> warning); null when
    /// the renderer never cuts it.
    /// </summary>
    public int? MaxCommentLength { get; init; }

    /// <summary>
    /// The components whose point of view the dialect renders (<c>render --for</c>), e.g. only
    /// <see cref="Component.WebProxy"/> for a web proxy's allow list; empty (the default) for every
    /// component. <c>swp-ports render</c> refuses the others, saying why.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public IReadOnlyList<Component> PointsOfView
    {
        get => _pointsOfView;
        init => _pointsOfView = value is null ? throw new ArgumentNullException(nameof(value)) : [.. value];
    }

    private readonly IReadOnlyList<Component> _pointsOfView = [];

    /// <inheritdoc/>
    public override string ToString() => Format;

    private static string CheckId(string id, string parameter)
    {
        if (id is null)
        {
            throw new ArgumentNullException(parameter);
        }

        if (!RenderText.IsRuleName(id))
        {
            throw new ArgumentException($"'{RenderText.Ascii(id, '?')}' is not an ID of 1-200 lower-case letters, digits and '-'.", parameter);
        }

        return id;
    }
}
