using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Swp.Requirements.Coverage;
using Swp.Requirements.Json;

namespace Swp.Requirements.Firewalls.Read;

/// <summary>
/// Reads the JSON <c>aws ec2 describe-security-groups</c> prints into an
/// <see cref="ObservedFirewall"/>. The groups read are taken as the groups of one instance:
/// a packet is allowed when any rule of any of them allows it (their union), and everything
/// else is denied, both ways. Security groups are stateful, so replies are always allowed.
/// IPv4 ranges are evaluated; IPv6 ranges are ignored (the flows are IPv4); prefix lists and
/// group references are not evaluated, since their addresses are not in the file.
/// </summary>
internal static class AwsSecurityGroupReader
{
    /// <summary>Reads the text.</summary>
    /// <param name="path">The file's path, for the model and messages.</param>
    /// <param name="text">The file's text.</param>
    /// <param name="groupIds">The IDs of the groups to read (an instance's groups); null for every group in the file.</param>
    /// <exception cref="FirewallReadException">The text is not such JSON, or a group ID is not in it (the message lists those that are).</exception>
    public static ObservedFirewall Read(string path, string text, IReadOnlyCollection<string>? groupIds = null) =>
        new Reader(path, text, groupIds).Read();

    private sealed class Reader
    {
        private readonly string _path;
        private readonly string _text;
        private readonly IReadOnlyCollection<string>? _groupIds;
        private readonly ReadLog _log = new();

        public Reader(string path, string text, IReadOnlyCollection<string>? groupIds)
        {
            _path = path;
            _text = text;
            _groupIds = groupIds;
        }

        public ObservedFirewall Read()
        {
            JsonValue root = JsonAccess.Parse(_text, "aws ec2 describe-security-groups");
            JsonObject rootObject = root as JsonObject ?? throw JsonAccess.Error(root, "$", "expected an object with a 'SecurityGroups' array (aws ec2 describe-security-groups)");
            JsonArray groups = JsonAccess.Array(JsonAccess.Required(rootObject, "$", "SecurityGroups"), "$.SecurityGroups", "'SecurityGroups'");
            SourceLocation groupsAt = JsonAccess.Location(groups, "$.SecurityGroups");
            var selected = new List<(JsonObject Group, string Path, string Id)>();
            var present = new List<string>();
            var presentSet = new HashSet<string>(StringComparer.Ordinal);
            HashSet<string>? wantedSet = _groupIds is null ? null : new HashSet<string>(_groupIds, StringComparer.Ordinal);
            for (int g = 0; g < groups.Items.Count; g++)
            {
                string groupPath = JsonAccess.Path("$.SecurityGroups", g);
                JsonObject group = JsonAccess.Object(groups.Items[g], groupPath, "a security group");
                string id = JsonAccess.String(JsonAccess.Required(group, groupPath, "GroupId"), JsonAccess.Path(groupPath, "GroupId"), "'GroupId'");
                present.Add(id);
                presentSet.Add(id);
                if (wantedSet is null || wantedSet.Contains(id))
                {
                    selected.Add((group, groupPath, id));
                }
            }

            if (_groupIds is not null)
            {
                if (_groupIds.Count == 0)
                {
                    throw new FirewallReadException(groupsAt.Line, groupsAt.Column, "no security group ID given; the file holds " + List(present), groupsAt.JsonPath);
                }

                foreach (string wanted in _groupIds)
                {
                    if (!presentSet.Contains(wanted))
                    {
                        throw new FirewallReadException(groupsAt.Line, groupsAt.Column, "security group " + wanted + " is not in the file; it holds " + List(present), groupsAt.JsonPath);
                    }
                }
            }

            if (selected.Count == 0)
            {
                _log.Note(groupsAt, "no security group in the file: everything is denied");
            }
            else if (selected.Count > 1 && _groupIds is null)
            {
                _log.Note(groupsAt, present.Count.ToString(CultureInfo.InvariantCulture) + " security groups read together, as the groups of one instance (a packet passes when any of them allows it); give group IDs to choose");
            }

            var ingressExact = new List<CoverageRule>();
            var ingressUncertain = new List<CoverageRule>();
            var egressExact = new List<CoverageRule>();
            var egressUncertain = new List<CoverageRule>();
            var ids = new List<string>();
            foreach ((JsonObject group, string groupPath, string id) in selected)
            {
                ids.Add(id);
                string name = JsonAccess.OptionalString(group, groupPath, "GroupName") is { } groupName ? id + " (" + groupName + ")" : id;
                Permissions(group, groupPath, "IpPermissions", name, true, ingressExact, ingressUncertain);
                Permissions(group, groupPath, "IpPermissionsEgress", name, false, egressExact, egressUncertain);
            }

            string groupsText = ids.Count == 0 ? "security groups" : "security groups " + string.Join(", ", ids);
            ObservedDirection ingress = Direction(groupsText, "ingress", ingressExact, ingressUncertain, groupsAt);
            ObservedDirection egress = Direction(groupsText, "egress", egressExact, egressUncertain, groupsAt);
            return new ObservedFirewall(_path, AwsSecurityGroupsFormat.Instance, ingress, egress, _log.Rules, _log.Notes);
        }

