using System;
using System.Collections.Generic;
using System.Globalization;
using Swp.Requirements.Coverage;

namespace Swp.Requirements.Firewalls.Read;

/// <summary>
/// Where something stands in a read file: 1-based line and column (UTF-16 characters, as
/// editors and compilers count them), and for JSON formats the path of the JSON value, e.g.
/// <c>$.SecurityGroups[0].IpPermissions[2]</c>, whose first character the line and column give.
/// </summary>
internal readonly record struct SourceLocation(int Line, int Column, string? JsonPath = null)
{
    /// <summary>E.g. <c>12:1</c> or <c>40:9 $.securityRules[1]</c>.</summary>
    public override string ToString()
    {
        string position = Line.ToString(CultureInfo.InvariantCulture) + ":" + Column.ToString(CultureInfo.InvariantCulture);
        return JsonPath is null ? position : position + " " + JsonPath;
    }
}

/// <summary>Something a reader ignored or could not evaluate, where it is written, and why.</summary>
internal sealed class ReaderNote
{
    /// <summary>Creates a note.</summary>
    public ReaderNote(SourceLocation location, string text)
    {
        Location = location;
        Text = text;
    }

    /// <summary>Where the ignored or unevaluated thing is written.</summary>
    public SourceLocation Location { get; }

    /// <summary>What was ignored or not evaluated, and why, e.g. "chain FORWARD ignored: it filters packets routed through the host".</summary>
    public string Text { get; }

    /// <inheritdoc/>
    public override string ToString() => Location + ": " + Text;
}

/// <summary>
/// One rule of a read configuration that takes part in a chain. Its <see cref="Id"/> is the
/// <see cref="CoverageRule.Id"/> of the coverage rules made from it and its index in
/// <see cref="ObservedFirewall.Rules"/>, so an <see cref="Outcome.RuleId"/> leads back here.
/// Rules that decide nothing for new connections (logging, loopback, established packets
/// only) are not rules here: they are <see cref="ObservedFirewall.Notes"/>.
/// </summary>
internal sealed class ObservedRule
{
    /// <summary>Creates a rule.</summary>
    public ObservedRule(int id, SourceLocation location, string chain, string text, RuleAction action, string? notEvaluatedReason, string? target, bool isGoto)
    {
        Id = id;
        Location = location;
        Chain = chain;
        Text = text;
        Action = action;
        NotEvaluatedReason = notEvaluatedReason;
        Target = target;
        IsGoto = isGoto;
    }

    /// <summary>The index of the rule in <see cref="ObservedFirewall.Rules"/>; the coverage rules' ID.</summary>
    public int Id { get; }

    /// <summary>Where the rule is written: the <c>-A</c> of an iptables rule, the rule's JSON object otherwise.</summary>
    public SourceLocation Location { get; }

    /// <summary>The chain (or security group, or network security group and direction) the rule belongs to.</summary>
    public string Chain { get; }

    /// <summary>A short text of the rule for messages, e.g. <c>-A INPUT -p tcp -m tcp --dport 4118 -j ACCEPT</c>.</summary>
    public string Text { get; }

    /// <summary>What the rule does with what it matches; <see cref="RuleAction.NotEvaluated"/> when part of its match could not be evaluated.</summary>
    public RuleAction Action { get; }

    /// <summary>Why the rule was not evaluated (e.g. "-m set --match-set admins: ipset contents are not in the file"); null when it was.</summary>
    public string? NotEvaluatedReason { get; }

    /// <summary>The chain a jump or goto enters; null for other rules.</summary>
    public string? Target { get; }

    /// <summary>True for a goto (<c>-g</c>, nft <c>goto</c>): what the target leaves undecided does not come back to this chain.</summary>
    public bool IsGoto { get; }

    /// <inheritdoc/>
    public override string ToString() => Location + " " + Text;
}

