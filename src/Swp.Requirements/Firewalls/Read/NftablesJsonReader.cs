using System;
using System.Collections.Generic;
using System.Text;
using Swp.Requirements.Coverage;
using Swp.Requirements.Json;

namespace Swp.Requirements.Firewalls.Read;

/// <summary>
/// Reads the JSON <c>nft -j list ruleset</c> prints (compact, or pretty-printed by <c>jq</c>)
/// into an <see cref="ObservedFirewall"/>: the base chains of type <c>filter</c> on hook
/// <c>input</c> (ingress) and <c>output</c> (egress) of families <c>ip</c> and <c>inet</c>,
/// in priority order, each with the regular chains it jumps to. Other families, hooks and
/// chain types are ignored, with a note. Rules are evaluated for the first packet of a new
/// connection; a match the reader does not model makes the rule not evaluated, with a note
/// naming the expression.
/// </summary>
internal static class NftablesJsonReader
{
    /// <summary>Reads the text.</summary>
    /// <param name="path">The file's path, for the model and messages.</param>
    /// <param name="text">The file's text.</param>
    /// <exception cref="FirewallReadException">The text is not JSON, or not a ruleset nft would load (a rule of a chain that is not there, a jump nowhere, a loop).</exception>
    public static ObservedFirewall Read(string path, string text) => new Reader(path, text).Read();

    private enum Dimension
    {
        Address,
        Port,
        Protocol,
    }

    private enum VerdictKind
    {
        None,
        Accept,
        Deny,
        Return,
        Jump,
        Goto,
        Unmodelled,
    }

    private sealed class NftChain
    {
        public NftChain(string family, string table, string name, SourceLocation location, int order)
        {
            Family = family;
            Table = table;
            Name = name;
            Location = location;
            Order = order;
        }

        public string Family { get; }

        public string Table { get; }

        public string Name { get; }

        public SourceLocation Location { get; }

        public int Order { get; }

        public string? Type { get; set; }

        public string? Hook { get; set; }

        public int Priority { get; set; }

        public string? Policy { get; set; }

        public List<NftRule> Rules { get; } = [];

        public bool Reachable { get; set; }

        public int Index { get; set; } = -1;

        public string FullName => Family + " " + Table + " " + Name;
    }

    private sealed class NftRule
    {
        public NftRule(JsonObject obj, string path, NftChain chain, JsonArray expressions)
        {
            Object = obj;
            Path = path;
            Chain = chain;
            Expressions = expressions;
        }

        public JsonObject Object { get; }

        public string Path { get; }

        public NftChain Chain { get; }

        public JsonArray Expressions { get; }

        public List<NftChain> Targets { get; } = [];

        public SourceLocation Location => JsonAccess.Location(Object, Path);
    }

    private sealed class NftSet
    {
        public NftSet(string name, JsonObject obj, string path, bool isMap)
        {
            Name = name;
            Object = obj;
            Path = path;
            IsMap = isMap;
        }

        public string Name { get; }

        public JsonObject Object { get; }

        public string Path { get; }

        public bool IsMap { get; }

        public Dictionary<Dimension, IntervalSet> Cache { get; } = [];

        /// <summary>Why the set's elements are not known in a dimension, once found.</summary>
        public Dictionary<Dimension, string> Unknown { get; } = [];
    }

    private readonly struct Verdict
    {
        public Verdict(VerdictKind kind, NftChain? target, string? reason)
        {
            Kind = kind;
            Target = target;
            Reason = reason;
        }

        public VerdictKind Kind { get; }

        public NftChain? Target { get; }

        /// <summary>Why an unmodelled verdict is not evaluated.</summary>
        public string? Reason { get; }
    }

    private sealed class Reader
    {
        private static readonly string[] IgnoredObjects =
            ["metainfo", "counter", "quota", "limit", "flowtable", "ct helper", "ct timeout", "ct expectation", "secmark", "synproxy", "element", "tunnel"];

        private static readonly string[] IgnoredStatements =
            ["counter", "log", "mangle", "notrack", "dup", "set", "map", "ct helper", "ct timeout", "ct expectation", "secmark", "meter"];

        private readonly string _path;
        private readonly string _text;
        private readonly ReadLog _log = new();
        private readonly Dictionary<string, NftChain> _chains = new(StringComparer.Ordinal);
        private readonly List<NftChain> _chainOrder = [];
        private readonly Dictionary<string, NftSet> _sets = new(StringComparer.Ordinal);
        private readonly HashSet<string> _notedTables = new(StringComparer.Ordinal);
        private readonly List<(JsonObject Object, string Path)> _pendingRules = [];
        private readonly List<NftRule> _rules = [];
        private JsonValue _root = null!;

        public Reader(string path, string text)
        {
            _path = path;
            _text = text;
        }

        public ObservedFirewall Read()
        {
            _root = JsonAccess.Parse(_text, "nft -j list ruleset");
            JsonObject root = _root as JsonObject ?? throw JsonAccess.Error(_root, "$", "expected an object with an 'nftables' array (nft -j list ruleset)");
            JsonArray items = JsonAccess.Array(JsonAccess.Required(root, "$", "nftables"), "$.nftables", "'nftables'");
            for (int k = 0; k < items.Items.Count; k++)
            {
                ReadItem(items.Items[k], JsonAccess.Path("$.nftables", k));
            }

            foreach ((JsonObject obj, string path) in _pendingRules)
            {
                AddPendingRule(obj, path);
            }

            foreach (NftRule rule in _rules)
            {
                FindTargets(rule);
            }

            FindLoops();
            var inputs = new List<NftChain>();
            var outputs = new List<NftChain>();
            SelectBaseChains(inputs, outputs);
            foreach (NftChain chain in inputs)
            {
                MarkReachable(chain);
            }

            foreach (NftChain chain in outputs)
            {
                MarkReachable(chain);
            }

            foreach (NftChain chain in _chainOrder)
            {
                if (chain.Hook is null && !chain.Reachable)
                {
                    _log.Note(chain.Location, "chain " + chain.FullName + " ignored: no jump from an input or output base chain reaches it");
                }
            }

            var lists = new List<List<CoverageRule>>();
            var ruleChains = new List<RuleChain>();
            var scans = new List<IReadOnlyList<ScanRule>>();
            foreach (NftChain chain in _chainOrder)
            {
                if (chain.Reachable)
                {
                    chain.Index = lists.Count;
                    var list = new List<CoverageRule>();
                    lists.Add(list);
                    ruleChains.Add(new RuleChain(chain.FullName, list));
                    scans.Add(new List<ScanRule>());
                }
            }

            foreach (NftRule rule in _rules)
            {
                if (rule.Chain.Reachable)
                {
                    AddRule(rule, lists[rule.Chain.Index], ruleChains, (List<ScanRule>)scans[rule.Chain.Index]);
                }
            }

            ObservedDirection ingress = Direction("input", inputs, ruleChains, scans);
            ObservedDirection egress = Direction("output", outputs, ruleChains, scans);
            return new ObservedFirewall(_path, FirewallFormat.NftablesJson, ingress, egress, _log.Rules, _log.Notes);
        }

