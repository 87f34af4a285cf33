using System;
using System.Collections.Generic;
using Swp.Requirements.Coverage;

namespace Swp.Requirements.Firewalls.Read;

/// <summary>
/// Reads the text <c>iptables-save</c> prints (as <c>iptables-restore</c> reads it) into an
/// <see cref="ObservedFirewall"/>. Every table that can drop a host's own connection's first
/// packet decides, in the kernel's order (<see cref="NetfilterHooks"/>): ingress is raw
/// <c>PREROUTING</c>, mangle <c>PREROUTING</c>, nat <c>PREROUTING</c>, mangle <c>INPUT</c>,
/// filter <c>INPUT</c>, security <c>INPUT</c>, nat <c>INPUT</c>; egress is raw <c>OUTPUT</c>,
/// mangle <c>OUTPUT</c>, nat <c>OUTPUT</c>, filter <c>OUTPUT</c>, security <c>OUTPUT</c>, mangle
/// <c>POSTROUTING</c>, nat <c>POSTROUTING</c>; each with the user chains of its own table it jumps
/// to, and a packet gets through only when every one lets it. A built-in chain without rules and
/// with policy ACCEPT changes nothing and is left out. In nat, <c>DNAT</c> and <c>REDIRECT</c>
/// change the destination (what they match is not evaluated) and <c>SNAT</c> and
/// <c>MASQUERADE</c> end the chain like ACCEPT; in raw, <c>NOTRACK</c> and <c>CT --notrack</c>
/// change the connection's state (not evaluated). <c>FORWARD</c> (with the chains only it
/// reaches, such as Docker's) and tables iptables does not have are ignored, with a note.
/// Rules are evaluated for the first packet of a new connection: a rule that matches only
/// established packets, or loopback, decides nothing for a flow (it is a note), and what the
/// file does not say (ipset contents, interfaces, source ports, unmodelled modules) makes the
/// rule not evaluated, with a note naming it.
/// </summary>
internal static partial class IptablesSaveReader
{
    private const int Ingress = 1;
    private const int Egress = 2;

    /// <summary>Reads the text.</summary>
    /// <param name="path">The file's path, for the model and messages.</param>
    /// <param name="text">The file's text.</param>
    /// <exception cref="FirewallReadException">The text is not iptables-save output that iptables-restore would load.</exception>
    /// <param name="interfaces">The host's network interfaces (for <c>-i</c>/<c>-o</c>, see <see cref="HostInterfaces"/>), or null when not known.</param>
    public static ObservedFirewall Read(string path, string text, IReadOnlyList<string>? interfaces = null) => new Reader(path, text, interfaces).Read();

    private enum TargetKind
    {
        None,
        Accept,
        Deny,
        Return,
        Chain,
        Queue,
        NonTerminating,
        Unmodelled,

        /// <summary>DNAT, REDIRECT: the destination changes; what the packet meets afterwards is not modelled.</summary>
        Dnat,

        /// <summary>SNAT, MASQUERADE: the source changes after the packet's last filter; the nat chain ends as with ACCEPT.</summary>
        Snat,

        /// <summary>NOTRACK, CT --notrack: the connection is not tracked, so later state matches do not hold as read.</summary>
        NoTrack,
    }

