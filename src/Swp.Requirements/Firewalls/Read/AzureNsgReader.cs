using System;
using System.Collections.Generic;
using Swp.Requirements.Coverage;
using Swp.Requirements.Json;

namespace Swp.Requirements.Firewalls.Read;

/// <summary>
/// Reads the JSON of an Azure network security group into an <see cref="ObservedFirewall"/>:
/// <c>az network nsg show</c> (rules flattened) or the ARM resource (rules and their fields
/// under <c>properties</c>). Rules are evaluated by priority, lowest first, the default rules
/// included (when the file has none, Azure's six documented defaults, with a note). Network
/// security groups are stateful, so replies are always allowed. Service tags and application
/// security groups are not evaluated, except where their meaning is exact: <c>*</c>;
/// <c>VirtualNetwork</c> on the host's own side (an NSG's machines are in their virtual network),
/// and on the remote side when the caller gives the virtual network's address space;
/// <c>Internet</c>, the public address space (<see cref="AddressSpace.Public"/>) outside that
/// virtual network (without it, a virtual network is taken to use private addresses, as Azure advises).
/// </summary>
internal static partial class AzureNsgReader
{
    /// <summary>Reads the text.</summary>
    /// <param name="path">The file's path, for the model and messages.</param>
    /// <param name="text">The file's text.</param>
    /// <exception cref="FirewallReadException">The text is not the JSON of a network security group, or a rule lacks a field Azure requires.</exception>
    /// <param name="virtualNetwork">The address space of the virtual network (and of what it is peered or connected to: Azure's <c>VirtualNetwork</c> tag), or null when not known.</param>
    public static ObservedFirewall Read(string path, string text, IntervalSet? virtualNetwork = null) => new Reader(path, text, virtualNetwork).Read();

    /// <summary>A rule in no particular JSON shape.</summary>
    private sealed class NsgRule
    {
        public string Name { get; set; } = "";

        public int Priority { get; set; }

        public bool Inbound { get; set; }

        public bool Allow { get; set; }

        public string ProtocolText { get; set; } = "*";

        public IntervalSet Protocols { get; set; } = PacketBox.AllProtocols;

        public IntervalSet Ports { get; set; } = PacketBox.AllPorts;

        public string PortsText { get; set; } = "*";

        public List<string> Sources { get; } = [];

        public List<string> Destinations { get; } = [];

        public List<string> SourceGroups { get; } = [];

        public List<string> DestinationGroups { get; } = [];

        public string? SourcePorts { get; set; }

        public SourceLocation Location { get; set; }

        public int Order { get; set; }
    }

    private sealed partial class Reader
    {
        // Azure's default rules (learn.microsoft.com, "Network security groups: default security rules").
        private static readonly (string Name, int Priority, bool Inbound, bool Allow, string Source, string Destination)[] Defaults =
        [
            ("AllowVnetInBound", 65000, true, true, "VirtualNetwork", "VirtualNetwork"),
            ("AllowAzureLoadBalancerInBound", 65001, true, true, "AzureLoadBalancer", "*"),
            ("DenyAllInBound", 65500, true, false, "*", "*"),
            ("AllowVnetOutBound", 65000, false, true, "VirtualNetwork", "VirtualNetwork"),
            ("AllowInternetOutBound", 65001, false, true, "*", "Internet"),
            ("DenyAllOutBound", 65500, false, false, "*", "*"),
        ];

        private readonly string _path;
        private readonly string _text;
        private readonly IntervalSet? _virtualNetwork;
        private readonly ReadLog _log = new();

        public Reader(string path, string text, IntervalSet? virtualNetwork)
        {
            _path = path;
            _text = text;
            _virtualNetwork = virtualNetwork;
        }