        private ObservedDirection Direction(string hook, List<NftChain> baseChains, List<RuleChain> ruleChains, List<IReadOnlyList<ScanRule>> scans)
        {
            if (baseChains.Count == 0)
            {
                SourceLocation at = JsonAccess.Location(_root, "$");
                string text = "no filter chain on hook " + hook + " in families ip and inet: nothing filters";
                _log.Note(at, text);
                var open = new ObservedBaseChain(new RuleChain("(no " + hook + " chain)", []), true, at, text);
                return new ObservedDirection([open], true, at, text);
            }

            var result = new List<ObservedBaseChain>();
            var verdicts = new List<ReplyVerdict>();
            for (int i = 0; i < baseChains.Count; i++)
            {
                NftChain chain = baseChains[i];
                bool permits = chain.Policy != "drop";
                string text = "policy " + (chain.Policy ?? "accept (the default)") + " of chain " + chain.FullName
                    + " (hook " + hook + ", priority " + chain.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")";
                result.Add(new ObservedBaseChain(ruleChains[chain.Index], permits, chain.Location, text));
                verdicts.Add(ReplyScanner.Scan(scans, chain.Index, permits, chain.Location, text));
                if (i > 0 && baseChains[i - 1].Priority == chain.Priority)
                {
                    _log.Note(chain.Location, "chains " + baseChains[i - 1].FullName + " and " + chain.FullName + " share hook " + hook + " and priority: nft does not define their order; file order assumed");
                }
            }

            ReplyVerdict replies = ReplyScanner.Combine(verdicts);
            return new ObservedDirection(result, replies);
        }