    private sealed partial class Reader
    {
        // Targets iptables knows besides chains: what each does to a packet.
        private static readonly (string Name, TargetKind Kind)[] KnownTargets =
        [
            ("ACCEPT", TargetKind.Accept), ("DROP", TargetKind.Deny), ("REJECT", TargetKind.Deny), ("RETURN", TargetKind.Return),
            ("QUEUE", TargetKind.Queue), ("NFQUEUE", TargetKind.Queue), ("SYNPROXY", TargetKind.Unmodelled), ("TARPIT", TargetKind.Unmodelled),
            ("DNAT", TargetKind.Dnat), ("REDIRECT", TargetKind.Dnat), ("SNAT", TargetKind.Snat), ("MASQUERADE", TargetKind.Snat),
            ("NETMAP", TargetKind.Unmodelled), ("TPROXY", TargetKind.Unmodelled), ("NOTRACK", TargetKind.NoTrack),
            ("LOG", TargetKind.NonTerminating), ("NFLOG", TargetKind.NonTerminating), ("ULOG", TargetKind.NonTerminating),
            ("MARK", TargetKind.NonTerminating), ("CONNMARK", TargetKind.NonTerminating), ("SECMARK", TargetKind.NonTerminating),
            ("CONNSECMARK", TargetKind.NonTerminating), ("TRACE", TargetKind.NonTerminating), ("TCPMSS", TargetKind.NonTerminating),
            ("CLASSIFY", TargetKind.NonTerminating), ("DSCP", TargetKind.NonTerminating), ("TOS", TargetKind.NonTerminating),
            ("TTL", TargetKind.NonTerminating), ("HL", TargetKind.NonTerminating), ("ECN", TargetKind.NonTerminating),
            ("CHECKSUM", TargetKind.NonTerminating), ("SET", TargetKind.NonTerminating), ("AUDIT", TargetKind.NonTerminating),
            ("IDLETIMER", TargetKind.NonTerminating), ("LED", TargetKind.NonTerminating), ("RATEEST", TargetKind.NonTerminating),
            ("TEE", TargetKind.NonTerminating), ("CT", TargetKind.NonTerminating),
            ("HMARK", TargetKind.NonTerminating), ("TCPOPTSTRIP", TargetKind.NonTerminating),
        ];

        private readonly string _path;
        private readonly string _text;
        private readonly ReadLog _log = new();
        private readonly Dictionary<string, Table> _tables = new(StringComparer.Ordinal);
        private readonly List<Table> _tableOrder = [];
        private readonly List<RawRule> _rules = [];
        private readonly ChainGraph _graph = new();
        private readonly List<string> _modules = [];
        private Table? _table;

        private readonly IReadOnlyList<string>? _interfaces;

        public Reader(string path, string text, IReadOnlyList<string>? interfaces)
        {
            _path = path;
            _text = text;
            _interfaces = interfaces;
        }

        public ObservedFirewall Read()
        {
            ReadLines();
            if (_tables.Count == 0)
            {
                _log.Note(new SourceLocation(1, 1), "no *filter table: nothing filters, every packet passes (the kernel's default ACCEPT)");
                return Unfiltered();
            }

            if (!_tables.TryGetValue("filter", out Table? filter))
            {
                _log.Note(new SourceLocation(1, 1), "no *filter table: its chains accept every packet (the kernel's default ACCEPT); the other tables decide");
            }
            else
            {
                foreach (string name in new[] { "INPUT", "OUTPUT" })
                {
                    if (BuiltIn(filter, name).Policy is null)
                    {
                        _log.Note(new SourceLocation(filter.Line, 1), "chain " + name + " has no policy line: ACCEPT (the kernel's default) assumed");
                    }
                }
            }

            ResolveTargets();
            Graph();
            foreach (Table table in _tableOrder)
            {
                NoteIgnoredChains(table);
            }

            foreach (RawRule rule in _rules)
            {
                if (rule.Chain.Reachable)
                {
                    AddRule(rule);
                }
                else
                {
                    ParseMatch(rule); // not evaluated, but iptables-restore refuses the whole file for a fault in it
                }
            }

            ObservedDirection ingressDirection = Direction(true, filter);
            ObservedDirection egressDirection = Direction(false, filter);
            return new ObservedFirewall(_path, IptablesSaveFormat.Instance, ingressDirection, egressDirection, _log.Rules, _log.Notes);
        }

