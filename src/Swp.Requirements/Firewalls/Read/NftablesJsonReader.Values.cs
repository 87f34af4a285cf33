using System.Collections.Generic;
using Swp.Requirements.Coverage;
using Swp.Requirements.Json;

namespace Swp.Requirements.Firewalls.Read;

/// <content>The values a comparison holds: literals, prefixes, ranges, anonymous and named sets.</content>
internal static partial class NftablesJsonReader
{
    private sealed partial class Reader
    {
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
    }
}