        public ObservedFirewall Read()
        {
            JsonValue root = JsonAccess.Parse(_text, "Azure network security group");
            JsonObject nsg = root as JsonObject ?? throw JsonAccess.Error(root, "$", "expected the object of a network security group (az network nsg show)");
            JsonObject? properties = JsonAccess.Member(nsg, "properties") as JsonObject;
            (JsonArray? rules, string rulesPath) = Rules(nsg, properties, "securityRules");
            (JsonArray? defaults, string defaultsPath) = Rules(nsg, properties, "defaultSecurityRules");
            string? type = JsonAccess.Member(nsg, "type") is JsonString t ? t.Value : null;
            if (rules is null && defaults is null && !string.Equals(type, "Microsoft.Network/networkSecurityGroups", StringComparison.OrdinalIgnoreCase))
            {
                throw JsonAccess.Error(nsg, "$", "expected a network security group: an object with 'securityRules' or 'defaultSecurityRules' (az network nsg show)");
            }

            string name = JsonAccess.Member(nsg, "name") is JsonString n ? n.Value : "(unnamed)";
            SourceLocation rootAt = JsonAccess.Location(nsg, "$");
            var all = new List<NsgRule>();
            Read(rules, rulesPath, all, true);
            if (defaults is { Items.Count: > 0 })
            {
                Read(defaults, defaultsPath, all, false);
            }
            else
            {
                _log.Note(rootAt, "defaultSecurityRules " + (defaults is null ? "absent" : "empty") + ": Azure's six default rules apply (AllowVnetInBound, AllowAzureLoadBalancerInBound, DenyAllInBound, AllowVnetOutBound, AllowInternetOutBound, DenyAllOutBound)");
                foreach ((string ruleName, int priority, bool inbound, bool allow, string source, string destination) in Defaults)
                {
                    var rule = new NsgRule { Name = ruleName, Priority = priority, Inbound = inbound, Allow = allow, Location = rootAt, Order = all.Count };
                    rule.Sources.Add(source);
                    rule.Destinations.Add(destination);
                    all.Add(rule);
                }
            }

            all.Sort((a, b) => a.Priority != b.Priority ? a.Priority.CompareTo(b.Priority) : a.Order.CompareTo(b.Order));
            ObservedDirection ingress = Direction(name, true, all, rootAt);
            ObservedDirection egress = Direction(name, false, all, rootAt);
            return new ObservedFirewall(_path, AzureNsgFormat.Instance, ingress, egress, _log.Rules, _log.Notes);
        }

        private static (JsonArray? Rules, string Path) Rules(JsonObject nsg, JsonObject? properties, string member)
        {
            if (JsonAccess.OptionalArray(nsg, "$", member) is { } flat)
            {
                return (flat, JsonAccess.Path("$", member));
            }

            return properties is not null && JsonAccess.OptionalArray(properties, "$.properties", member) is { } nested
                ? (nested, JsonAccess.Path("$.properties", member))
                : (null, "");
        }

        private ObservedDirection Direction(string nsgName, bool inbound, List<NsgRule> all, SourceLocation rootAt)
        {
            string direction = inbound ? "Inbound" : "Outbound";
            string chainName = "network security group " + nsgName + (inbound ? " inbound" : " outbound");
            var rules = new List<CoverageRule>();
            SourceLocation defaultAt = rootAt;
            string denyAll = inbound ? "DenyAllInBound" : "DenyAllOutBound";
            NsgRule? previous = null;
            foreach (NsgRule rule in all)
            {
                if (rule.Inbound != inbound)
                {
                    continue;
                }

                if (previous is not null && previous.Priority == rule.Priority)
                {
                    _log.Note(rule.Location, "rules " + previous.Name + " and " + rule.Name + " share priority " + Num(rule.Priority) + " " + direction + ", which Azure refuses; file order assumed");
                }

                previous = rule;
                if (rule.Name == denyAll)
                {
                    defaultAt = rule.Location;
                }

                AddRule(rule, chainName, rules);
            }

            var chain = new ObservedBaseChain(new RuleChain(chainName, rules), false, defaultAt, "Azure's default deny (" + denyAll + ", priority 65500)");
            return new ObservedDirection([chain], true, rootAt, "network security groups are stateful: replies to allowed connections are allowed");
        }

        private void AddRule(NsgRule rule, string chainName, List<CoverageRule> into)
        {
            var reasons = new List<string>();
            string? ignored = null;
            IntervalSet sources = Side(rule.Sources, rule.SourceGroups, !rule.Inbound, _virtualNetwork, reasons, ref ignored);
            IntervalSet destinations = Side(rule.Destinations, rule.DestinationGroups, rule.Inbound, _virtualNetwork, reasons, ref ignored);
            if (rule.SourcePorts is not null)
            {
                reasons.Add("source ports " + rule.SourcePorts + ": source ports are chosen by the client (ephemeral), so which packets it matches is not known");
            }

            string text = rule.Name + " (priority " + Num(rule.Priority) + "): " + (rule.Allow ? "Allow " : "Deny ") + (rule.Inbound ? "Inbound " : "Outbound ")
                + rule.ProtocolText + " from " + Join(rule.Sources, rule.SourceGroups) + " to " + Join(rule.Destinations, rule.DestinationGroups) + " port " + rule.PortsText;
            if (ignored is not null)
            {
                _log.Note(rule.Location, "rule ignored: " + ignored + " (the flows are IPv4)");
                return;
            }

            string? reason = reasons.Count == 0 ? null : string.Join("; ", reasons);
            RuleAction action = rule.Allow ? RuleAction.Permit : RuleAction.Deny;
            int id = _log.AddRule(rule.Location, chainName, text, action, reason);
            var box = new PacketBox(sources, destinations, rule.Ports, rule.Protocols);
            into.Add(reason is null ? new CoverageRule(box, action, id) : new CoverageRule(box, RuleAction.NotEvaluated, id, ifMatched: action));
        }