        private void NoteIgnoredChains(Table table)
        {
            foreach (Chain chain in table.Order)
            {
                // An empty accepting built-in chain of another table (iptables-save prints them all) is no news.
                bool builtIn = NetfilterHooks.IsIptablesBuiltIn(table.Name, chain.Name);
                if (chain.Reachable || chain.Line == 0 || (builtIn && table.Name != "filter" && chain.Rules.Count == 0 && chain.Policy != "DROP"))
                {
                    continue;
                }

                SourceLocation at = new(chain.Line, chain.Column);
                if (chain.Name == "FORWARD" && builtIn)
                {
                    _log.Note(at, "chain " + chain.DisplayName + " ignored: it filters packets routed through the host (to containers, VMs), not the host's own connections");
                }
                else
                {
                    _log.Note(at, "chain " + chain.DisplayName + " ignored: no jump from " + (table.Name == "filter" ? "INPUT or OUTPUT" : "a built-in chain of table " + table.Name) + " reaches it");
                }
            }
        }

        private ObservedFirewall Unfiltered()
        {
            ObservedDirection Open(string name)
            {
                var chain = new ObservedBaseChain(new RuleChain(name, []), true, new SourceLocation(1, 1), "no filter table: chain " + name + " accepts everything");
                return new ObservedDirection([chain], true, new SourceLocation(1, 1), "no filter table: everything is accepted");
            }

            return new ObservedFirewall(_path, IptablesSaveFormat.Instance, Open("INPUT"), Open("OUTPUT"), _log.Rules, _log.Notes);
        }

        /// <summary>
        /// The base chains of a direction in the kernel's order, those without rules and with
        /// policy ACCEPT left out (they change nothing); the filter chain stands in when no other
        /// is left. nat chains see only a connection's first packet, so replies do not meet them.
        /// </summary>
        private ObservedDirection Direction(bool ingress, Table? filter)
        {
            var baseChains = new List<ObservedBaseChain>();
            var verdicts = new List<ReplyVerdict>();
            foreach (var slot in NetfilterHooks.IptablesOrder(ingress))
            {
                if (!_tables.TryGetValue(slot.Table, out Table? table))
                {
                    continue;
                }

                Chain chain = BuiltIn(table, slot.Chain);
                if (chain.Policy != "DROP" && _graph.IsEmpty(chain.Index))
                {
                    continue;
                }

                Add(chain);
            }

            if (baseChains.Count == 0)
            {
                if (filter is null)
                {
                    string name = ingress ? "INPUT" : "OUTPUT";
                    var at = new SourceLocation(1, 1);
                    var open = new ObservedBaseChain(new RuleChain(name, []), true, at, "no filter table: chain " + name + " accepts everything");
                    return new ObservedDirection([open], true, at, "no chain that sees established packets has a rule or policy DROP: everything is accepted");
                }

                Add(BuiltIn(filter, ingress ? "INPUT" : "OUTPUT"));
            }

            if (verdicts.Count == 0)
            {
                ObservedBaseChain first = baseChains[0];
                verdicts.Add(new ReplyVerdict(true, first.DefaultLocation, "only nat chains have rules, and they see no established packets: replies pass"));
            }

            ReplyVerdict replies = ReplyScanner.Combine(verdicts);
            return new ObservedDirection(baseChains, replies);

            void Add(Chain chain)
            {
                bool permits = chain.Policy != "DROP";
                SourceLocation location = chain.PolicyLine == 0 ? new SourceLocation(chain.Table.Line, 1)
                    : new SourceLocation(chain.PolicyLine, chain.PolicyColumn);
                string text = chain.Policy is null
                    ? "policy ACCEPT of chain " + chain.DisplayName + " (no policy line: the kernel's default)"
                    : "policy " + chain.Policy + " of chain " + chain.DisplayName;
                baseChains.Add(new ObservedBaseChain(_graph[chain.Index], permits, location, text));
                if (chain.Table.Name != "nat")
                {
                    verdicts.Add(_graph.Replies(chain.Index, permits, location, text));
                }
            }
        }

