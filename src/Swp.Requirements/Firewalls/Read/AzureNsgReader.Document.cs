using System;
using System.Collections.Generic;
using System.Globalization;
using Swp.Requirements.Coverage;
using Swp.Requirements.Json;

namespace Swp.Requirements.Firewalls.Read;

/// <content>The document: a security rule's fields as Azure writes them (flattened or under <c>properties</c>), checked and read.</content>
internal static partial class AzureNsgReader
{
    private sealed partial class Reader
    {
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