/// <summary>
/// A base chain of a direction (iptables <c>INPUT</c>, an nftables chain on hook <c>input</c>,
/// the union of a machine's security groups' ingress rules), with its default.
/// </summary>
internal sealed class ObservedBaseChain
{
    /// <summary>Creates a base chain.</summary>
    public ObservedBaseChain(RuleChain chain, bool defaultPermits, SourceLocation defaultLocation, string defaultText)
    {
        Chain = chain;
        DefaultPermits = defaultPermits;
        DefaultLocation = defaultLocation;
        DefaultText = defaultText;
    }

    /// <summary>The chain's rules, first match first (jumps lead into the chains they enter).</summary>
    public RuleChain Chain { get; }

    /// <summary>True when what no rule decides is permitted (policy ACCEPT).</summary>
    public bool DefaultPermits { get; }

    /// <summary>Where the default is written (the policy line, the chain object), or the file's start when it is implicit.</summary>
    public SourceLocation DefaultLocation { get; }

    /// <summary>The default as a noun phrase (messages say "blocked by" it), e.g. "policy DROP of chain INPUT", "the implicit deny of security groups sg-1 (ingress)".</summary>
    public string DefaultText { get; }
}

/// <summary>A part of a flow's packets, how a direction decided it, and which base chain decided it.</summary>
internal sealed class ObservedOutcome
{
    /// <summary>Creates an outcome.</summary>
    public ObservedOutcome(Outcome outcome, ObservedBaseChain baseChain)
    {
        Outcome = outcome;
        BaseChain = baseChain;
    }

    /// <summary>The packets, the decision and the deciding rule's ID (-1 for the base chain's default).</summary>
    public Outcome Outcome { get; }

    /// <summary>The base chain that made the final decision (for permitted packets: the last base chain).</summary>
    public ObservedBaseChain BaseChain { get; }
}

/// <summary>
/// One direction of a host's firewall: the base chains a packet meets, in evaluation order
/// (<see cref="NetfilterHooks"/>: by hook, then priority; iptables: raw, mangle, nat, filter,
/// security chains of the hooks the direction passes). A packet gets through only when every
/// base chain permits it. Ingress chains see the remote end as the source and the host as the
/// destination; egress chains the reverse.
/// </summary>
internal sealed class ObservedDirection
{
    /// <summary>Creates a direction.</summary>
    public ObservedDirection(IReadOnlyList<ObservedBaseChain> baseChains, bool repliesAllowed, SourceLocation repliesLocation, string repliesText)
    {
        if (baseChains.Count == 0)
        {
            throw new ArgumentException("A direction has at least one base chain.", nameof(baseChains));
        }

        BaseChains = baseChains;
        RepliesAllowed = repliesAllowed;
        RepliesLocation = repliesLocation;
        RepliesText = repliesText;
    }

    /// <summary>Creates a direction whose replies a scan decided (<see cref="ReplyScanner"/>).</summary>
    public ObservedDirection(IReadOnlyList<ObservedBaseChain> baseChains, ReplyVerdict replies)
        : this(baseChains, replies.Allowed, replies.Location, replies.Text)
    {
        RepliesCertain = replies.Certain;
    }

    /// <summary>The base chains, in evaluation order (by hook, then priority); never empty.</summary>
    public IReadOnlyList<ObservedBaseChain> BaseChains { get; }

    /// <summary>
    /// True when packets of established connections (replies to connections the other
    /// direction allowed, and the rest of a connection after its first packet) get through:
    /// always for security groups; for iptables and nftables when, in every base chain, a rule
    /// that accepts every established packet comes before any rule that drops every one, or
    /// no such rule comes and the policy accepts. Drops that only some established packets
    /// meet (a blocklist) do not decide; <see cref="RepliesText"/> names them.
    /// </summary>
    public bool RepliesAllowed { get; }

    /// <summary>
    /// When <see cref="RepliesAllowed"/> is false: true when every reply is dropped; false when
    /// rules met before the drop may accept some (which connections' replies pass is not known).
    /// </summary>
    public bool RepliesCertain { get; } = true;

    /// <summary>Where what decides <see cref="RepliesAllowed"/> is written.</summary>
    public SourceLocation RepliesLocation { get; }