        private void ReadItem(JsonValue item, string path)
        {
            JsonObject obj = JsonAccess.Object(item, path, "an item of 'nftables'");
            if (obj.Members.Count != 1)
            {
                throw JsonAccess.Error(obj, path, "an item of 'nftables' has one member, its kind (table, chain, set, rule, ...), not " + obj.Members.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            string kind = obj.Members[0].Name;
            string valuePath = JsonAccess.Path(path, kind);
            JsonValue value = obj.Members[0].Value;
            switch (kind)
            {
                case "table":
                    ReadTable(JsonAccess.Object(value, valuePath, "a table"), valuePath);
                    return;
                case "chain":
                    ReadChain(JsonAccess.Object(value, valuePath, "a chain"), valuePath);
                    return;
                case "set" or "map":
                    ReadSet(JsonAccess.Object(value, valuePath, "a " + kind), valuePath, kind == "map");
                    return;
                case "rule":
                    JsonObject rule = JsonAccess.Object(value, valuePath, "a rule");
                    if (IsRead(rule, valuePath))
                    {
                        _pendingRules.Add((rule, valuePath));
                    }

                    return;
            }

            if (Array.IndexOf(IgnoredObjects, kind) < 0)
            {
                _log.Note(JsonAccess.Location(obj, path), "'" + kind + "' ignored: not a kind of nftables object this reader knows");
            }
        }

        private void ReadTable(JsonObject table, string path)
        {
            string family = JsonAccess.String(JsonAccess.Required(table, path, "family"), JsonAccess.Path(path, "family"), "'family'");
            string name = JsonAccess.String(JsonAccess.Required(table, path, "name"), JsonAccess.Path(path, "name"), "'name'");
            if (family is not ("ip" or "inet"))
            {
                NoteFamily(family, name, JsonAccess.Location(table, path));
            }
        }

        /// <summary>True for an object of family ip or inet; notes the table of any other family once.</summary>
        private bool IsRead(JsonObject obj, string path)
        {
            string family = JsonAccess.String(JsonAccess.Required(obj, path, "family"), JsonAccess.Path(path, "family"), "'family'");
            if (family is "ip" or "inet")
            {
                return true;
            }

            string table = JsonAccess.String(JsonAccess.Required(obj, path, "table"), JsonAccess.Path(path, "table"), "'table'");
            NoteFamily(family, table, JsonAccess.Location(obj, path));
            return false;
        }

        private void NoteFamily(string family, string table, SourceLocation location)
        {
            if (!_notedTables.Add(family + " " + table))
            {
                return;
            }

            string why = family switch
            {
                "ip6" => "IPv6 only (the flows are IPv4)",
                "arp" => "ARP only",
                "bridge" => "it filters bridged frames (containers, VMs), not the host's own connections",
                "netdev" => "netdev chains filter at the device, before ip and inet chains; a drop there would be missed",
                _ => "family " + family + " is not one nftables has",
            };
            _log.Note(location, "table " + family + " " + table + " ignored: " + why);
        }

        private void ReadChain(JsonObject obj, string path)
        {
            if (!IsRead(obj, path))
            {
                return;
            }

            string family = RequiredString(obj, path, "family");
            string table = RequiredString(obj, path, "table");
            string name = RequiredString(obj, path, "name");
            string key = Key(family, table, name);
            if (_chains.TryGetValue(key, out NftChain? existing))
            {
                throw JsonAccess.Error(obj, path, "chain " + existing.FullName + " is listed twice (first at " + existing.Location + ")");
            }

            var chain = new NftChain(family, table, name, JsonAccess.Location(obj, path), _chainOrder.Count)
            {
                Type = JsonAccess.OptionalString(obj, path, "type"),
                Hook = JsonAccess.OptionalString(obj, path, "hook"),
                Policy = JsonAccess.OptionalString(obj, path, "policy"),
                Priority = Priority(obj, path),
            };
            if (chain.Policy is not (null or "accept" or "drop"))
            {
                throw JsonAccess.Error(obj, JsonAccess.Path(path, "policy"), "a chain's policy is accept or drop, not '" + chain.Policy + "'");
            }

            _chains[key] = chain;
            _chainOrder.Add(chain);
        }

        private static int Priority(JsonObject obj, string path)
        {
            JsonValue? prio = JsonAccess.Member(obj, "prio");
            if (prio is null || prio.Kind == JsonKind.Null)
            {
                return 0;
            }

            if (JsonAccess.TryInteger(prio, out int value))
            {
                return value;
            }

            return (prio as JsonString)?.Value switch
            {
                "raw" => -300,
                "mangle" => -150,
                "dstnat" => -100,
                "filter" => 0,
                "security" => 50,
                "srcnat" => 100,
                _ => throw JsonAccess.Error(prio, JsonAccess.Path(path, "prio"), "a priority is an integer or a standard name (filter, raw, mangle, ...), not " + JsonAccess.Describe(prio)),
            };
        }

        private void ReadSet(JsonObject obj, string path, bool isMap)
        {
            if (!IsRead(obj, path))
            {
                return;
            }

            string key = Key(RequiredString(obj, path, "family"), RequiredString(obj, path, "table"), RequiredString(obj, path, "name"));
            _sets[key] = new NftSet(RequiredString(obj, path, "name"), obj, path, isMap);
        }

        private void AddPendingRule(JsonObject obj, string path)
        {
            string family = RequiredString(obj, path, "family");
            string table = RequiredString(obj, path, "table");
            string chainName = RequiredString(obj, path, "chain");
            if (!_chains.TryGetValue(Key(family, table, chainName), out NftChain? chain))
            {
                throw JsonAccess.Error(obj, path, "a rule of chain " + family + " " + table + " " + chainName + ", which the file does not list");
            }

            JsonArray expressions = JsonAccess.Array(JsonAccess.Required(obj, path, "expr"), JsonAccess.Path(path, "expr"), "'expr'");
            var rule = new NftRule(obj, path, chain, expressions);
            chain.Rules.Add(rule);
            _rules.Add(rule);
        }

        /// <summary>Every jump and goto of a rule (also in verdict maps) must lead to a chain of the same table.</summary>
        private void FindTargets(NftRule rule)
        {
            for (int i = 0; i < rule.Expressions.Items.Count; i++)
            {
                string path = JsonAccess.Path(JsonAccess.Path(rule.Path, "expr"), i);
                if (rule.Expressions.Items[i] is not JsonObject { Members.Count: 1 } expression)
                {
                    continue;
                }

                JsonMember member = expression.Members[0];
                if (member.Name is "jump" or "goto")
                {
                    rule.Targets.Add(Target(rule, member.Value, JsonAccess.Path(path, member.Name)));
                }
                else if (member.Name == "vmap" && member.Value is JsonObject vmap && JsonAccess.Member(vmap, "data") is JsonObject data
                    && JsonAccess.Member(data, "set") is JsonArray entries)
                {
                    foreach (JsonValue entry in entries.Items)
                    {
                        if (entry is JsonArray { Items.Count: 2 } pair && pair.Items[1] is JsonObject { Members.Count: 1 } verdict
                            && verdict.Members[0].Name is "jump" or "goto")
                        {
                            rule.Targets.Add(Target(rule, verdict.Members[0].Value, JsonAccess.Path(path, "vmap")));
                        }
                    }
                }
            }
        }

        private NftChain Target(NftRule rule, JsonValue jump, string path)
        {
            JsonObject obj = JsonAccess.Object(jump, path, "a jump");
            JsonValue targetValue = JsonAccess.Required(obj, path, "target");
            string target = JsonAccess.String(targetValue, JsonAccess.Path(path, "target"), "'target'");
            if (!_chains.TryGetValue(Key(rule.Chain.Family, rule.Chain.Table, target), out NftChain? chain))
            {
                throw JsonAccess.Error(targetValue, JsonAccess.Path(path, "target"), "jump to chain " + target + ", which the file does not list in table " + rule.Chain.Family + " " + rule.Chain.Table);
            }

            if (chain.Hook is not null)
            {
                throw JsonAccess.Error(targetValue, JsonAccess.Path(path, "target"), "jump to base chain " + chain.FullName + ": nft jumps only to regular chains");
            }

            return chain;
        }

        private void FindLoops()
        {
            var state = new Dictionary<NftChain, int>();
            var stack = new Stack<(NftChain Chain, int Rule, int Target)>();
            foreach (NftChain root in _chainOrder)
            {
                if (state.ContainsKey(root))
                {
                    continue;
                }

                state[root] = 1;
                stack.Push((root, 0, 0));
                while (stack.Count > 0)
                {
                    (NftChain chain, int r, int t) = stack.Pop();
                    if (r >= chain.Rules.Count)
                    {
                        state[chain] = 2;
                        continue;
                    }

                    NftRule rule = chain.Rules[r];
                    if (t >= rule.Targets.Count)
                    {
                        stack.Push((chain, r + 1, 0));
                        continue;
                    }

                    stack.Push((chain, r, t + 1));
                    NftChain target = rule.Targets[t];
                    if (!state.TryGetValue(target, out int s))
                    {
                        state[target] = 1;
                        stack.Push((target, 0, 0));
                    }
                    else if (s == 1)
                    {
                        throw new FirewallReadException(rule.Location.Line, rule.Location.Column, "the jump from " + chain.FullName + " to " + target.Name + " closes a loop of chains, which nft refuses", rule.Path);
                    }
                }
            }
        }

        private void SelectBaseChains(List<NftChain> inputs, List<NftChain> outputs)
        {
            foreach (NftChain chain in _chainOrder)
            {
                if (chain.Hook is null)
                {
                    continue;
                }

                if (chain.Type == "filter" && chain.Hook is "input" or "output")
                {
                    (chain.Hook == "input" ? inputs : outputs).Add(chain);
                    continue;
                }

                string why = chain.Type != "filter"
                    ? "type " + (chain.Type ?? "(none)") + " does not filter"
                    : chain.Hook == "forward"
                        ? "hook forward filters packets routed through the host (to containers, VMs), not the host's own connections"
                        : "hook " + chain.Hook + " is not read (a drop there would be missed)";
                _log.Note(chain.Location, "chain " + chain.FullName + " ignored: " + why);
            }

            static int Compare(NftChain a, NftChain b) => a.Priority != b.Priority ? a.Priority.CompareTo(b.Priority) : a.Order.CompareTo(b.Order);
            inputs.Sort(Compare);
            outputs.Sort(Compare);
        }

        private static void MarkReachable(NftChain root)
        {
            var pending = new Stack<NftChain>();
            root.Reachable = true;
            pending.Push(root);
            while (pending.Count > 0)
            {
                foreach (NftRule rule in pending.Pop().Rules)
                {
                    foreach (NftChain target in rule.Targets)
                    {
                        if (!target.Reachable)
                        {
                            target.Reachable = true;
                            pending.Push(target);
                        }
                    }
                }
            }
        }

        private void AddRule(NftRule rule, List<CoverageRule> into, List<RuleChain> chains, List<ScanRule> scan)
        {
            var match = new RuleMatch();
            Verdict verdict = default;
            Verdict? established = null;
            string exprPath = JsonAccess.Path(rule.Path, "expr");
            for (int i = 0; i < rule.Expressions.Items.Count && verdict.Kind == VerdictKind.None; i++)
            {
                string path = JsonAccess.Path(exprPath, i);
                JsonValue item = rule.Expressions.Items[i];
                if (item is not JsonObject { Members.Count: 1 } expression)
                {
                    throw JsonAccess.Error(item, path, "an expression is an object with one member, its kind (match, accept, counter, ...)");
                }

                string key = expression.Members[0].Name;
                JsonValue value = expression.Members[0].Value;
                string valuePath = JsonAccess.Path(path, key);
                switch (key)
                {
                    case "match":
                        Match(rule, JsonAccess.Object(value, valuePath, "a match"), valuePath, match);
                        break;
                    case "continue":
                        i = rule.Expressions.Items.Count;
                        break;
                    case "vmap":
                        verdict = VerdictMap(rule, JsonAccess.Object(value, valuePath, "a verdict map"), valuePath, match, out established);
                        break;
                    case "limit":
                        match.NotEvaluated.Add("limit: a rate limit matches only some packets");
                        break;
                    case "quota":
                        match.NotEvaluated.Add("quota: a quota matches only some packets");
                        break;
                    case "xt":
                        match.NotEvaluated.Add("xt " + XtName(value) + ": an iptables extension (iptables-nft) that nft cannot show");
                        break;
                    default:
                        if (Array.IndexOf(IgnoredStatements, key) >= 0)
                        {
                            break;
                        }

                        verdict = VerdictOf(rule, key, value, valuePath);
                        if (verdict.Kind == VerdictKind.None)
                        {
                            match.NotEvaluated.Add("expression '" + key + "' is not modelled");
                        }

                        break;
                }
            }

            string text = Text(rule);
            VerdictKind scanVerdict = established?.Kind ?? verdict.Kind;
            ScanKind scanKind = scanVerdict switch
            {
                VerdictKind.Accept => ScanKind.Accept,
                VerdictKind.Deny => ScanKind.Deny,
                VerdictKind.Return => ScanKind.Return,
                VerdictKind.Jump => ScanKind.Jump,
                VerdictKind.Goto => ScanKind.Goto,
                VerdictKind.Unmodelled => ScanKind.NotEvaluated,
                _ => ScanKind.None,
            };
            if (match.NotEvaluated.Count > 0 && scanKind is not (ScanKind.None or ScanKind.Accept))
            {
                scanKind = ScanKind.NotEvaluated;
            }

            NftChain? scanTarget = established is { } e ? e.Target : verdict.Target;
            scan.Add(new ScanRule(scanKind, match.MatchesEstablished, match.Unrestricted, scanTarget?.Index ?? -1, rule.Location, text));
            if (match.NoNewReason is not null)
            {
                _log.Note(rule.Location, "rule ignored: " + match.NoNewReason);
                return;
            }

            if (verdict.Kind == VerdictKind.None)
            {
                _log.Note(rule.Location, "rule ignored: it has no verdict (it only counts or logs packets)");
                return;
            }

            if (verdict.Reason is not null)
            {
                match.NotEvaluated.Add(verdict.Reason);
            }

            string? reason = match.NotEvaluatedReason;
            RuleAction action = verdict.Kind switch
            {
                VerdictKind.Accept => RuleAction.Permit,
                VerdictKind.Deny => RuleAction.Deny,
                VerdictKind.Return => RuleAction.Return,
                VerdictKind.Jump or VerdictKind.Goto => RuleAction.Jump,
                _ => RuleAction.NotEvaluated,
            };
            bool isGoto = verdict.Kind == VerdictKind.Goto;
            int id = _log.AddRule(rule.Location, rule.Chain.FullName, text, action, reason, verdict.Target?.Name, isGoto);
            PacketBox box = match.Box;
            if (reason is not null)
            {
                // An accept, a drop, a return or a jump on a match not evaluated (an xt match of
                // iptables-nft, an interface): decided either way where both readings agree.
                bool jump = verdict.Target is not null && !isGoto;
                into.Add(new CoverageRule(
                    box,
                    RuleAction.NotEvaluated,
                    id,
                    jump ? chains[verdict.Target!.Index] : null,
                    ifMatched: action is RuleAction.Permit or RuleAction.Deny or RuleAction.Return || jump ? action : null));
            }
            else if (verdict.Target is not null)
            {
                into.Add(new CoverageRule(box, RuleAction.Jump, id, chains[verdict.Target.Index]));
                if (isGoto)
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

        private static string XtName(JsonValue value) =>
            value is JsonObject obj && JsonAccess.Member(obj, "name") is JsonString name ? name.Value : "";

        /// <summary>The verdict an expression gives; <see cref="VerdictKind.None"/> when the expression is not a verdict.</summary>
        private Verdict VerdictOf(NftRule rule, string key, JsonValue value, string path)
        {
            switch (key)
            {
                case "accept":
                    return new Verdict(VerdictKind.Accept, null, null);
                case "drop" or "reject":
                    return new Verdict(VerdictKind.Deny, null, null);
                case "return":
                    return new Verdict(VerdictKind.Return, null, null);
                case "jump" or "goto":
                    return new Verdict(key == "jump" ? VerdictKind.Jump : VerdictKind.Goto, Target(rule, value, path), null);
                case "queue":
                    return new Verdict(VerdictKind.Unmodelled, null, "queue hands the packet to a program, which decides");
                case "snat" or "dnat" or "masquerade" or "redirect" or "tproxy" or "synproxy" or "fwd":
                    return new Verdict(VerdictKind.Unmodelled, null, key + " is not modelled");
                default:
                    return default;
            }
        }

        /// <summary>A verdict map: one keyed by <c>ct state</c> is evaluated; any other is not.</summary>
        private Verdict VerdictMap(NftRule rule, JsonObject vmap, string path, RuleMatch match, out Verdict? established)
        {
            established = null;
            JsonValue key = JsonAccess.Required(vmap, path, "key");
            JsonValue data = JsonAccess.Required(vmap, path, "data");
            bool ctState = key is JsonObject { Members.Count: 1 } k && k.Members[0].Name == "ct"
                && k.Members[0].Value is JsonObject ct && JsonAccess.Member(ct, "key") is JsonString { Value: "state" } && JsonAccess.Member(ct, "dir") is null;
            if (!ctState || data is not JsonObject { Members.Count: 1 } set || set.Members[0].Name != "set" || set.Members[0].Value is not JsonArray entries)
            {
                return new Verdict(VerdictKind.Unmodelled, null, "a verdict map on " + Render(key) + " is not modelled");
            }

            Verdict? fresh = null;
            string dataPath = JsonAccess.Path(JsonAccess.Path(path, "data"), "set");
            for (int i = 0; i < entries.Items.Count; i++)
            {
                string entryPath = JsonAccess.Path(dataPath, i);
                if (entries.Items[i] is not JsonArray { Items.Count: 2 } pair || pair.Items[1] is not JsonObject { Members.Count: 1 } verdictObject)
                {
                    throw JsonAccess.Error(entries.Items[i], entryPath, "an entry of a verdict map is [key, verdict]");
                }

                ConntrackState states = States(pair.Items[0], JsonAccess.Path(entryPath, 0));
                Verdict verdict = VerdictOf(rule, verdictObject.Members[0].Name, verdictObject.Members[0].Value, JsonAccess.Path(JsonAccess.Path(entryPath, 1), verdictObject.Members[0].Name));
                if ((states & ConntrackState.New) != 0)
                {
                    fresh = verdict;
                }

                if ((states & ConntrackState.Established) != 0)
                {
                    established = verdict;
                }
            }

            if (established is null)
            {
                match.MatchesEstablished = false;
            }

            if (fresh is null)
            {
                match.NoNew("ct state vmap " + Render(data) + " has no entry for new connections");
                return new Verdict(VerdictKind.Accept, null, null); // never used for flows: the rule is a note
            }

            return fresh.Value;
        }

        private void Match(NftRule rule, JsonObject obj, string path, RuleMatch match)
        {
            string op = JsonAccess.OptionalString(obj, path, "op") ?? "==";
            JsonValue left = JsonAccess.Required(obj, path, "left");
            JsonValue right = JsonAccess.Required(obj, path, "right");
            string rightPath = JsonAccess.Path(path, "right");
            if (left is not JsonObject { Members.Count: 1 } leftObject || leftObject.Members[0].Value is not JsonObject selector)
            {
                match.NotEvaluated.Add("a match on " + Render(left) + " is not modelled");
                return;
            }

            string kind = leftObject.Members[0].Name;
            string leftText = Render(left);
            switch (kind)
            {
                case "payload":
                    string? protocol = (JsonAccess.Member(selector, "protocol") as JsonString)?.Value;
                    string? field = (JsonAccess.Member(selector, "field") as JsonString)?.Value;
                    Payload(rule, protocol, field, op, right, rightPath, leftText, match);
                    return;
                case "meta":
                    Meta(rule, (JsonAccess.Member(selector, "key") as JsonString)?.Value, op, right, rightPath, leftText, match);
                    return;
                case "ct" when JsonAccess.Member(selector, "key") is JsonString { Value: "state" } && JsonAccess.Member(selector, "dir") is null:
                    if (op is not ("==" or "in" or "!="))
                    {
                        match.NotEvaluated.Add(leftText + " " + op + ": operator not modelled");
                        return;
                    }

                    ConntrackState states = States(right, rightPath);
                    match.States(op == "!=" ? ConntrackState.All & ~states & ~(ConntrackState.Snat | ConntrackState.Dnat) : states, "ct state " + (op == "!=" ? "!= " : "") + Render(right));
                    return;
                default:
                    match.NotEvaluated.Add("a match on " + leftText + " is not modelled");
                    return;
            }
        }

        private void Payload(NftRule rule, string? protocol, string? field, string op, JsonValue right, string rightPath, string leftText, RuleMatch match)
        {
            switch (protocol)
            {
                case "ip" when field is "saddr" or "daddr":
                    IntervalSet? addresses = Compare(rule, op, right, rightPath, Dimension.Address, leftText, match);
                    if (addresses is not null)
                    {
                        if (field == "saddr")
                        {
                            match.Sources = match.Sources.Intersect(addresses);
                        }
                        else
                        {
                            match.Destinations = match.Destinations.Intersect(addresses);
                        }
                    }

                    return;
                case "ip" when field == "protocol":
                    IntervalSet? protocols = Compare(rule, op, right, rightPath, Dimension.Protocol, leftText, match);
                    if (protocols is not null)
                    {
                        match.Protocols = match.Protocols.Intersect(protocols);
                    }

                    return;
                case "ip6" or "icmpv6":
                    match.NoNetwork(leftText + ": IPv6 packets only (the flows are IPv4)");
                    return;
                case "tcp" or "udp" or "udplite" or "sctp" or "dccp" or "th":
                    match.Protocols = match.Protocols.Intersect(protocol == "th" ? ProtocolNumbers.WithPorts : ProtocolNumbers.TryParse(protocol, out int number) ? ProtocolNumbers.Only(number) : PacketBox.AllProtocols);
                    if (field == "dport")
                    {
                        IntervalSet? ports = Compare(rule, op, right, rightPath, Dimension.Port, leftText, match);
                        if (ports is not null)
                        {
                            match.Ports = match.Ports.Intersect(ports);
                        }
                    }
                    else if (field == "sport")
                    {
                        match.NotEvaluated.Add(leftText + " " + Render(right) + ": source ports are chosen by the client (ephemeral), so which packets it matches is not known");
                    }
                    else
                    {
                        match.NotEvaluated.Add(leftText + " is not modelled");
                    }

                    return;
                case "icmp":
                    match.Protocols = match.Protocols.Intersect(ProtocolNumbers.Only(ProtocolNumbers.Icmp));
                    match.NotEvaluated.Add(leftText + ": ICMP types and codes are not modelled");
                    return;
                default:
                    match.NotEvaluated.Add(leftText + " is not modelled");
                    return;
            }
        }

        private void Meta(NftRule rule, string? key, string op, JsonValue right, string rightPath, string leftText, RuleMatch match)
        {
            switch (key)
            {
                case "l4proto":
                    IntervalSet? protocols = Compare(rule, op, right, rightPath, Dimension.Protocol, leftText, match);
                    if (protocols is not null)
                    {
                        match.Protocols = match.Protocols.Intersect(protocols);
                    }

                    return;
                case "nfproto" or "protocol":
                    string? value = (right as JsonString)?.Value;
                    bool ipv4 = value is "ipv4" or "ip";
                    bool ipv6 = value is "ipv6" or "ip6";
                    if (op is not ("==" or "!=") || !(ipv4 || ipv6))
                    {
                        match.NotEvaluated.Add(leftText + " " + Render(right) + " is not modelled");
                    }
                    else if (ipv6 == (op == "=="))
                    {
                        match.NoNetwork(leftText + " " + (op == "!=" ? "!= " : "") + value + ": not IPv4 (the flows are IPv4)");
                    }

                    return;
                case "iifname" or "oifname" or "iif" or "oif":
                    Interface(key, op, right, leftText, match);
                    return;
                default:
                    match.NotEvaluated.Add(leftText + " is not modelled");
                    return;
            }
        }

        private static void Interface(string key, string op, JsonValue right, string leftText, RuleMatch match)
        {
            var names = new List<string>();
            if (right is JsonString one)
            {
                names.Add(one.Value);
            }
            else if (right is JsonObject { Members.Count: 1 } set && set.Members[0].Name == "set" && set.Members[0].Value is JsonArray items)
            {
                foreach (JsonValue item in items.Items)
                {
                    if (item is not JsonString name)
                    {
                        match.NotEvaluated.Add(leftText + " " + Render(right) + " is not modelled");
                        return;
                    }

                    names.Add(name.Value);
                }
            }

            bool loopbackOnly = names.Count > 0;
            foreach (string name in names)
            {
                loopbackOnly &= name == "lo";
            }

            if (loopbackOnly && op is "==" or "in")
            {
                match.NoNetwork(leftText + " lo matches loopback traffic only, no network flow");
            }
            else if (!(loopbackOnly && op == "!="))
            {
                bool incoming = key is "iifname" or "iif";
                match.NotEvaluated.Add(leftText + " " + (op == "==" ? "" : op + " ") + Render(right) + ": the interface a flow " + (incoming ? "arrives on" : "leaves by") + " is not known");
            }
        }

        /// <summary>The values a comparison holds in one dimension; null (and a not-evaluated reason) when they are not known.</summary>
        private IntervalSet? Compare(NftRule rule, string op, JsonValue right, string path, Dimension dimension, string leftText, RuleMatch match)
        {
            IntervalSet all = dimension switch
            {
                Dimension.Address => AddressSpace.Any,
                Dimension.Port => PacketBox.AllPorts,
                _ => PacketBox.AllProtocols,
            };
            ulong max = dimension switch
            {
                Dimension.Address => Ipv4Values.LastAddress,
                Dimension.Port => 65535,
                _ => 255,
            };
            string? unknown = null;
            if (op is "<" or "<=" or ">" or ">=")
            {
                var one = new List<(ulong First, ulong Last)>();
                if (right is JsonObject or JsonArray || (right is JsonString s && s.Value.Length > 0 && s.Value[0] == '@'))
                {
                    match.NotEvaluated.Add(leftText + " " + op + " " + Render(right) + " is not modelled");
                    return null;
                }

                Add(rule, right, path, dimension, one, ref unknown);
                if (unknown is not null)
                {
                    match.NotEvaluated.Add(unknown);
                    return null;
                }

                ulong value = one[0].First;
                (ulong first, ulong last) = op switch
                {
                    "<" => (0UL, value == 0 ? 0UL : value - 1),
                    "<=" => (0UL, value),
                    ">" => (value + 1, max),
                    _ => (value, max),
                };
                IntervalSet range = op == "<" && value == 0 ? IntervalSet.Empty : IntervalSet.Of(first, last);
                return dimension == Dimension.Address ? Ipv4Values.Normalize(range) : range;
            }

            if (op is not ("==" or "!=" or "in"))
            {
                match.NotEvaluated.Add(leftText + " " + op + " " + Render(right) + ": operator not modelled");
                return null;
            }

            IntervalSet? set = Values(rule, right, path, dimension, ref unknown);
            if (set is null)
            {
                match.NotEvaluated.Add(unknown ?? leftText + " " + Render(right) + " is not modelled");
                return null;
            }

            return op == "!=" ? all.Subtract(set) : set;
        }

        private IntervalSet? Values(NftRule rule, JsonValue value, string path, Dimension dimension, ref string? unknown)
        {
            if (value is JsonString { Value.Length: > 0 } named && named.Value[0] == '@')
            {
                return NamedSet(rule, named.Value.Substring(1), dimension, ref unknown);
            }

            var intervals = new List<(ulong First, ulong Last)>();
            Add(rule, value, path, dimension, intervals, ref unknown);
            if (unknown is not null)
            {
                return null;
            }

            return dimension == Dimension.Address ? Ipv4Values.Set(intervals) : IntervalSet.FromIntervals(intervals);
        }

        private IntervalSet? NamedSet(NftRule rule, string name, Dimension dimension, ref string? unknown)
        {
            if (!_sets.TryGetValue(Key(rule.Chain.Family, rule.Chain.Table, name), out NftSet? set))
            {
                unknown = "set @" + name + " is not in the file";
                return null;
            }

            if (set.Cache.TryGetValue(dimension, out IntervalSet? cached))
            {
                return cached;
            }

            if (set.Unknown.TryGetValue(dimension, out string? known))
            {
                unknown = known;
                return null;
            }

            unknown = SetElements(rule, set, dimension, out IntervalSet? result);
            if (unknown is not null)
            {
                set.Unknown[dimension] = unknown;
                return null;
            }

            set.Cache[dimension] = result!;
            return result;
        }

        /// <summary>Reads a named set's elements in one dimension; returns why they are not known, or null.</summary>
        private string? SetElements(NftRule rule, NftSet set, Dimension dimension, out IntervalSet? result)
        {
            result = null;
            string name = set.Name;
            string? unknown = null;
            if (set.IsMap)
            {
                return "@" + name + " is a map, not a set";
            }

            if (JsonAccess.Member(set.Object, "flags") is JsonArray flags)
            {
                foreach (JsonValue flag in flags.Items)
                {
                    if (flag is JsonString { Value: "dynamic" })
                    {
                        return "set @" + name + " is dynamic: its elements change at run time";
                    }
                }
            }

            if (JsonAccess.Member(set.Object, "type") is JsonArray)
            {
                return "set @" + name + " holds concatenations, which are not modelled";
            }

            var intervals = new List<(ulong First, ulong Last)>();
            if (JsonAccess.OptionalArray(set.Object, set.Path, "elem") is { } elements)
            {
                string elementsPath = JsonAccess.Path(set.Path, "elem");
                for (int i = 0; i < elements.Items.Count; i++)
                {
                    Add(rule, elements.Items[i], JsonAccess.Path(elementsPath, i), dimension, intervals, ref unknown, inSet: true);
                }
            }

            if (unknown is not null)
            {
                return "set @" + name + ": " + unknown;
            }

            result = dimension == Dimension.Address ? Ipv4Values.Set(intervals) : IntervalSet.FromIntervals(intervals);
            return null;
        }

        /// <summary>Adds the values of one right-hand side (a value, a prefix, a range, a set) to <paramref name="into"/>.</summary>
        private void Add(NftRule rule, JsonValue value, string path, Dimension dimension, List<(ulong First, ulong Last)> into, ref string? unknown, bool inSet = false)
        {
            switch (value)
            {
                case JsonString { Value.Length: > 0 } reference when inSet && reference.Value[0] == '@':
                    unknown = "an element '" + ReadLog.Shorten(reference.Value) + "' is not a value";
                    return;
                case JsonString { Value.Length: > 0 } named when named.Value[0] == '@':
                    IntervalSet? set = NamedSet(rule, named.Value.Substring(1), dimension, ref unknown);
                    for (int i = 0; set is not null && i < set.Count; i++)
                    {
                        into.Add((set.First(i), set.Last(i)));
                    }

                    return;
                case JsonArray array:
                    for (int i = 0; i < array.Items.Count; i++)
                    {
                        Add(rule, array.Items[i], JsonAccess.Path(path, i), dimension, into, ref unknown, inSet);
                    }

                    return;
                case JsonObject { Members.Count: 1 } obj:
                    string kind = obj.Members[0].Name;
                    JsonValue inner = obj.Members[0].Value;
                    string innerPath = JsonAccess.Path(path, kind);
                    switch (kind)
                    {
                        case "set":
                            Add(rule, inner, innerPath, dimension, into, ref unknown, inSet);
                            return;
                        case "elem" when inner is JsonObject element:
                            Add(rule, JsonAccess.Required(element, innerPath, "val"), JsonAccess.Path(innerPath, "val"), dimension, into, ref unknown, inSet);
                            return;
                        case "range" when inner is JsonArray { Items.Count: 2 } ends:
                            var first = new List<(ulong First, ulong Last)>();
                            var last = new List<(ulong First, ulong Last)>();
                            Add(rule, ends.Items[0], JsonAccess.Path(innerPath, 0), dimension, first, ref unknown, inSet);
                            Add(rule, ends.Items[1], JsonAccess.Path(innerPath, 1), dimension, last, ref unknown, inSet);
                            if (unknown is null)
                            {
                                if (first.Count != 1 || last.Count != 1 || first[0].First > last[0].Last)
                                {
                                    throw JsonAccess.Error(value, path, "a range is [first, last] with first <= last");
                                }

                                into.Add((first[0].First, last[0].Last));
                            }

                            return;
                        case "prefix" when dimension == Dimension.Address && inner is JsonObject prefix:
                            string addr = JsonAccess.String(JsonAccess.Required(prefix, innerPath, "addr"), JsonAccess.Path(innerPath, "addr"), "'addr'");
                            JsonValue lenValue = JsonAccess.Required(prefix, innerPath, "len");
                            if (!JsonAccess.TryInteger(lenValue, out int len) || len is < 0 or > 32)
                            {
                                throw JsonAccess.Error(lenValue, JsonAccess.Path(innerPath, "len"), "an IPv4 prefix length is 0 to 32");
                            }

                            Address(addr + "/" + len.ToString(System.Globalization.CultureInfo.InvariantCulture), prefix, innerPath, into);
                            return;
                    }

                    unknown = Render(value) + " is not modelled";
                    return;
                case JsonString text:
                    switch (dimension)
                    {
                        case Dimension.Address:
                            Address(text.Value, value, path, into);
                            return;
                        case Dimension.Port when NumberText.TryParse(text.Value, 65535, out int port):
                            into.Add(((ulong)port, (ulong)port));
                            return;
                        case Dimension.Port:
                            unknown = "service name '" + text.Value + "' is not modelled";
                            return;
                        case Dimension.Protocol when ProtocolNumbers.TryParse(text.Value, out int number):
                            into.Add(((ulong)number, (ulong)number));
                            return;
                        default:
                            unknown = "protocol '" + text.Value + "' is not known";
                            return;
                    }

                case JsonNumber:
                    int maxValue = dimension == Dimension.Port ? 65535 : dimension == Dimension.Protocol ? 255 : -1;
                    if (maxValue < 0 || !JsonAccess.TryInteger(value, out int n) || n < 0 || n > maxValue)
                    {
                        throw JsonAccess.Error(value, path, JsonAccess.Describe(value) + " is not " + (dimension == Dimension.Port ? "a port (0 to 65535)" : dimension == Dimension.Protocol ? "a protocol number (0 to 255)" : "an IPv4 address"));
                    }

                    into.Add(((ulong)n, (ulong)n));
                    return;
                default:
                    unknown = Render(value) + " is not modelled";
                    return;
            }
        }

        private static void Address(string text, JsonValue at, string path, List<(ulong First, ulong Last)> into)
        {
            AddressRead read = Ipv4Values.TryParseNetwork(text, out uint first, out uint last);
            if (read != AddressRead.Ok)
            {
                throw JsonAccess.Error(at, path, "'" + ReadLog.Shorten(text) + "' is not an IPv4 address or network");
            }

            into.Add((first, last));
        }

        private static ConntrackState States(JsonValue value, string path)
        {
            ConntrackState states = ConntrackState.None;
            switch (value)
            {
                case JsonString name:
                    if (!ConntrackStates.TryParse(name.Value, out states) || states is ConntrackState.Snat or ConntrackState.Dnat)
                    {
                        throw JsonAccess.Error(value, path, "'" + ReadLog.Shorten(name.Value) + "' is not a ct state (new, established, related, invalid, untracked)");
                    }

                    return states;
                case JsonArray array:
                    for (int i = 0; i < array.Items.Count; i++)
                    {
                        states |= States(array.Items[i], JsonAccess.Path(path, i));
                    }

                    return states;
                case JsonObject { Members.Count: 1 } set when set.Members[0].Name == "set":
                    return States(set.Members[0].Value, JsonAccess.Path(path, "set"));
                default:
                    throw JsonAccess.Error(value, path, "a ct state is a name or a list of names, not " + JsonAccess.Describe(value));
            }
        }

        private static string RequiredString(JsonObject obj, string path, string name) =>
            JsonAccess.String(JsonAccess.Required(obj, path, name), JsonAccess.Path(path, name), "'" + name + "'");

        private static string Key(string family, string table, string name) => family + "\u0001" + table + "\u0001" + name;

        /// <summary>The rule in nft's own words, e.g. <c>tcp dport 4118 ip saddr @swp_managers accept</c>.</summary>
        private static string Text(NftRule rule)
        {
            var text = new StringBuilder();
            foreach (JsonValue expression in rule.Expressions.Items)
            {
                if (text.Length > ReadLog.MaxTextLength)
                {
                    break;
                }

                if (text.Length > 0)
                {
                    text.Append(' ');
                }

                Render(expression, text);
            }

            return text.ToString();
        }

        private static string Render(JsonValue value)
        {
            var text = new StringBuilder();
            Render(value, text);
            return ReadLog.Shorten(text.ToString());
        }

        private static void Render(JsonValue value, StringBuilder text)
        {
            if (text.Length > ReadLog.MaxTextLength)
            {
                return;
            }

            switch (value)
            {
                case JsonString s:
                    text.Append(s.Value);
                    return;
                case JsonNumber n:
                    text.Append(n.Text);
                    return;
                case JsonArray a:
                    text.Append("{ ");
                    for (int i = 0; i < a.Items.Count && text.Length <= ReadLog.MaxTextLength; i++)
                    {
                        text.Append(i == 0 ? "" : ", ");
                        Render(a.Items[i], text);
                    }

                    text.Append(" }");
                    return;
                case JsonObject { Members.Count: 1 } o:
                    RenderObject(o.Members[0].Name, o.Members[0].Value, text);
                    return;
                default:
                    text.Append(value.Kind == JsonKind.Null ? "null" : value.TypeName);
                    return;
            }
        }

        private static void RenderObject(string kind, JsonValue inner, StringBuilder text)
        {
            JsonObject? obj = inner as JsonObject;
            switch (kind)
            {
                case "match" when obj is not null:
                    Render(JsonAccess.Member(obj, "left") ?? inner, text);
                    string op = (JsonAccess.Member(obj, "op") as JsonString)?.Value ?? "==";
                    text.Append(op is "==" or "in" ? " " : " " + op + " ");
                    Render(JsonAccess.Member(obj, "right") ?? inner, text);
                    return;
                case "payload" when obj is not null:
                    text.Append((JsonAccess.Member(obj, "protocol") as JsonString)?.Value ?? "payload").Append(' ')
                        .Append((JsonAccess.Member(obj, "field") as JsonString)?.Value ?? "");
                    return;
                case "meta" when obj is not null:
                    string key = (JsonAccess.Member(obj, "key") as JsonString)?.Value ?? "";
                    text.Append(key is "iifname" or "oifname" or "iif" or "oif" ? key : "meta " + key);
                    return;
                case "ct" when obj is not null:
                    text.Append("ct ").Append((JsonAccess.Member(obj, "key") as JsonString)?.Value ?? "");
                    return;
                case "prefix" when obj is not null:
                    Render(JsonAccess.Member(obj, "addr") ?? inner, text);
                    text.Append('/');
                    Render(JsonAccess.Member(obj, "len") ?? inner, text);
                    return;
                case "range" when inner is JsonArray { Items.Count: 2 } ends:
                    Render(ends.Items[0], text);
                    text.Append('-');
                    Render(ends.Items[1], text);
                    return;
                case "set":
                    Render(inner, text);
                    return;
                case "jump" or "goto" when obj is not null:
                    text.Append(kind).Append(' ');
                    Render(JsonAccess.Member(obj, "target") ?? inner, text);
                    return;
                case "vmap" when obj is not null:
                    Render(JsonAccess.Member(obj, "key") ?? inner, text);
                    text.Append(" vmap ");
                    Render(JsonAccess.Member(obj, "data") ?? inner, text);
                    return;
                case "elem" when obj is not null:
                    Render(JsonAccess.Member(obj, "val") ?? inner, text);
                    return;
                default:
                    text.Append(kind);
                    return;
            }
        }
    }
}