        private static string List(List<string> ids) => ids.Count == 0 ? "no security group" : string.Join(", ", ids);

        private static ObservedDirection Direction(string groups, string direction, List<CoverageRule> exact, List<CoverageRule> uncertain, SourceLocation at)
        {
            // Allows are a union: what an exact rule allows is allowed, whatever a reference might also allow.
            exact.AddRange(uncertain);
            var chain = new ObservedBaseChain(new RuleChain(groups + " " + direction, exact), false, at, "the implicit deny of " + groups + " (" + direction + ")");
            return new ObservedDirection([chain], true, at, "security groups are stateful: replies to allowed connections are allowed");
        }

        private void Permissions(JsonObject group, string groupPath, string member, string groupName, bool ingress, List<CoverageRule> exact, List<CoverageRule> uncertain)
        {
            JsonArray? permissions = JsonAccess.OptionalArray(group, groupPath, member);
            string path = JsonAccess.Path(groupPath, member);
            if (permissions is null)
            {
                _log.Note(JsonAccess.Location(group, groupPath), member + " of " + groupName + " is absent: read as no rule");
                return;
            }

            for (int p = 0; p < permissions.Items.Count; p++)
            {
                string permissionPath = JsonAccess.Path(path, p);
                Permission(JsonAccess.Object(permissions.Items[p], permissionPath, "a permission"), permissionPath, groupName, ingress, exact, uncertain);
            }
        }

        private void Permission(JsonObject permission, string path, string groupName, bool ingress, List<CoverageRule> exact, List<CoverageRule> uncertain)
        {
            SourceLocation at = JsonAccess.Location(permission, path);
            JsonValue protocolValue = JsonAccess.Required(permission, path, "IpProtocol");
            string protocol = protocolValue switch
            {
                JsonString s => s.Value,
                JsonNumber n => n.Text,
                _ => throw JsonAccess.Error(protocolValue, JsonAccess.Path(path, "IpProtocol"), "'IpProtocol' must be a string such as \"tcp\" or \"-1\", not " + JsonAccess.Describe(protocolValue)),
            };
            int? from = JsonAccess.OptionalInteger(permission, path, "FromPort");
            int? to = JsonAccess.OptionalInteger(permission, path, "ToPort");
            IntervalSet protocols;
            IntervalSet ports = PacketBox.AllPorts;
            string? reason = null;
            string what;
            if (protocol is "-1" or "all")
            {
                protocols = PacketBox.AllProtocols;
                what = "all traffic";
            }
            else if (!ProtocolNumbers.TryParse(protocol, out int number) || protocol.Length == 0)
            {
                throw JsonAccess.Error(protocolValue, JsonAccess.Path(path, "IpProtocol"), "'" + ReadLog.Shorten(protocol) + "' is not a protocol (tcp, udp, icmp, icmpv6, -1 or a number 0 to 255)");
            }
            else if (number == ProtocolNumbers.Icmpv6)
            {
                _log.Note(at, "permission ignored: ICMPv6 is IPv6 only (the flows are IPv4)");
                return;
            }
            else
            {
                protocols = ProtocolNumbers.Only(number);
                what = ProtocolNumbers.Name(number);
                if (number is ProtocolNumbers.Tcp or ProtocolNumbers.Udp)
                {
                    if (from is not (null or -1) || to is not (null or -1))
                    {
                        if (from is not int first || to is not int last || first < 0 || last > 65535 || first > last)
                        {
                            throw JsonAccess.Error(permission, path, "FromPort and ToPort of a " + what + " permission are a port range 0 to 65535, first <= last");
                        }

                        ports = IntervalSet.Of((ulong)first, (ulong)last);
                        what += first == last ? " " + first.ToString(CultureInfo.InvariantCulture) : " " + first.ToString(CultureInfo.InvariantCulture) + "-" + last.ToString(CultureInfo.InvariantCulture);
                    }
                    else
                    {
                        what += " all ports";
                    }
                }
                else if (number == ProtocolNumbers.Icmp && from is not (null or -1))
                {
                    reason = "ICMP type " + from.Value.ToString(CultureInfo.InvariantCulture) + (to is null or -1 ? "" : " code " + to.Value.ToString(CultureInfo.InvariantCulture)) + ": ICMP types are not modelled";
                }
            }

            string direction = ingress ? " ingress " : " egress ";
            string toFrom = ingress ? " from " : " to ";
            bool any = false;

            // IPv4 ranges: one rule for their union.
            if (JsonAccess.OptionalArray(permission, path, "IpRanges") is { Items.Count: > 0 } ranges)
            {
                var intervals = new List<(ulong, ulong)>();
                var text = new StringBuilder();
                string rangesPath = JsonAccess.Path(path, "IpRanges");
                for (int i = 0; i < ranges.Items.Count; i++)
                {
                    string rangePath = JsonAccess.Path(rangesPath, i);
                    JsonObject range = JsonAccess.Object(ranges.Items[i], rangePath, "an IP range");
                    JsonValue cidrValue = JsonAccess.Required(range, rangePath, "CidrIp");
                    string cidr = JsonAccess.String(cidrValue, JsonAccess.Path(rangePath, "CidrIp"), "'CidrIp'");
                    if (Ipv4Values.TryParseNetwork(cidr, out uint first, out uint last) != AddressRead.Ok)
                    {
                        throw JsonAccess.Error(cidrValue, JsonAccess.Path(rangePath, "CidrIp"), "'" + ReadLog.Shorten(cidr) + "' is not an IPv4 CIDR");
                    }

                    intervals.Add((first, last));
                    if (text.Length <= ReadLog.MaxTextLength)
                    {
                        text.Append(i == 0 ? "" : ", ").Append(cidr);
                    }
                }

                Add(at, groupName, groupName + direction + what + toFrom + text, reason, ingress, Ipv4Values.Set(intervals), ports, protocols, exact, uncertain);
                any = true;
            }

            if (JsonAccess.OptionalArray(permission, path, "Ipv6Ranges") is { Items.Count: > 0 } ipv6)
            {
                var cidrs = new List<string>();
                foreach (JsonValue item in ipv6.Items)
                {
                    if (item is JsonObject o && JsonAccess.Member(o, "CidrIpv6") is JsonString cidr)
                    {
                        cidrs.Add(cidr.Value);
                    }
                }

                _log.Note(JsonAccess.Location(ipv6, JsonAccess.Path(path, "Ipv6Ranges")), "IPv6 ranges ignored (the flows are IPv4): " + ReadLog.Shorten(string.Join(", ", cidrs)));
                any = true;
            }

            any |= References(permission, path, "PrefixListIds", "PrefixListId", "prefix list", at, groupName, direction + what + toFrom, ingress, ports, protocols, uncertain);
            any |= References(permission, path, "UserIdGroupPairs", "GroupId", "security group", at, groupName, direction + what + toFrom, ingress, ports, protocols, uncertain);
            if (!any)
            {
                _log.Note(at, "permission ignored: it names no address range, prefix list or group");
            }
        }

