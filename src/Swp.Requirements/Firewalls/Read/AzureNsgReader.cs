using System;
using System.Collections.Generic;
using System.Globalization;
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
internal static class AzureNsgReader
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

    private sealed class Reader
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

        /// <summary>Reads the rules of <paramref name="rules"/> into <paramref name="into"/>; <paramref name="custom"/>: the securityRules, whose priority Azure keeps in 100 to 4096.</summary>
        private static void Read(JsonArray? rules, string path, List<NsgRule> into, bool custom)
        {
            if (rules is null)
            {
                return;
            }

            for (int i = 0; i < rules.Items.Count; i++)
            {
                string rulePath = JsonAccess.Path(path, i);
                JsonObject obj = JsonAccess.Object(rules.Items[i], rulePath, "a security rule");
                into.Add(ReadRule(obj, rulePath, into.Count, custom));
            }
        }

        private static NsgRule ReadRule(JsonObject obj, string path, int order, bool custom)
        {
            JsonObject? properties = JsonAccess.Member(obj, "properties") as JsonObject;
            string propertiesPath = JsonAccess.Path(path, "properties");
            (JsonValue? Value, string Path) Field(string name)
            {
                JsonValue? value = JsonAccess.Member(obj, name);
                if (value is not null && value.Kind != JsonKind.Null)
                {
                    return (value, JsonAccess.Path(path, name));
                }

                value = properties is null ? null : JsonAccess.Member(properties, name);
                return value is null || value.Kind == JsonKind.Null ? (null, "") : (value, JsonAccess.Path(propertiesPath, name));
            }

            string RequiredText(string name)
            {
                (JsonValue? value, string at) = Field(name);
                return value is null ? throw JsonAccess.Error(obj, path, "the rule has no '" + name + "'") : JsonAccess.String(value, at, "'" + name + "'");
            }

            // True for the first word, false for the second (any case); anything else is an error.
            bool OneOf(string name, string yes, string no)
            {
                string text = RequiredText(name);
                if (string.Equals(text, yes, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }

                if (string.Equals(text, no, StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }

                (JsonValue? value, string at) = Field(name);
                throw JsonAccess.Error(value!, at, "'" + name + "' is " + yes + " or " + no + ", not '" + ReadLog.Shorten(text) + "'");
            }

            var rule = new NsgRule { Location = JsonAccess.Location(obj, path), Order = order };
            rule.Name = Field("name").Value is JsonString name ? name.Value : "(unnamed)";
            (JsonValue? priority, string priorityPath) = Field("priority");
            if (priority is null || !JsonAccess.TryInteger(priority, out int p))
            {
                throw priority is null
                    ? JsonAccess.Error(obj, path, "the rule has no 'priority'")
                    : JsonAccess.Error(priority, priorityPath, "'priority' must be an integer, not " + JsonAccess.Describe(priority));
            }

            if (custom && (p < 100 || p > 4096))
            {
                // Azure refuses it; the default rules (65000 to 65500) are in defaultSecurityRules.
                throw JsonAccess.Error(priority, priorityPath, "the priority of a security rule is 100 to 4096, not " + Num(p));
            }

            rule.Priority = p;
            rule.Inbound = OneOf("direction", "Inbound", "Outbound");
            rule.Allow = OneOf("access", "Allow", "Deny");
            rule.ProtocolText = RequiredText("protocol");
            rule.Protocols = Protocol(rule.ProtocolText, Field("protocol"));
            Prefixes(Field("sourceAddressPrefix"), Field("sourceAddressPrefixes"), rule.Sources, true);
            Prefixes(Field("destinationAddressPrefix"), Field("destinationAddressPrefixes"), rule.Destinations, true);
            Groups(Field("sourceApplicationSecurityGroups"), rule.SourceGroups);
            Groups(Field("destinationApplicationSecurityGroups"), rule.DestinationGroups);
            if (rule.Sources.Count + rule.SourceGroups.Count == 0 || rule.Destinations.Count + rule.DestinationGroups.Count == 0)
            {
                throw JsonAccess.Error(obj, path, "the rule has no " + (rule.Sources.Count + rule.SourceGroups.Count == 0 ? "source" : "destination") + " (address prefix, prefixes or application security groups)");
            }

            var ports = new List<string>();
            Prefixes(Field("destinationPortRange"), Field("destinationPortRanges"), ports);
            (rule.Ports, rule.PortsText) = Ports(ports, Field("destinationPortRange").Value ?? Field("destinationPortRanges").Value ?? obj, path);
            if (!rule.Protocols.IsSubsetOf(ProtocolNumbers.WithPorts) && !rule.Protocols.Equals(PacketBox.AllProtocols))
            {
                rule.Ports = PacketBox.AllPorts; // ICMP, ESP and AH have no ports
            }

            var sourcePorts = new List<string>();
            Prefixes(Field("sourcePortRange"), Field("sourcePortRanges"), sourcePorts);
            if (sourcePorts.Count > 0 && !(sourcePorts.Count == 1 && sourcePorts[0] == "*"))
            {
                rule.SourcePorts = string.Join(",", sourcePorts);
            }

            return rule;
        }

        private static IntervalSet Protocol(string text, (JsonValue? Value, string Path) at)
        {
            int number = text.ToUpperInvariant() switch
            {
                "*" or "ANY" => -1,
                "TCP" => ProtocolNumbers.Tcp,
                "UDP" => ProtocolNumbers.Udp,
                "ICMP" => ProtocolNumbers.Icmp,
                "ESP" => ProtocolNumbers.Esp,
                "AH" => ProtocolNumbers.Ah,
                _ => throw JsonAccess.Error(at.Value!, at.Path, "'protocol' is *, Tcp, Udp, Icmp, Esp or Ah, not '" + ReadLog.Shorten(text) + "'"),
            };
            return number < 0 ? PacketBox.AllProtocols : ProtocolNumbers.Only(number);
        }

        private static (IntervalSet Ports, string Text) Ports(List<string> texts, JsonValue at, string path)
        {
            if (texts.Count == 0)
            {
                throw JsonAccess.Error(at, path, "the rule has no destination port range");
            }

            var intervals = new List<(ulong, ulong)>();
            foreach (string text in texts)
            {
                if (text is "*" or "Any")
                {
                    return (PacketBox.AllPorts, "*");
                }

                if (!NumberText.TryParsePortRange(text, '-', false, out int first, out int last))
                {
                    throw JsonAccess.Error(at, path, "'" + ReadLog.Shorten(text) + "' is not a port or a port range (first-last)");
                }

                intervals.Add(((ulong)first, (ulong)last));
            }

            return (IntervalSet.FromIntervals(intervals), ReadLog.Shorten(string.Join(",", texts)));
        }

        /// <summary>
        /// Adds a single-value field and a list field (either may be absent or empty) to <paramref name="into"/>;
        /// when <paramref name="addresses"/>, the fields hold address prefixes, and one written as an address must be one (<see cref="CheckAddress"/>).
        /// </summary>
        private static void Prefixes((JsonValue? Value, string Path) single, (JsonValue? Value, string Path) list, List<string> into, bool addresses = false)
        {
            if (single.Value is not null)
            {
                string value = JsonAccess.String(single.Value, single.Path, "the field");
                if (value.Length > 0)
                {
                    if (addresses)
                    {
                        CheckAddress(value, single.Value, single.Path);
                    }

                    into.Add(value);
                }
            }

            if (list.Value is not null)
            {
                JsonArray array = JsonAccess.Array(list.Value, list.Path, "the field");
                for (int i = 0; i < array.Items.Count; i++)
                {
                    string itemPath = JsonAccess.Path(list.Path, i);
                    string value = JsonAccess.String(array.Items[i], itemPath, "an item");
                    if (addresses)
                    {
                        CheckAddress(value, array.Items[i], itemPath);
                    }

                    into.Add(value);
                }
            }
        }

        /// <summary>
        /// A prefix that starts with a digit is written as an address (no service tag starts with
        /// one): it must be an IPv4 address or CIDR (or IPv6, which is ignored later), as the AWS,
        /// iptables and nftables readers require; Azure refuses the rule otherwise.
        /// </summary>
        private static void CheckAddress(string prefix, JsonValue value, string path)
        {
            if (prefix[0] is >= '0' and <= '9' && Ipv4Values.TryParseNetwork(prefix, out _, out _) is not (AddressRead.Ok or AddressRead.Ipv6))
            {
                throw JsonAccess.Error(value, path, "'" + ReadLog.Shorten(prefix) + "' is not an IPv4 address or network (a.b.c.d/n)");
            }
        }

        private static void Groups((JsonValue? Value, string Path) field, List<string> into)
        {
            if (field.Value is null)
            {
                return;
            }

            JsonArray groups = JsonAccess.Array(field.Value, field.Path, "the field");
            for (int i = 0; i < groups.Items.Count; i++)
            {
                string itemPath = JsonAccess.Path(field.Path, i);
                JsonObject group = JsonAccess.Object(groups.Items[i], itemPath, "an application security group");
                string id = JsonAccess.OptionalString(group, itemPath, "id") ?? JsonAccess.OptionalString(group, itemPath, "name") ?? "(no id)";
                int slash = id.LastIndexOf('/');
                into.Add(slash >= 0 && slash < id.Length - 1 ? id.Substring(slash + 1) : id);
            }
        }

        private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
