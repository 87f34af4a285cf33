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

        /// <summary>What reaches the chain: <see cref="Reader.Ingress"/>, <see cref="Reader.Egress"/>, <see cref="Reader.BeforeConntrack"/> (bits, as the <see cref="ChainGraph"/> finds them); 0 for none.</summary>
        public int Context { get; set; }

        public bool Reachable => Context != 0;

        /// <summary>The chain's index in the reader's <see cref="ChainGraph"/>.</summary>
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
        private readonly ChainGraph _graph = new();
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

            foreach (NftChain chain in _chainOrder)
            {
                chain.Index = _graph.Add(chain.FullName, chain.Name);
            }

            foreach (NftRule rule in _rules)
            {
                foreach (NftChain target in rule.Targets)
                {
                    _graph.Edge(rule.Chain.Index, target.Index, rule.Location);
                }
            }

            _graph.FindLoops("nft");
            var ingress = new List<NftChain>();
            var egress = new List<NftChain>();
            SelectBaseChains(ingress, egress);
            foreach (NftChain chain in ingress)
            {
                _graph.Reach(chain.Index, Ingress | (NetfilterHooks.BeforeConntrack(chain.Hook!, chain.Priority) ? BeforeConntrack : 0));
            }

            foreach (NftChain chain in egress)
            {
                _graph.Reach(chain.Index, Egress | (NetfilterHooks.BeforeConntrack(chain.Hook!, chain.Priority) ? BeforeConntrack : 0));
            }

            foreach (NftChain chain in _chainOrder)
            {
                chain.Context = _graph.Context(chain.Index);
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

            foreach (NftRule rule in _rules)
            {
                if (rule.Chain.Reachable)
                {
                    AddRule(rule);
                }
            }

            ObservedDirection ingressDirection = Direction(true, ingress);
            ObservedDirection egressDirection = Direction(false, egress);
            return new ObservedFirewall(_path, NftablesJsonFormat.Instance, ingressDirection, egressDirection, _log.Rules, _log.Notes);
        }
    }
}