        private static Chain BuiltIn(Table table, string name)
        {
            if (!table.Chains.TryGetValue(name, out Chain? chain))
            {
                chain = new Chain(table, name, 0, 1, null);
                table.Chains[name] = chain;
                table.Order.Add(chain);
            }

            return chain;
        }

        private void ResolveTargets()
        {
            foreach (RawRule rule in _rules)
            {
                Table table = rule.Chain.Table;
                for (int i = 0; i < rule.Tokens.Count; i++)
                {
                    Token token = rule.Tokens[i];
                    if (token.Quoted || token.Text is not ("-j" or "--jump" or "-g" or "--goto"))
                    {
                        continue;
                    }

                    if (rule.TargetName is not null)
                    {
                        throw new FirewallReadException(rule.Line, token.Column + 1, "a rule has one target; this one has a second");
                    }

                    if (i + 1 >= rule.Tokens.Count || rule.Tokens[i + 1].IsOption)
                    {
                        throw new FirewallReadException(rule.Line, token.Column + 1, token.Text + " needs a target");
                    }

                    Token target = rule.Tokens[i + 1];
                    rule.TargetName = target.Text;
                    rule.TargetToken = target;
                    rule.IsGoto = token.Text is "-g" or "--goto";
                    bool builtIn = NetfilterHooks.IsIptablesBuiltIn(table.Name, target.Text);
                    if (table.Chains.TryGetValue(target.Text, out Chain? chain) && !builtIn)
                    {
                        rule.TargetChain = chain;
                    }
                    else if (builtIn)
                    {
                        throw new FirewallReadException(rule.Line, target.Column + 1, "a rule cannot jump to built-in chain " + target.Text);
                    }
                    else if (rule.IsGoto || KindOf(target.Text) == TargetKind.None)
                    {
                        throw new FirewallReadException(rule.Line, target.Column + 1, "no chain " + target.Text + " is declared in the " + table.Name + " table" + (rule.IsGoto ? "" : ", and " + target.Text + " is not a target this reader knows"));
                    }
                }
            }
        }

        private static TargetKind KindOf(string name)
        {
            foreach ((string known, TargetKind kind) in KnownTargets)
            {
                if (known == name)
                {
                    return kind;
                }
            }

            return TargetKind.None;
        }

        /// <summary>
        /// The chains of every table as one <see cref="ChainGraph"/>, with the jumps and gotos of
        /// their rules: a loop is refused, and each chain learns which directions' built-in chains
        /// reach it (the kernel's order, <see cref="NetfilterHooks"/>).
        /// </summary>
        private void Graph()
        {
            foreach (bool ingress in new[] { true, false })
            {
                foreach (var slot in NetfilterHooks.IptablesOrder(ingress))
                {
                    if (_tables.TryGetValue(slot.Table, out Table? table))
                    {
                        BuiltIn(table, slot.Chain);
                    }
                }
            }

            foreach (Table table in _tableOrder)
            {
                foreach (Chain chain in table.Order)
                {
                    chain.Index = _graph.Add(chain.DisplayName, chain.Name);
                }
            }

            foreach (Table table in _tableOrder)
            {
                foreach (Chain chain in table.Order)
                {
                    foreach (RawRule rule in chain.Rules)
                    {
                        if (rule.TargetChain is { } target)
                        {
                            _graph.Edge(chain.Index, target.Index, new SourceLocation(rule.Line, rule.TargetToken.Column + 1));
                        }
                    }
                }
            }

            _graph.FindLoops("iptables");
            foreach (bool ingress in new[] { true, false })
            {
                foreach (var slot in NetfilterHooks.IptablesOrder(ingress))
                {
                    if (_tables.TryGetValue(slot.Table, out Table? table))
                    {
                        _graph.Reach(BuiltIn(table, slot.Chain).Index, ingress ? Ingress : Egress);
                    }
                }
            }

            foreach (Table table in _tableOrder)
            {
                foreach (Chain chain in table.Order)
                {
                    chain.Directions = _graph.Context(chain.Index);
                }
            }
        }

