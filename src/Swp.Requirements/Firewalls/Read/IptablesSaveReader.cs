using System;
using System.Collections.Generic;
using Swp.Requirements.Coverage;

namespace Swp.Requirements.Firewalls.Read;

/// <summary>
/// Reads the text <c>iptables-save</c> prints (as <c>iptables-restore</c> reads it) into an
/// <see cref="ObservedFirewall"/>: the <c>filter</c> table's <c>INPUT</c> chain is the ingress
/// base chain, <c>OUTPUT</c> the egress one, each with the user chains it jumps to. Other tables
/// and <c>FORWARD</c> (with the chains only it reaches, such as Docker's) are ignored, with a note.
/// Rules are evaluated for the first packet of a new connection: a rule that matches only
/// established packets, or loopback, decides nothing for a flow (it is a note), and what the
/// file does not say (ipset contents, interfaces, source ports, unmodelled modules) makes the
/// rule not evaluated, with a note naming it.
/// </summary>
internal static class IptablesSaveReader
{
    /// <summary>Reads the text.</summary>
    /// <param name="path">The file's path, for the model and messages.</param>
    /// <param name="text">The file's text.</param>
    /// <exception cref="FirewallReadException">The text is not iptables-save output that iptables-restore would load.</exception>
    public static ObservedFirewall Read(string path, string text) => new Reader(path, text).Read();

    /// <summary>A word of a line, as iptables-restore splits it (double quotes group words).</summary>
    private readonly struct Token
    {
        public Token(string text, int column, bool quoted)
        {
            Text = text;
            Column = column;
            Quoted = quoted;
        }

        public string Text { get; }

        /// <summary>0-based column of the token's first character.</summary>
        public int Column { get; }

        public bool Quoted { get; }

        public bool IsBang => !Quoted && Text == "!";

        public bool IsOption => !Quoted && Text.Length >= 2 && Text[0] == '-' && (Text[1] < '0' || Text[1] > '9');
    }

    private sealed class Chain
    {
        public Chain(string name, int line, int column, string? policy)
        {
            Name = name;
            Line = line;
            Column = column;
            Policy = policy;
        }

        public string Name { get; }

        /// <summary>1-based line of the declaration; 0 for a built-in chain the file does not declare.</summary>
        public int Line { get; }

        public int Column { get; }

        /// <summary>ACCEPT or DROP for built-in chains; null for user chains and undeclared built-ins.</summary>
        public string? Policy { get; set; }

        public int PolicyLine { get; set; }

        public int PolicyColumn { get; set; } = 1;

        public List<RawRule> Rules { get; } = [];

        public bool Reachable { get; set; }

        public int Index { get; set; } = -1;
    }

    private sealed class RawRule
    {
        public RawRule(int line, int column, string text, List<Token> tokens, Chain chain)
        {
            Line = line;
            Column = column;
            Text = text;
            Tokens = tokens;
            Chain = chain;
        }

        public int Line { get; }

        /// <summary>1-based column of the <c>-A</c>.</summary>
        public int Column { get; }

        public string Text { get; }

        /// <summary>The tokens after <c>-A CHAIN</c>.</summary>
        public List<Token> Tokens { get; }

        public Chain Chain { get; }

        public string? TargetName { get; set; }

        public Token TargetToken { get; set; }

        public bool IsGoto { get; set; }

        public Chain? TargetChain { get; set; }

