using System;
using System.Collections.Generic;
using Swp.Requirements.Json;

namespace Swp.Requirements.Firewalls.Read;

/// <content>The document: its items (tables, chains, sets, rules) as nft lists them, and the chains a rule jumps to.</content>
internal static partial class NftablesJsonReader
{
    private sealed partial class Reader
    {
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

        private static string RequiredString(JsonObject obj, string path, string name) =>
            JsonAccess.String(JsonAccess.Required(obj, path, name), JsonAccess.Path(path, name), "'" + name + "'");

        private static string Key(string family, string table, string name) => family + "\u0001" + table + "\u0001" + name;
    }
}