        /// <summary>The addresses of one side of a rule; Any (and a reason) when some are not known.</summary>
        private static IntervalSet Side(List<string> prefixes, List<string> groups, bool hostSide, IntervalSet? virtualNetwork, List<string> reasons, ref string? ignored)
        {
            foreach (string prefix in prefixes)
            {
                // The machines an NSG protects are in their virtual network, so on their own side
                // (the destination inbound, the source outbound) VirtualNetwork holds every address a flow has there.
                if (prefix is "*" or "Any" or "any" || (hostSide && prefix == "VirtualNetwork"))
                {
                    return AddressSpace.Any;
                }
            }

            var intervals = new List<(ulong, ulong)>();
            bool unknown = false;
            bool uncertainPart = false;
            int ipv6 = 0;
            foreach (string prefix in prefixes)
            {
                if (prefix == "AzureLoadBalancer")
                {
                    // Documented: the tag is the host's virtual IP 168.63.129.16, where health probes come from.
                    intervals.Add((0xA83F8110, 0xA83F8110));
                    continue;
                }

                if (prefix == "VirtualNetwork" && virtualNetwork is null)
                {
                    // Not given: a virtual network uses private addresses (Azure's advice), so the tag
                    // holds no public address, and which private ones it holds is not known.
                    IntervalSet nonPublic = AddressSpace.AllIpv4.Subtract(AddressSpace.Public);
                    for (int i = 0; i < nonPublic.Count; i++)
                    {
                        intervals.Add((nonPublic.First(i), nonPublic.Last(i)));
                    }

                    uncertainPart = true;
                    reasons.Add("service tag VirtualNetwork: its private addresses are not in the file (give the virtual network's address space: --vnet, or \"vnet\" in the deployment file)");
                    continue;
                }

                if (prefix is "Internet" or "VirtualNetwork")
                {
                    // Documented: Internet is the address space outside the virtual network that the
                    // public internet reaches; VirtualNetwork is the virtual network's (given by the caller).
                    IntervalSet tag = prefix == "Internet"
                        ? AddressSpace.Public.Subtract(virtualNetwork ?? IntervalSet.Empty)
                        : virtualNetwork!;
                    for (int i = 0; i < tag.Count; i++)
                    {
                        intervals.Add((tag.First(i), tag.Last(i)));
                    }

                    continue;
                }

                switch (Ipv4Values.TryParseNetwork(prefix, out uint first, out uint last))
                {
                    case AddressRead.Ok:
                        intervals.Add((first, last));
                        continue;
                    case AddressRead.Ipv6:
                        ipv6++;
                        continue;
                    default:
                        unknown = true; // a malformed address was refused when the rule was read (AddressPrefixes)
                        reasons.Add("service tag " + prefix + ": its addresses are not in the file");
                        continue;
                }
            }

            foreach (string group in groups)
            {
                unknown = true;
                reasons.Add("application security group " + group + ": its members' addresses are not in the file");
            }

            if (unknown)
            {
                return AddressSpace.Any;
            }

            if (uncertainPart)
            {
                // The rule is not evaluated, but only over these addresses (a service tag of known bounds).
                return Ipv4Values.Set(intervals);
            }

            if (intervals.Count == 0 && ipv6 > 0)
            {
                ignored ??= "its prefixes are IPv6 only";
            }

            return Ipv4Values.Set(intervals);
        }

        private static string Join(List<string> prefixes, List<string> groups)
        {
            var all = new List<string>(prefixes);
            all.AddRange(groups);
            return ReadLog.Shorten(string.Join(",", all));
        }
    }
}