        private void AddRule(RawRule rule)
        {
            RuleMatch match = ParseMatch(rule);
            TargetKind kind = rule.TargetChain is not null ? TargetKind.Chain : rule.TargetName is null ? TargetKind.None : KindOf(rule.TargetName);
            if (kind == TargetKind.NonTerminating && rule.TargetName == "CT" && HasTargetOption(rule, "--notrack"))
            {
                kind = TargetKind.NoTrack;
            }

            ScanKind scanKind = kind switch
            {
                TargetKind.Accept => ScanKind.Accept,
                TargetKind.Deny => ScanKind.Deny,
                TargetKind.Return => ScanKind.Return,
                TargetKind.Chain => rule.IsGoto ? ScanKind.Goto : ScanKind.Jump,
                TargetKind.Queue or TargetKind.Unmodelled or TargetKind.Dnat => ScanKind.NotEvaluated,
                TargetKind.NoTrack => ScanKind.Untrack, // an untracked reply is no longer ESTABLISHED for the chains after it
                _ => ScanKind.None,
            };
            _graph.Scan(rule.Chain.Index, scanKind, match.NotEvaluated.Count == 0, match.MatchesEstablished, match.Unrestricted, rule.TargetChain?.Index ?? -1, rule.Location, rule.Text);
            if (match.NoNewReason is not null)
            {
                _log.Note(rule.Location, "rule ignored: " + match.NoNewReason);
                return;
            }

            switch (kind)
            {
                case TargetKind.None:
                    _log.Note(rule.Location, "rule ignored: it has no target (it only counts packets)");
                    return;
                case TargetKind.NonTerminating:
                    _log.Note(rule.Location, "rule ignored: -j " + rule.TargetName + " does not decide (the packet goes on to the next rule)");
                    return;
                case TargetKind.Queue:
                    match.NotEvaluated.Add("-j " + rule.TargetName + " hands the packet to a program, which decides");
                    break;
                case TargetKind.Unmodelled:
                    match.NotEvaluated.Add("-j " + rule.TargetName + " is not modelled");
                    break;
                case TargetKind.Dnat:
                    match.NotEvaluated.Add("-j " + rule.TargetName + " changes the destination, so what the packet meets after it is not modelled");
                    break;
                case TargetKind.NoTrack:
                    match.NotEvaluated.Add("-j " + rule.TargetName + (rule.TargetName == "CT" ? " --notrack" : "")
                        + " leaves the connection untracked: later state matches (--ctstate NEW, ESTABLISHED) do not match it, UNTRACKED does");
                    break;
            }

            string? reason = match.NotEvaluatedReason;
            RuleAction action = kind switch
            {
                TargetKind.Accept or TargetKind.Snat => RuleAction.Permit,
                TargetKind.Deny => RuleAction.Deny,
                TargetKind.Return => RuleAction.Return,
                TargetKind.Chain => RuleAction.Jump,
                _ => RuleAction.NotEvaluated,
            };
            int id = _log.AddRule(rule.Location, rule.Chain.DisplayName, rule.Text, action, reason, rule.TargetChain?.Name, rule.IsGoto);
            _graph.Append(rule.Chain.Index, match.Box, id, action, reason is null, rule.TargetChain?.Index ?? -1, rule.IsGoto);
        }

        /// <summary>True when an option of the rule's target (after <c>-j</c>) is <paramref name="name"/>.</summary>
        private static bool HasTargetOption(RawRule rule, string name)
        {
            bool after = false;
            foreach (Token token in rule.Tokens)
            {
                after |= !token.Quoted && token.Text is "-j" or "--jump";
                if (after && !token.Quoted && token.Text == name)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
