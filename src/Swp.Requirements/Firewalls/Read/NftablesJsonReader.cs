using System;
using System.Collections.Generic;
using Swp.Requirements.Coverage;
using Swp.Requirements.Json;

namespace Swp.Requirements.Firewalls.Read;

/// <summary>
/// Reads the JSON <c>nft -j list ruleset</c> prints (compact, or pretty-printed by <c>jq</c>)
/// into an <see cref="ObservedFirewall"/>. Every base chain that can drop a host's own
/// connection's first packet decides, in the kernel's order (<see cref="NetfilterHooks"/>: by
/// hook, then priority), each with the regular chains it jumps to: in families <c>ip</c> and
/// <c>inet</c>, chains of type <c>filter</c> and <c>nat</c> on hooks <c>prerouting</c>,
/// <c>input</c> (ingress), <c>output</c> and <c>postrouting</c> (egress), and of type
/// <c>route</c> on <c>output</c>; in <c>netdev</c> (and inet's <c>ingress</c>), chains on
/// <c>ingress</c> (first) and <c>egress</c> (last), which see only their device's packets, so
/// what they would drop is not evaluated. In nat chains a drop drops, <c>dnat</c> and
/// <c>redirect</c> are not evaluated, <c>snat</c> and <c>masquerade</c> accept. Tables with flags
/// <c>dormant</c>, families <c>ip6</c>, <c>arp</c> and <c>bridge</c>, and hook <c>forward</c> are
/// ignored, with a note. Rules are evaluated for the first packet of a new connection; a match
/// the reader does not model makes the rule not evaluated, with a note naming the expression.
/// </summary>
internal static partial class NftablesJsonReader
{
    /// <summary>Reads the text.</summary>
    /// <param name="path">The file's path, for the model and messages.</param>
    /// <param name="text">The file's text.</param>
    /// <exception cref="FirewallReadException">The text is not JSON, or not a ruleset nft would load (a rule of a chain that is not there, a jump nowhere, a loop).</exception>
    /// <param name="interfaces">The host's network interfaces (for <c>iifname</c>/<c>oifname</c>, see <see cref="HostInterfaces"/>), or null when not known.</param>
    public static ObservedFirewall Read(string path, string text, IReadOnlyList<string>? interfaces = null) => new Reader(path, text, interfaces).Read();

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

        /// <summary>The devices a netdev (or inet ingress) chain is bound to, as the file names them.</summary>
        public List<string> Devices { get; } = [];

        public List<NftRule> Rules { get; } = [];

        /// <summary>What reaches the chain: <see cref="Reader.Ingress"/>, <see cref="Reader.Egress"/>, <see cref="Reader.BeforeConntrack"/> (bits); 0 for none.</summary>
        public int Context { get; set; }

        public bool Reachable => Context != 0;

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

    private sealed partial class Reader
    {
        private static readonly string[] IgnoredObjects =
            ["metainfo", "counter", "quota", "limit", "flowtable", "ct helper", "ct timeout", "ct expectation", "secmark", "synproxy", "element", "tunnel"];

        private static readonly string[] IgnoredStatements =
            ["counter", "log", "mangle", "dup", "set", "map", "ct helper", "ct timeout", "ct expectation", "secmark", "meter"];

        private readonly string _path;
        private readonly string _text;
        private readonly ReadLog _log = new();
        private readonly Dictionary<string, NftChain> _chains = new(StringComparer.Ordinal);
        private readonly List<NftChain> _chainOrder = [];
        private readonly Dictionary<string, NftSet> _sets = new(StringComparer.Ordinal);
        private readonly HashSet<string> _notedTables = new(StringComparer.Ordinal);
        private readonly List<(JsonObject Object, string Path)> _pendingRules = [];
        private readonly List<NftRule> _rules = [];
        private readonly HashSet<string> _dormant = new(StringComparer.Ordinal);
        private readonly HashSet<string> _maybeDormant = new(StringComparer.Ordinal);
        private readonly ChainSet _set = new();
        private readonly List<IReadOnlyList<ScanRule>> _scans = [];
        private bool _translatesDestination;
        private JsonValue _root = null!;

        /// <summary>Context bits of a chain: reached from an ingress base chain, an egress one, one before connection tracking.</summary>
        internal const int Ingress = 1;

        internal const int Egress = 2;

        internal const int BeforeConntrack = 4;

        private readonly IReadOnlyList<string>? _interfaces;