        /// <summary>Prefix lists and group references: one not-evaluated rule each.</summary>
        private bool References(JsonObject permission, string path, string member, string idName, string kind, SourceLocation at, string groupName, string middle, bool ingress, IntervalSet ports, IntervalSet protocols, List<CoverageRule> uncertain)
        {
            if (JsonAccess.OptionalArray(permission, path, member) is not { Items.Count: > 0 } references)
            {
                return false;
            }

            string listPath = JsonAccess.Path(path, member);
            for (int i = 0; i < references.Items.Count; i++)
            {
                string itemPath = JsonAccess.Path(listPath, i);
                JsonObject reference = JsonAccess.Object(references.Items[i], itemPath, "a " + kind);
                string id = JsonAccess.OptionalString(reference, itemPath, idName) ?? "(no " + idName + ")";
                string reason = kind + " " + id + ": " + (kind == "prefix list" ? "its addresses are not in the file" : "the addresses of its members are not in the file");
                SourceLocation location = JsonAccess.Location(reference, itemPath);
                Add(location, groupName, groupName + middle + kind + " " + id, reason, ingress, AddressSpace.Any, ports, protocols, uncertain, uncertain);
            }

            return true;
        }

        private void Add(SourceLocation at, string chain, string text, string? reason, bool ingress, IntervalSet remote, IntervalSet ports, IntervalSet protocols, List<CoverageRule> exact, List<CoverageRule> uncertain)
        {
            int id = _log.AddRule(at, chain, text, RuleAction.Permit, reason);
            PacketBox box = ingress
                ? new PacketBox(remote, AddressSpace.Any, ports, protocols)
                : new PacketBox(AddressSpace.Any, remote, ports, protocols);
            if (reason is null)
            {
                exact.Add(new CoverageRule(box, RuleAction.Permit, id));
            }
            else
            {
                uncertain.Add(new CoverageRule(box, RuleAction.NotEvaluated, id, ifMatched: RuleAction.Permit));
            }
        }
    }
}