    /// <summary>Why replies are (not) allowed, e.g. "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT accepts established packets before any drop".</summary>
    public string RepliesText { get; }

    /// <summary>
    /// Runs <paramref name="needed"/> through the base chains in order: what a chain permits
    /// goes on to the next; what a chain denies or does not evaluate is final. The parts cover
    /// <paramref name="needed"/> exactly.
    /// </summary>
    public List<ObservedOutcome> Evaluate(PacketBox needed)
    {
        var result = new List<ObservedOutcome>();
        var pending = new List<PacketBox> { needed };
        for (int i = 0; i < BaseChains.Count && pending.Count > 0; i++)
        {
            ObservedBaseChain chain = BaseChains[i];
            bool last = i == BaseChains.Count - 1;
            var next = new List<PacketBox>();
            foreach (PacketBox box in pending)
            {
                foreach (Outcome outcome in CoverageEngine.Evaluate(box, chain.Chain, chain.DefaultPermits))
                {
                    if (outcome.IsPermitted && !last)
                    {
                        next.Add(outcome.Packets);
                    }
                    else
                    {
                        result.Add(new ObservedOutcome(outcome, chain));
                    }
                }
            }

            pending = next;
        }

        return result;
    }
}

/// <summary>
/// A firewall configuration as read from an export: per direction, the ordered rule chains
/// the coverage engine evaluates; the rules they came from, with their places in the file;
/// and notes on everything the reader ignored or could not evaluate.
/// </summary>
internal sealed class ObservedFirewall
{
    /// <summary>Creates a model.</summary>
    public ObservedFirewall(string path, FirewallFormat format, ObservedDirection ingress, ObservedDirection egress, IReadOnlyList<ObservedRule> rules, IReadOnlyList<ReaderNote> notes)
    {
        Path = path;
        Format = format;
        Ingress = ingress;
        Egress = egress;
        Rules = rules;
        Notes = notes;
    }

    /// <summary>The file's path, as the caller gave it.</summary>
    public string Path { get; }

    /// <summary>The format the file was read as.</summary>
    public FirewallFormat Format { get; }

    /// <summary>Connections the host accepts: sources are remote addresses, destinations the host's own.</summary>
    public ObservedDirection Ingress { get; }

    /// <summary>Connections the host opens: sources are the host's own addresses, destinations remote ones.</summary>
    public ObservedDirection Egress { get; }

    /// <summary>The rules that take part in the chains; <see cref="ObservedRule.Id"/> is the index.</summary>
    public IReadOnlyList<ObservedRule> Rules { get; }

    /// <summary>What was ignored or not evaluated, in the order found; every not-evaluated rule has one.</summary>
    public IReadOnlyList<ReaderNote> Notes { get; }

    /// <summary>The rule that decided an outcome; null for a default (<see cref="Outcome.RuleId"/> -1).</summary>
    public ObservedRule? RuleOf(Outcome outcome) =>
        outcome.RuleId >= 0 && outcome.RuleId < Rules.Count ? Rules[outcome.RuleId] : null;
}

/// <summary>
/// An export that cannot be read at all (not JSON, truncated, a chain that does not exist, a
/// value that is not an address): the one exception the readers throw. Line and column are
/// 1-based; <see cref="JsonPath"/> names the JSON value when there is one.
/// </summary>
internal sealed class FirewallReadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FirewallReadException(int line, int column, string message, string? jsonPath = null)
        : base(message)
    {
        Line = line;
        Column = column;
        JsonPath = jsonPath;
    }

    /// <summary>The 1-based line of the fault.</summary>
    public int Line { get; }

    /// <summary>The 1-based column of the fault.</summary>
    public int Column { get; }

    /// <summary>The JSON path of the faulty value, when the fault is in a JSON value.</summary>
    public string? JsonPath { get; }

    /// <summary>The location as a <see cref="SourceLocation"/>.</summary>
    public SourceLocation Location => new(Line, Column, JsonPath);
}