        public Reader(string path, string text, IReadOnlyList<string>? interfaces)
        {
            _path = path;
            _text = text;
            _interfaces = interfaces;
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
            var ingress = new List<NftChain>();
            var egress = new List<NftChain>();
            SelectBaseChains(ingress, egress);
            foreach (NftChain chain in ingress)
            {
                MarkReachable(chain, Ingress | (NetfilterHooks.BeforeConntrack(chain.Hook!, chain.Priority) ? BeforeConntrack : 0));
            }

            foreach (NftChain chain in egress)
            {
                MarkReachable(chain, Egress | (NetfilterHooks.BeforeConntrack(chain.Hook!, chain.Priority) ? BeforeConntrack : 0));
            }

            foreach (NftChain chain in _chainOrder)
            {
                if (chain.Hook is null && !chain.Reachable && !_dormant.Contains(Key(chain.Family, chain.Table, "")))
                {
                    _log.Note(chain.Location, "chain " + chain.FullName + " ignored: no jump from a base chain reaches it");
                }
            }

            foreach (NftRule rule in _rules)
            {
                // ct status dnat holds for no connection when nothing in the ruleset translates destinations.
                _translatesDestination |= !_dormant.Contains(Key(rule.Chain.Family, rule.Chain.Table, "")) && rule.Chain.Family != "netdev" && TranslatesDestination(rule);
            }

            foreach (NftChain chain in _chainOrder)
            {
                if (chain.Reachable)
                {
                    chain.Index = _set.Add(chain.FullName);
                    _scans.Add(new List<ScanRule>());
                }
            }

            foreach (NftRule rule in _rules)
            {
                if (rule.Chain.Reachable)
                {
                    AddRule(rule, (List<ScanRule>)_scans[rule.Chain.Index]);
                }
            }

            ObservedDirection ingressDirection = Direction(true, ingress);
            ObservedDirection egressDirection = Direction(false, egress);
            return new ObservedFirewall(_path, NftablesJsonFormat.Instance, ingressDirection, egressDirection, _log.Rules, _log.Notes);
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
            if (!IsReadFamily(family))
            {
                NoteFamily(family, name, JsonAccess.Location(table, path));
                return;
            }

            JsonValue? flags = JsonAccess.Member(table, "flags");
            if (flags is null)
            {
                return;
            }

            var names = new List<string>();
            if (flags is JsonString one)
            {
                names.Add(one.Value);
            }
            else if (flags is JsonArray many)
            {
                foreach (JsonValue flag in many.Items)
                {
                    names.Add((flag as JsonString)?.Value ?? "");
                }
            }

            SourceLocation at = JsonAccess.Location(table, path);
            if (names.Contains("dormant"))
            {
                _dormant.Add(Key(family, name, ""));
                _log.Note(at, "table " + family + " " + name + " ignored: it is dormant (flags dormant), so its chains filter nothing");
                return;
            }

            foreach (string flag in names)
            {
                if (flag is not ("owner" or "persist"))
                {
                    // nft 1.0.6 prints a table's name here instead of its flags: dormant or not is then not known,
                    // so what its chains decide is uncertain (it may filter nothing).
                    _maybeDormant.Add(Key(family, name, ""));
                    _log.Note(at, "table " + family + " " + name + ": flags " + JsonAccess.Describe(flags) + " not understood: the table may be dormant, so what its chains decide is uncertain");
                    return;
                }
            }
        }

        private static bool IsReadFamily(string family) => family is "ip" or "inet" or "netdev";

        /// <summary>True for an object of family ip, inet or netdev; notes the table of any other family once.</summary>
        private bool IsRead(JsonObject obj, string path)
        {
            string family = JsonAccess.String(JsonAccess.Required(obj, path, "family"), JsonAccess.Path(path, "family"), "'family'");
            if (IsReadFamily(family))
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
            switch (JsonAccess.Member(obj, "dev") ?? JsonAccess.Member(obj, "devices"))
            {
                case JsonString device:
                    chain.Devices.Add(device.Value);
                    break;
                case JsonArray devices:
                    foreach (JsonValue device in devices.Items)
                    {
                        chain.Devices.Add((device as JsonString)?.Value ?? JsonAccess.Describe(device));
                    }

                    break;
            }

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

        private static string RequiredString(JsonObject obj, string path, string name) =>
            JsonAccess.String(JsonAccess.Required(obj, path, name), JsonAccess.Path(path, name), "'" + name + "'");

        private static string Key(string family, string table, string name) => family + "\u0001" + table + "\u0001" + name;
    }
}
