using System;
using System.Collections.Generic;
using Swp.Requirements.Coverage;
using Swp.Requirements.Json;

namespace Swp.Requirements.Firewalls.Read;

/// <content>What a rule's matches mean for a new connection's first packet.</content>
internal static partial class NftablesJsonReader
{
    private sealed partial class Reader
    {
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
                    if ((rule.Chain.Context & BeforeConntrack) != 0)
                    {
                        match.NotEvaluated.Add(leftText + " " + Render(right) + ": chain " + rule.Chain.FullName + " is reached before connection tracking (priority -200) gives the packet its state");
                        return;
                    }

                    match.States(op == "!=" ? ConntrackState.All & ~states & ~(ConntrackState.Snat | ConntrackState.Dnat) : states, "ct state " + (op == "!=" ? "!= " : "") + Render(right));
                    return;
                case "ct" when JsonAccess.Member(selector, "key") is JsonString { Value: "status" } && JsonAccess.Member(selector, "dir") is null:
                    CtStatus(op, right, leftText, match);
                    return;
                case "fib":
                    Fib(rule, selector, op, right, leftText, match);
                    return;
                default:
                    match.NotEvaluated.Add("a match on " + leftText + " is not modelled");
                    return;
            }
        }

        /// <summary>
        /// <c>ct status dnat</c>: a connection the host opens or accepts is DNATed only when a dnat
        /// or redirect statement translated it, so with none in the ruleset it is false (its
        /// negation true); any other status, or a ruleset that translates, is not evaluated.
        /// </summary>
        private void CtStatus(string op, JsonValue right, string leftText, RuleMatch match)
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
                    names.Add((item as JsonString)?.Value ?? "");
                }
            }

            string text = leftText + (op is "==" or "in" ? " " : " " + op + " ") + Render(right);
            if (names.Count == 0 || !names.TrueForAll(n => n == "dnat") || op is not ("==" or "in" or "!="))
            {
                match.NotEvaluated.Add(text + " is not modelled");
            }
            else if (_translatesDestination)
            {
                match.NotEvaluated.Add(text + ": the ruleset translates destinations (dnat, redirect), so whether a connection was is not known");
            }
            else if (op != "!=")
            {
                match.NoNetwork(text + " holds for no connection: nothing in the ruleset translates destinations");
            }
        }

        /// <summary>
        /// <c>fib daddr type</c> (and <c>saddr</c>), nft(8): the route type of an address. The host's
        /// own address, the destination of what it accepts and the source of what it opens, is
        /// <c>local</c>, nothing else (the kernel gives an address one type). The remote end's type
        /// depends on the routing table, a lookup with <c>iif</c>/<c>oif</c> on an interface, and a
        /// chain both directions reach mixes the two: not evaluated.
        /// </summary>
        private static void Fib(NftRule rule, JsonObject selector, string op, JsonValue right, string leftText, RuleMatch match)
        {
            var flags = new List<string>();
            switch (JsonAccess.Member(selector, "flags"))
            {
                case JsonString one:
                    flags.Add(one.Value);
                    break;
                case JsonArray many:
                    foreach (JsonValue flag in many.Items)
                    {
                        flags.Add((flag as JsonString)?.Value ?? "");
                    }

                    break;
            }

            var types = new List<string>();
            if (right is JsonString type)
            {
                types.Add(type.Value);
            }
            else if (right is JsonObject { Members.Count: 1 } set && set.Members[0].Name == "set" && set.Members[0].Value is JsonArray items)
            {
                foreach (JsonValue item in items.Items)
                {
                    types.Add((item as JsonString)?.Value ?? "");
                }
            }

            string text = leftText + " type " + (op is "==" or "in" ? "" : op + " ") + Render(right);
            int directions = rule.Chain.Context & (Ingress | Egress);
            bool hostSide = flags.Count == 1 && (flags[0] == "daddr" ? directions == Ingress : flags[0] == "saddr" && directions == Egress);
            if ((JsonAccess.Member(selector, "result") as JsonString)?.Value != "type" || types.Count == 0
                || !types.TrueForAll(t => Array.IndexOf(NetfilterHooks.AddressTypes, t) >= 0) || op is not ("==" or "in" or "!="))
            {
                match.NotEvaluated.Add(text + " is not modelled");
            }
            else if (!hostSide)
            {
                match.NotEvaluated.Add(text + ": the type of the remote address, or one looked up on an interface, depends on the routing table, which is not in the file");
            }
            else if (types.Contains("local") == (op == "!="))
            {
                match.NoNetwork(text + " does not hold for the host's own address (its type is local)");
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

        private void Interface(string key, string op, JsonValue right, string leftText, RuleMatch match)
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

            if (names.Count == 0 || op is not ("==" or "!=" or "in"))
            {
                match.NotEvaluated.Add(leftText + " " + op + " " + Render(right) + " is not modelled");
                return;
            }

            InterfaceMatch says = HostInterfaces.Match(names, '*', _interfaces);
            switch (op == "!=" ? HostInterfaces.Not(says) : says)
            {
                case InterfaceMatch.Always:
                    return;
                case InterfaceMatch.Never:
                    match.NoNetwork(names.TrueForAll(n => n == "lo") && op != "!="
                        ? leftText + " lo matches loopback traffic only, no network flow"
                        : leftText + " " + (op == "!=" ? "!= " : "") + Render(right)
                            + (_interfaces is null ? " matches no interface" : ": matches none of the host's interfaces (" + string.Join(", ", _interfaces) + ")"));
                    return;
                default:
                    bool incoming = key is "iifname" or "iif";
                    match.NotEvaluated.Add(leftText + " " + (op == "==" ? "" : op + " ") + Render(right) + ": the interface a flow " + (incoming ? "arrives on" : "leaves by") + " is not known"
                        + (_interfaces is null ? " (give the host's with --interface)" : ""));
                    return;
            }
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
    }
}