        public SourceLocation Location => new(Line, Column);
    }

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
    }

    private sealed class Reader
    {
        // Targets iptables knows besides chains: what each does to a packet.
        private static readonly (string Name, TargetKind Kind)[] KnownTargets =
        [
            ("ACCEPT", TargetKind.Accept), ("DROP", TargetKind.Deny), ("REJECT", TargetKind.Deny), ("RETURN", TargetKind.Return),
            ("QUEUE", TargetKind.Queue), ("NFQUEUE", TargetKind.Queue), ("SYNPROXY", TargetKind.Unmodelled), ("TARPIT", TargetKind.Unmodelled),
            ("LOG", TargetKind.NonTerminating), ("NFLOG", TargetKind.NonTerminating), ("ULOG", TargetKind.NonTerminating),
            ("MARK", TargetKind.NonTerminating), ("CONNMARK", TargetKind.NonTerminating), ("SECMARK", TargetKind.NonTerminating),
            ("CONNSECMARK", TargetKind.NonTerminating), ("TRACE", TargetKind.NonTerminating), ("TCPMSS", TargetKind.NonTerminating),
            ("CLASSIFY", TargetKind.NonTerminating), ("DSCP", TargetKind.NonTerminating), ("TOS", TargetKind.NonTerminating),
            ("TTL", TargetKind.NonTerminating), ("HL", TargetKind.NonTerminating), ("ECN", TargetKind.NonTerminating),
            ("CHECKSUM", TargetKind.NonTerminating), ("SET", TargetKind.NonTerminating), ("AUDIT", TargetKind.NonTerminating),
            ("IDLETIMER", TargetKind.NonTerminating), ("LED", TargetKind.NonTerminating), ("RATEEST", TargetKind.NonTerminating),
            ("TEE", TargetKind.NonTerminating), ("CT", TargetKind.NonTerminating), ("NOTRACK", TargetKind.NonTerminating),
            ("HMARK", TargetKind.NonTerminating), ("TCPOPTSTRIP", TargetKind.NonTerminating),
        ];

        private static readonly string[] PortModules = ["tcp", "udp", "udplite", "sctp", "dccp"];

        private readonly string _path;
        private readonly string _text;
        private readonly ReadLog _log = new();
        private readonly Dictionary<string, Chain> _chains = new(StringComparer.Ordinal);
        private readonly List<Chain> _chainOrder = [];
        private readonly List<RawRule> _rules = [];
        private int _filterLine;

        public Reader(string path, string text)
        {
            _path = path;
            _text = text;
        }

        public ObservedFirewall Read()
        {
            ReadLines();
            if (_filterLine == 0)
            {
                _log.Note(new SourceLocation(1, 1), "no *filter table: nothing filters, every packet passes (the kernel's default ACCEPT)");
                return Unfiltered();
            }

            Chain input = BuiltIn("INPUT");
            Chain output = BuiltIn("OUTPUT");
            foreach (Chain chain in new[] { input, output })
            {
                if (chain.Policy is null)
                {
                    _log.Note(new SourceLocation(_filterLine, 1), "chain " + chain.Name + " has no policy line: ACCEPT (the kernel's default) assumed");
                }
            }

            ResolveTargets();
            FindLoops();
            MarkReachable(input);
            MarkReachable(output);
            foreach (Chain chain in _chainOrder)
            {
                if (chain.Name == "FORWARD")
                {
                    if (chain.Line > 0)
                    {
                        _log.Note(new SourceLocation(chain.Line, chain.Column), "chain FORWARD ignored: it filters packets routed through the host (to containers, VMs), not the host's own connections");
                    }
                }
                else if (!chain.Reachable)
                {
                    _log.Note(new SourceLocation(chain.Line, chain.Column), "chain " + chain.Name + " ignored: no jump from INPUT or OUTPUT reaches it");
                }
            }

            // The chains first, so that a jump can name its target before the target's rules are read.
            var reachable = new List<Chain>();
            var ruleLists = new List<List<CoverageRule>>();
            var ruleChains = new List<RuleChain>();
            var scans = new List<IReadOnlyList<ScanRule>>();
            foreach (Chain chain in _chainOrder)
            {
                if (chain.Reachable)
                {
                    chain.Index = reachable.Count;
                    reachable.Add(chain);
                    var list = new List<CoverageRule>();
                    ruleLists.Add(list);
                    ruleChains.Add(new RuleChain(chain.Name, list));
                    scans.Add(new List<ScanRule>());
                }
            }

            foreach (RawRule rule in _rules)
            {
                if (rule.Chain.Reachable)
                {
                    AddRule(rule, ruleLists[rule.Chain.Index], ruleChains, (List<ScanRule>)scans[rule.Chain.Index]);
                }
                else
                {
                    ParseMatch(rule); // not evaluated, but iptables-restore refuses the whole file for a fault in it
                }
            }

            ObservedDirection ingress = Direction(input, ruleChains[input.Index], scans);
            ObservedDirection egress = Direction(output, ruleChains[output.Index], scans);
            return new ObservedFirewall(_path, FirewallFormat.IptablesSave, ingress, egress, _log.Rules, _log.Notes);
        }

        private ObservedFirewall Unfiltered()
        {
            ObservedDirection Open(string name)
            {
                var chain = new ObservedBaseChain(new RuleChain(name, []), true, new SourceLocation(1, 1), "no filter table: chain " + name + " accepts everything");
                return new ObservedDirection([chain], true, new SourceLocation(1, 1), "no filter table: everything is accepted");
            }

            return new ObservedFirewall(_path, FirewallFormat.IptablesSave, Open("INPUT"), Open("OUTPUT"), _log.Rules, _log.Notes);
        }

        private ObservedDirection Direction(Chain chain, RuleChain rules, List<IReadOnlyList<ScanRule>> scans)
        {
            bool permits = chain.Policy != "DROP";
            SourceLocation location = chain.PolicyLine == 0 ? new SourceLocation(_filterLine, 1)
                : new SourceLocation(chain.PolicyLine, chain.PolicyColumn);
            string text = chain.Policy is null
                ? "policy ACCEPT of chain " + chain.Name + " (no policy line: the kernel's default)"
                : "policy " + chain.Policy + " of chain " + chain.Name;
            var baseChain = new ObservedBaseChain(rules, permits, location, text);
            ReplyVerdict replies = ReplyScanner.Scan(scans, chain.Index, permits, location, text);
            return new ObservedDirection([baseChain], replies);
        }

        private Chain BuiltIn(string name)
        {
            if (!_chains.TryGetValue(name, out Chain? chain))
            {
                chain = new Chain(name, 0, 1, null);
                _chains[name] = chain;
                _chainOrder.Add(chain);
            }

            return chain;
        }

        private static bool IsBuiltIn(string name) => name is "INPUT" or "FORWARD" or "OUTPUT";

        private void ReadLines()
        {
            string? table = null;
            int tableLine = 0;
            int lineNumber = 0;
            int start = 0;
            int lastLength = 0;
            while (start <= _text.Length)
            {
                int end = _text.IndexOf('\n', start);
                int next = end < 0 ? _text.Length + 1 : end + 1;
                if (end < 0)
                {
                    end = _text.Length;
                }

                lineNumber++;
                string line = _text.Substring(start, end - start);
                if (line.Length > 0 && line[line.Length - 1] == '\r')
                {
                    line = line.Substring(0, line.Length - 1);
                }

                lastLength = line.Length;
                start = next;
                int s = 0;
                while (s < line.Length && (line[s] == ' ' || line[s] == '\t'))
                {
                    s++;
                }

                if (s == line.Length || line[s] == '#')
                {
                    continue;
                }

                if (line[s] == '*')
                {
                    if (table is not null)
                    {
                        throw new FirewallReadException(lineNumber, s + 1, "table " + table + " (line " + Num(tableLine) + ") has no COMMIT before this next table");
                    }

                    table = line.Substring(s + 1).Trim();
                    tableLine = lineNumber;
                    StartTable(table, lineNumber, s);
                    continue;
                }

                if (IsWord(line, s, "COMMIT"))
                {
                    if (table is null)
                    {
                        throw new FirewallReadException(lineNumber, s + 1, "COMMIT outside a table: no *table line starts one");
                    }

                    table = null;
                    continue;
                }

                if (table is null)
                {
                    throw new FirewallReadException(lineNumber, s + 1, "'" + FirstWord(line, s) + "' outside a table: iptables-save output starts each table with a line such as *filter");
                }

                if (table != "filter")
                {
                    continue;
                }

                if (line[s] == ':')
                {
                    DeclareChain(line, lineNumber, s);
                    continue;
                }

                List<Token> tokens = Tokenize(line, s, lineNumber);
                int first = 0;
                if (tokens[0].Text.Length > 1 && tokens[0].Text[0] == '[' && !tokens[0].Quoted)
                {
                    first = 1; // packet and byte counters: [12:3456] -A ...
                }

                if (first >= tokens.Count)
                {
                    throw new FirewallReadException(lineNumber, tokens[0].Column + 1, "counters without a rule");
                }

                Command(line, lineNumber, tokens, first);
            }

            if (table is not null)
            {
                throw new FirewallReadException(lineNumber, lastLength + 1, "table " + table + " (line " + Num(tableLine) + ") has no COMMIT: the file is truncated");
            }
        }

        private void StartTable(string table, int lineNumber, int column)
        {
            if (table.Length == 0)
            {
                throw new FirewallReadException(lineNumber, column + 1, "'*' without a table name");
            }

            if (table == "filter")
            {
                if (_filterLine > 0)
                {
                    throw new FirewallReadException(lineNumber, column + 1, "a second *filter table (the first is at line " + Num(_filterLine) + "): which one the kernel holds depends on how the file is restored");
                }

                _filterLine = lineNumber;
                return;
            }

            string why = table switch
            {
                "nat" => " (address translation there may change the destination the filter table sees)",
                "mangle" or "raw" => " (a DROP there would be missed)",
                _ => "",
            };
            _log.Note(new SourceLocation(lineNumber, column + 1), "table " + table + " ignored: only the filter table decides" + why);
        }

        private void DeclareChain(string line, int lineNumber, int s)
        {
            List<Token> tokens = Tokenize(line, s + 1, lineNumber);
            if (tokens.Count < 2 || tokens[0].Text.Length == 0)
            {
                throw new FirewallReadException(lineNumber, s + 1, "a chain line is ':NAME POLICY [packets:bytes]'");
            }

            string name = tokens[0].Text;
            string policy = tokens[1].Text;
            if (_chains.TryGetValue(name, out Chain? existing))
            {
                throw new FirewallReadException(lineNumber, s + 1, "chain " + name + " is declared twice (first at line " + Num(existing.Line) + ")");
            }

            bool builtIn = IsBuiltIn(name);
            if (builtIn && policy is not ("ACCEPT" or "DROP"))
            {
                throw new FirewallReadException(lineNumber, tokens[1].Column + 1, "the policy of built-in chain " + name + " is ACCEPT or DROP, not '" + policy + "'");
            }

            if (!builtIn && policy != "-")
            {
                throw new FirewallReadException(lineNumber, tokens[1].Column + 1, "user chain " + name + " has no policy ('-'), not '" + policy + "'");
            }

            var chain = new Chain(name, lineNumber, s + 1, builtIn ? policy : null) { PolicyLine = lineNumber, PolicyColumn = s + 1 };
            _chains[name] = chain;
            _chainOrder.Add(chain);
        }

        private void Command(string line, int lineNumber, List<Token> tokens, int first)
        {
            Token command = tokens[first];
            string name = command.Quoted ? "" : command.Text;
            if (first + 1 >= tokens.Count)
            {
                throw new FirewallReadException(lineNumber, command.Column + 1, "'" + command.Text + "' needs a chain name");
            }

            Token chainToken = tokens[first + 1];
            switch (name)
            {
                case "-A" or "--append":
                    if (!_chains.TryGetValue(chainToken.Text, out Chain? chain))
                    {
                        if (!IsBuiltIn(chainToken.Text))
                        {
                            throw new FirewallReadException(lineNumber, chainToken.Column + 1, "chain " + chainToken.Text + " is not declared (a line ':" + chainToken.Text + " - [0:0]' declares it)");
                        }

                        chain = BuiltIn(chainToken.Text);
                    }

                    var rest = tokens.GetRange(first + 2, tokens.Count - first - 2);
                    var rule = new RawRule(lineNumber, command.Column + 1, line.Substring(command.Column).TrimEnd(), rest, chain);
                    chain.Rules.Add(rule);
                    _rules.Add(rule);
                    break;
                case "-N" or "--new-chain":
                    if (_chains.ContainsKey(chainToken.Text) || IsBuiltIn(chainToken.Text))
                    {
                        throw new FirewallReadException(lineNumber, chainToken.Column + 1, "chain " + chainToken.Text + " already exists");
                    }

                    var created = new Chain(chainToken.Text, lineNumber, command.Column + 1, null);
                    _chains[chainToken.Text] = created;
                    _chainOrder.Add(created);
                    break;
                case "-P" or "--policy":
                    if (!IsBuiltIn(chainToken.Text) || first + 2 >= tokens.Count || tokens[first + 2].Text is not ("ACCEPT" or "DROP"))
                    {
                        throw new FirewallReadException(lineNumber, command.Column + 1, "-P takes a built-in chain and ACCEPT or DROP");
                    }

                    Chain target = BuiltIn(chainToken.Text);
                    target.Policy = tokens[first + 2].Text;
                    target.PolicyLine = lineNumber;
                    target.PolicyColumn = command.Column + 1;
                    break;
                default:
                    throw new FirewallReadException(lineNumber, command.Column + 1, "'" + command.Text + "' is not a command iptables-save writes (-A, or -N and -P)");
            }
        }

        private void ResolveTargets()
        {
            foreach (RawRule rule in _rules)
            {
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
                    if (_chains.TryGetValue(target.Text, out Chain? chain) && !IsBuiltIn(target.Text))
                    {
                        rule.TargetChain = chain;
                    }
                    else if (IsBuiltIn(target.Text))
                    {
                        throw new FirewallReadException(rule.Line, target.Column + 1, "a rule cannot jump to built-in chain " + target.Text);
                    }
                    else if (rule.IsGoto || KindOf(target.Text) == TargetKind.None)
                    {
                        throw new FirewallReadException(rule.Line, target.Column + 1, "no chain " + target.Text + " is declared in the filter table" + (rule.IsGoto ? "" : ", and " + target.Text + " is not a target this reader knows"));
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

        /// <summary>iptables refuses a loop of jumps; so does this reader (iteratively: no input can exhaust the stack).</summary>
        private void FindLoops()
        {
            var state = new Dictionary<Chain, int>(); // 1 on the path, 2 done
            var stack = new Stack<(Chain Chain, int Next)>();
            foreach (Chain root in _chainOrder)
            {
                if (state.ContainsKey(root))
                {
                    continue;
                }

                state[root] = 1;
                stack.Push((root, 0));
                while (stack.Count > 0)
                {
                    (Chain chain, int next) = stack.Pop();
                    if (next >= chain.Rules.Count)
                    {
                        state[chain] = 2;
                        continue;
                    }

                    stack.Push((chain, next + 1));
                    RawRule rule = chain.Rules[next];
                    if (rule.TargetChain is not { } target)
                    {
                        continue;
                    }

                    if (!state.TryGetValue(target, out int s))
                    {
                        state[target] = 1;
                        stack.Push((target, 0));
                    }
                    else if (s == 1)
                    {
                        throw new FirewallReadException(rule.Line, rule.TargetToken.Column + 1, "the jump from " + chain.Name + " to " + target.Name + " closes a loop of chains, which iptables refuses");
                    }
                }
            }
        }

        private static void MarkReachable(Chain root)
        {
            var pending = new Stack<Chain>();
            pending.Push(root);
            root.Reachable = true;
            while (pending.Count > 0)
            {
                foreach (RawRule rule in pending.Pop().Rules)
                {
                    if (rule.TargetChain is { Reachable: false } target)
                    {
                        target.Reachable = true;
                        pending.Push(target);
                    }
                }
            }
        }

        private void AddRule(RawRule rule, List<CoverageRule> into, List<RuleChain> chains, List<ScanRule> scan)
        {
            RuleMatch match = ParseMatch(rule);
            TargetKind kind = rule.TargetChain is not null ? TargetKind.Chain : rule.TargetName is null ? TargetKind.None : KindOf(rule.TargetName);
            ScanKind scanKind = kind switch
            {
                TargetKind.Accept => ScanKind.Accept,
                TargetKind.Deny => ScanKind.Deny,
                TargetKind.Return => ScanKind.Return,
                TargetKind.Chain => rule.IsGoto ? ScanKind.Goto : ScanKind.Jump,
                TargetKind.Queue or TargetKind.Unmodelled => ScanKind.NotEvaluated,
                _ => ScanKind.None,
            };
            if (match.NotEvaluated.Count > 0 && scanKind is not (ScanKind.None or ScanKind.Accept))
            {
                scanKind = ScanKind.NotEvaluated;
            }

            scan.Add(new ScanRule(scanKind, match.MatchesEstablished, match.Unrestricted, rule.TargetChain?.Index ?? -1, rule.Location, rule.Text));
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
            }

            string? reason = match.NotEvaluatedReason;
            RuleAction action = kind switch
            {
                TargetKind.Accept => RuleAction.Permit,
                TargetKind.Deny => RuleAction.Deny,
                TargetKind.Return => RuleAction.Return,
                TargetKind.Chain => RuleAction.Jump,
                _ => RuleAction.NotEvaluated,
            };
            int id = _log.AddRule(rule.Location, rule.Chain.Name, rule.Text, action, reason, rule.TargetChain?.Name, rule.IsGoto);
            PacketBox box = match.Box;
            if (reason is not null)
            {
                // An accept, a drop, a return or a jump on a match not evaluated (an ipset, an
                // interface): decided either way where both readings agree.
                bool jump = kind == TargetKind.Chain && !rule.IsGoto;
                into.Add(new CoverageRule(
                    box,
                    RuleAction.NotEvaluated,
                    id,
                    jump ? chains[rule.TargetChain!.Index] : null,
                    ifMatched: action is RuleAction.Permit or RuleAction.Deny or RuleAction.Return || jump ? action : null));
            }
            else if (kind == TargetKind.Chain)
            {
                into.Add(new CoverageRule(box, RuleAction.Jump, id, chains[rule.TargetChain!.Index]));
                if (rule.IsGoto)
                {
                    // A goto does not come back: what the target leaves undecided leaves this chain too.
                    into.Add(new CoverageRule(box, RuleAction.Return, id));
                }
            }
            else
            {
                into.Add(new CoverageRule(box, action, id));
            }
        }

        private static RuleMatch ParseMatch(RawRule rule)
        {
            var match = new RuleMatch();
            List<Token> tokens = rule.Tokens;
            string? module = null;
            bool moduleKnown = true;
            bool afterTarget = false;
            bool negate = false;
            IntervalSet? protocolOption = null;
            var coreOptions = new HashSet<string>(StringComparer.Ordinal); // iptables refuses an option twice in one match
            var moduleOptions = new HashSet<string>(StringComparer.Ordinal); // the current match's (-m, or the protocol's implicit one)
            int i = 0;
            while (i < tokens.Count)
            {
                Token option = tokens[i];
                if (option.IsBang)
                {
                    negate = true;
                    i++;
                    continue;
                }

                if (!option.IsOption)
                {
                    throw new FirewallReadException(rule.Line, option.Column + 1, "'" + option.Text + "' where an option (such as -p or --dport) belongs");
                }

                var values = new List<Token>();
                int j = i + 1;
                bool inlineNegate = false;
                while (j < tokens.Count)
                {
                    Token t = tokens[j];
                    if (t.IsBang && j == i + 1 && j + 1 < tokens.Count && !tokens[j + 1].IsOption && !tokens[j + 1].IsBang)
                    {
                        inlineNegate = true; // the old form: --dport ! 22
                        j++;
                        continue;
                    }

                    if (t.IsOption || t.IsBang)
                    {
                        break;
                    }

                    values.Add(t);
                    j++;
                }

                bool not = negate || inlineNegate;
                negate = false;
                i = j;
                string name = option.Text;
                if (name is "-j" or "--jump" or "-g" or "--goto")
                {
                    Single(rule, option, values);
                    afterTarget = true;
                    continue;
                }

                if (afterTarget)
                {
                    if (rule.TargetChain is not null || rule.TargetName is "ACCEPT" or "DROP" or "RETURN" or "QUEUE" or "TRACE" or "NOTRACK")
                    {
                        throw new FirewallReadException(rule.Line, option.Column + 1, "'" + ReadLog.Shorten(option.Text) + "' after " + (rule.IsGoto ? "-g " : "-j ") + rule.TargetName + ": "
                            + (rule.TargetChain is null ? rule.TargetName + " takes no options" : "a jump to a chain takes no options"));
                    }

                    continue; // the target's own options (--reject-with, --log-prefix)
                }

                Once(rule, option, CoreKey(name), coreOptions);

                switch (name)
                {
                    case "-s" or "--source" or "--src":
                        match.Sources = match.Sources.Intersect(Addresses(rule, option, values, not, match));
                        continue;
                    case "-d" or "--destination" or "--dst":
                        match.Destinations = match.Destinations.Intersect(Addresses(rule, option, values, not, match));
                        continue;
                    case "-p" or "--protocol":
                        protocolOption = Protocol(rule, option, values, not, match);
                        match.Protocols = match.Protocols.Intersect(protocolOption);
                        continue;
                    case "-i" or "--in-interface" or "-o" or "--out-interface":
                        Interface(rule, option, values, not, match);
                        continue;
                    case "-f" or "--fragment":
                        NoValue(rule, option, values);
                        if (!not)
                        {
                            match.NotEvaluated.Add("-f matches second and later fragments, which are not modelled");
                        }

                        continue;
                    case "-4" or "--ipv4":
                        NoValue(rule, option, values);
                        continue;
                    case "-6" or "--ipv6":
                        NoValue(rule, option, values);
                        match.NoNetwork("-6: IPv6 only");
                        continue;
                    case "-c" or "--set-counters":
                        continue;
                    case "-m" or "--match":
                        module = Single(rule, option, values).Text;
                        moduleOptions.Clear();
                        moduleKnown = module is "tcp" or "udp" or "udplite" or "sctp" or "dccp" or "multiport" or "conntrack" or "state" or "comment" or "iprange" or "icmp" or "set";
                        if (!moduleKnown)
                        {
                            match.NotEvaluated.Add("-m " + module + " is not modelled" + ModuleWhy(module));
                        }

                        continue;
                }

                if (!moduleKnown)
                {
                    continue; // options of a module already reported
                }

                Once(rule, option, ModuleKey(name), moduleOptions);
                ModuleOption(rule, option, values, not, module, protocolOption, match);
            }

            if (negate)
            {
                throw new FirewallReadException(rule.Line, tokens[tokens.Count - 1].Column + 1, "'!' at the end of a rule negates nothing");
            }

            return match;
        }

        private static string ModuleWhy(string module) => module switch
        {
            "limit" or "hashlimit" or "connlimit" => " (a rate or connection limit matches only some packets)",
            "addrtype" => " (the address types of the host's addresses are not in the file)",
            "owner" => " (the process that owns a connection is not known)",
            "recent" => " (its address list changes at run time)",
            "mark" or "connmark" => " (packet marks are set elsewhere)",
            _ => "",
        };

        private static void ModuleOption(RawRule rule, Token option, List<Token> values, bool not, string? module, IntervalSet? protocolOption, RuleMatch match)
        {
            string name = option.Text;
            string owner = module is null ? "" : " of -m " + module;
            switch (name)
            {
                case "--dport" or "--destination-port" when module is null || Array.IndexOf(PortModules, module) >= 0:
                    RestrictPorts(rule, option, Ports(rule, Single(rule, option, values), false), not, module, protocolOption, match);
                    return;
                case "--dports" or "--destination-ports" when module == "multiport":
                    RestrictPorts(rule, option, Ports(rule, Single(rule, option, values), true), not, module, protocolOption, match);
                    return;
                case "--sport" or "--source-port" or "--sports" or "--source-ports" when module is null || module == "multiport" || Array.IndexOf(PortModules, module) >= 0:
                    Ports(rule, Single(rule, option, values), module == "multiport");
                    RestrictPorts(rule, option, PacketBox.AllPorts, false, module, protocolOption, match);
                    match.NotEvaluated.Add((not ? "! " : "") + name + " " + values[0].Text + ": source ports are chosen by the client (ephemeral), so which packets it matches is not known");
                    return;
                case "--ports" when module == "multiport":
                    Ports(rule, Single(rule, option, values), true);
                    RestrictPorts(rule, option, PacketBox.AllPorts, false, module, protocolOption, match);
                    match.NotEvaluated.Add("--ports matches the source or the destination port, and source ports are ephemeral");
                    return;
                case "--syn" when module is null || module == "tcp":
                    NoValue(rule, option, values);
                    match.Protocols = match.Protocols.Intersect(ProtocolNumbers.Only(ProtocolNumbers.Tcp));
                    TcpFlags(not, 0x02, 0x17, 0x02, "--syn", match);
                    return;
                case "--tcp-flags" when module is null || module == "tcp":
                    if (values.Count != 2 || !TryFlags(values[0].Text, out int mask) || !TryFlags(values[1].Text, out int comp))
                    {
                        throw new FirewallReadException(rule.Line, option.Column + 1, "--tcp-flags takes two lists of flags, e.g. --tcp-flags FIN,SYN,RST,ACK SYN");
                    }

                    match.Protocols = match.Protocols.Intersect(ProtocolNumbers.Only(ProtocolNumbers.Tcp));
                    TcpFlags(not, 0x02, mask, comp, "--tcp-flags " + values[0].Text + " " + values[1].Text, match);
                    return;
                case "--state" when module == "state":
                case "--ctstate" when module == "conntrack":
                    States(rule, option, Single(rule, option, values), not, match);
                    return;
                case "--comment" when module == "comment":
                    Single(rule, option, values);
                    return;
                case "--match-set" or "--set" when module == "set":
                    match.NotEvaluated.Add((not ? "! " : "") + "-m set " + name + " " + (values.Count > 0 ? values[0].Text : "") + ": ipset contents are not in the file");
                    return;
                case "--src-range" when module == "iprange":
                    match.Sources = match.Sources.Intersect(Range(rule, Single(rule, option, values), not));
                    return;
                case "--dst-range" when module == "iprange":
                    match.Destinations = match.Destinations.Intersect(Range(rule, Single(rule, option, values), not));
                    return;
                case "--icmp-type" when module == "icmp":
                    match.Protocols = match.Protocols.Intersect(ProtocolNumbers.Only(ProtocolNumbers.Icmp));
                    match.NotEvaluated.Add((not ? "! " : "") + "--icmp-type " + Single(rule, option, values).Text + ": ICMP types are not modelled");
                    return;
            }

            if (module == "set")
            {
                return; // the set's other options (--return-nomatch, counters): the set already makes it unevaluated
            }

            match.NotEvaluated.Add(name + owner + " is not modelled");
        }

        private static void RestrictPorts(RawRule rule, Token option, IntervalSet ports, bool not, string? module, IntervalSet? protocolOption, RuleMatch match)
        {
            IntervalSet protocols;
            if (module is not null && module != "multiport" && ProtocolNumbers.TryParse(module, out int number))
            {
                protocols = ProtocolNumbers.Only(number);
            }
            else
            {
                protocols = ProtocolNumbers.WithPorts;
                if (protocolOption is null || !protocolOption.IsSubsetOf(ProtocolNumbers.WithPorts))
                {
                    throw new FirewallReadException(rule.Line, option.Column + 1, option.Text + " needs -p tcp, udp, udplite, sctp or dccp before it");
                }
            }

            match.Protocols = match.Protocols.Intersect(protocols);
            match.Ports = match.Ports.Intersect(not ? PacketBox.AllPorts.Subtract(ports) : ports);
        }

        private static void TcpFlags(bool not, int first, int mask, int comp, string text, RuleMatch match)
        {
            // A new connection's first packet carries SYN alone; an established one's carry ACK.
            bool newMatches = ((first & mask) == comp) != not;
            bool establishedMatches = ((0x10 & mask) == comp) != not;
            if (!newMatches)
            {
                match.NoNew((not ? "! " : "") + text + " does not match a new connection's first packet (SYN)");
            }

            match.MatchesEstablished &= establishedMatches;
        }

        private static bool TryFlags(string text, out int flags)
        {
            flags = 0;
            foreach (string name in text.Split(','))
            {
                int flag = name switch
                {
                    "FIN" => 0x01,
                    "SYN" => 0x02,
                    "RST" => 0x04,
                    "PSH" => 0x08,
                    "ACK" => 0x10,
                    "URG" => 0x20,
                    "ALL" => 0x3F,
                    "NONE" => 0,
                    _ => -1,
                };
                if (flag < 0)
                {
                    return false;
                }

                flags |= flag;
            }

            return true;
        }

        private static void States(RawRule rule, Token option, Token value, bool not, RuleMatch match)
        {
            ConntrackState states = ConntrackState.None;
            foreach (string name in value.Text.Split(','))
            {
                if (!ConntrackStates.TryParse(name, out ConntrackState state))
                {
                    throw new FirewallReadException(rule.Line, value.Column + 1, "'" + name + "' is not a connection state (NEW, ESTABLISHED, RELATED, INVALID, UNTRACKED, SNAT, DNAT)");
                }

                states |= state;
            }

            if (not)
            {
                states = ConntrackState.All & ~states;
            }

            match.States(states, (not ? "! " : "") + option.Text + " " + value.Text);
        }

        private static IntervalSet Addresses(RawRule rule, Token option, List<Token> values, bool not, RuleMatch match)
        {
            Token value = Single(rule, option, values);
            var intervals = new List<(ulong, ulong)>();
            foreach (string part in value.Text.Split(','))
            {
                switch (Ipv4Values.TryParseNetwork(part, out uint first, out uint last))
                {
                    case AddressRead.Ok:
                        intervals.Add((first, last));
                        break;
                    case AddressRead.NonContiguousMask:
                        match.NotEvaluated.Add(option.Text + " " + part + ": a mask that is not a prefix is not modelled");
                        return AddressSpace.Any;
                    case AddressRead.Ipv6:
                        throw new FirewallReadException(rule.Line, value.Column + 1, "'" + part + "' is an IPv6 address: this reads iptables-save (IPv4), not ip6tables-save");
                    default:
                        throw new FirewallReadException(rule.Line, value.Column + 1, "'" + part + "' is not an IPv4 address or network (a.b.c.d/n)");
                }
            }

            IntervalSet set = Ipv4Values.Set(intervals);
            return not ? Ipv4Values.Not(set) : set;
        }

        private static IntervalSet Range(RawRule rule, Token value, bool not)
        {
            if (Ipv4Values.TryParseRange(value.Text, out uint first, out uint last) != AddressRead.Ok)
            {
                throw new FirewallReadException(rule.Line, value.Column + 1, "'" + value.Text + "' is not an IPv4 address range (a.b.c.d-e.f.g.h)");
            }

            IntervalSet set = Ipv4Values.Interval(first, last);
            return not ? Ipv4Values.Not(set) : set;
        }

        private static IntervalSet Protocol(RawRule rule, Token option, List<Token> values, bool not, RuleMatch match)
        {
            Token value = Single(rule, option, values);
            IntervalSet set;
            if (value.Text is "all" or "0")
            {
                set = PacketBox.AllProtocols;
            }
            else if (ProtocolNumbers.TryParse(value.Text, out int number))
            {
                set = ProtocolNumbers.Only(number);
            }
            else
            {
                match.NotEvaluated.Add("-p " + value.Text + ": protocol name not known");
                return PacketBox.AllProtocols;
            }

            return not ? PacketBox.AllProtocols.Subtract(set) : set;
        }

        private static void Interface(RawRule rule, Token option, List<Token> values, bool not, RuleMatch match)
        {
            string name = Single(rule, option, values).Text;
            bool incoming = option.Text is "-i" or "--in-interface";
            if (name == "+")
            {
                if (not)
                {
                    match.NoNetwork("! " + option.Text + " + matches no interface");
                }

                return;
            }

            if (name == "lo")
            {
                if (!not)
                {
                    match.NoNetwork(option.Text + " lo matches loopback traffic only, no network flow");
                }

                return;
            }

            match.NotEvaluated.Add((not ? "! " : "") + option.Text + " " + name + ": the interface a flow " + (incoming ? "arrives on" : "leaves by") + " is not known");
        }

        private static IntervalSet Ports(RawRule rule, Token value, bool list)
        {
            var intervals = new List<(ulong, ulong)>();
            string[] parts = list ? value.Text.Split(',') : [value.Text];
            foreach (string part in parts)
            {
                if (!NumberText.TryParsePortRange(part, ':', true, out int first, out int last))
                {
                    throw new FirewallReadException(rule.Line, value.Column + 1, "'" + part + "' is not a port or a port range (first:last)");
                }

                intervals.Add(((ulong)first, (ulong)last));
            }

            return IntervalSet.FromIntervals(intervals);
        }

        private static Token Single(RawRule rule, Token option, List<Token> values)
        {
            if (values.Count == 0)
            {
                throw new FirewallReadException(rule.Line, option.Column + 1, option.Text + " needs a value");
            }

            if (values.Count > 1)
            {
                // iptables-restore refuses it too (Bad argument): a stray word is not a second value it would ignore.
                throw new FirewallReadException(rule.Line, values[1].Column + 1, "'" + ReadLog.Shorten(values[1].Text) + "' after " + option.Text + " " + ReadLog.Shorten(values[0].Text) + ": " + option.Text + " takes one value");
            }

            return values[0];
        }

        private static void NoValue(RawRule rule, Token option, List<Token> values)
        {
            if (values.Count > 0)
            {
                throw new FirewallReadException(rule.Line, values[0].Column + 1, "'" + ReadLog.Shorten(values[0].Text) + "' after " + option.Text + ": " + option.Text + " takes no value");
            }
        }

        /// <summary>Refuses an option given twice in one match, as iptables does ("multiple --dport flags not allowed"); null <paramref name="key"/>: not checked.</summary>
        private static void Once(RawRule rule, Token option, string? key, HashSet<string> seen)
        {
            if (key is not null && !seen.Add(key))
            {
                throw new FirewallReadException(rule.Line, option.Column + 1, "multiple " + option.Text + " flags not allowed: iptables refuses an option given twice in one match");
            }
        }

        /// <summary>The options of the rule itself that iptables refuses twice, each long and short name as one.</summary>
        private static string? CoreKey(string name) => name switch
        {
            "-s" or "--source" or "--src" => "-s",
            "-d" or "--destination" or "--dst" => "-d",
            "-p" or "--protocol" => "-p",
            "-i" or "--in-interface" => "-i",
            "-o" or "--out-interface" => "-o",
            "-f" or "--fragment" => "-f",
            _ => null,
        };

        /// <summary>The modelled options of a match that iptables refuses twice in it (other options are not checked).</summary>
        private static string? ModuleKey(string name) => name switch
        {
            "--dport" or "--destination-port" => "--dport",
            "--sport" or "--source-port" => "--sport",
            "--dports" or "--destination-ports" => "--dports",
            "--sports" or "--source-ports" => "--sports",
            "--ports" or "--syn" or "--tcp-flags" or "--state" or "--ctstate" or "--comment" or "--src-range" or "--dst-range" or "--icmp-type" => name,
            _ => null,
        };

        private static List<Token> Tokenize(string line, int start, int lineNumber)
        {
            var tokens = new List<Token>();
            var word = new System.Text.StringBuilder();
            int i = start;
            while (i < line.Length)
            {
                while (i < line.Length && (line[i] == ' ' || line[i] == '\t'))
                {
                    i++;
                }

                if (i >= line.Length)
                {
                    break;
                }

                int column = i;
                bool quoted = false;
                word.Clear();
                while (i < line.Length && line[i] != ' ' && line[i] != '\t')
                {
                    if (line[i] != '"')
                    {
                        word.Append(line[i++]);
                        continue;
                    }

                    quoted = true;
                    int open = i++;
                    while (true)
                    {
                        if (i >= line.Length)
                        {
                            throw new FirewallReadException(lineNumber, open + 1, "a quote that is not closed on its line");
                        }

                        char c = line[i];
                        if (c == '"')
                        {
                            i++;
                            break;
                        }

                        if (c == '\\' && i + 1 < line.Length && (line[i + 1] == '"' || line[i + 1] == '\\'))
                        {
                            c = line[i + 1];
                            i++;
                        }

                        word.Append(c);
                        i++;
                    }
                }

                tokens.Add(new Token(word.ToString(), column, quoted));
            }

            return tokens;
        }

        private static bool IsWord(string line, int start, string word) =>
            string.CompareOrdinal(line, start, word, 0, word.Length) == 0
            && (start + word.Length == line.Length || line[start + word.Length] is ' ' or '\t');

        private static string FirstWord(string line, int start)
        {
            int end = start;
            while (end < line.Length && line[end] != ' ' && line[end] != '\t')
            {
                end++;
            }

            return ReadLog.Shorten(line.Substring(start, end - start));
        }

        private static string Num(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
