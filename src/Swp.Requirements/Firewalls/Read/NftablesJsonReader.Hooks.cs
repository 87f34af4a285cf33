using System.Collections.Generic;
using Swp.Requirements.Coverage;
using Swp.Requirements.Json;

namespace Swp.Requirements.Firewalls.Read;

/// <content>The hooks: which base chains see the host's own connections, in the kernel's order, and the directions they make.</content>
internal static partial class NftablesJsonReader
{
    private sealed partial class Reader
    {
        private static bool TranslatesDestination(NftRule rule)
        {
            foreach (JsonValue expression in rule.Expressions.Items)
            {
                if (expression is JsonObject { Members.Count: 1 } obj && (obj.Members[0].Name is "dnat" or "redirect" or "tproxy"
                    || (obj.Members[0].Name == "xt" && XtName(obj.Members[0].Value) is "DNAT" or "REDIRECT" or "NETMAP" or "TPROXY")))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A direction's base chains in the kernel's order: those without rules and with policy
        /// accept are left out (they change nothing), unless none is left. A chain that sees only
        /// the packets of one device (netdev, or inet hook ingress) decides uncertainly: which
        /// device a flow uses is not known. nat chains see a connection's first packet only, so
        /// replies do not meet them.
        /// </summary>
        private ObservedDirection Direction(bool ingress, List<NftChain> baseChains)
        {
            string hooks = ingress ? "ingress, prerouting or input" : "output, postrouting or egress";
            if (baseChains.Count == 0)
            {
                SourceLocation at = JsonAccess.Location(_root, "$");
                string text = "no base chain on hook " + hooks + " in families ip, inet and netdev: nothing filters";
                _log.Note(at, text);
                var open = new ObservedBaseChain(new RuleChain("(no " + (ingress ? "input" : "output") + " chain)", []), true, at, text);
                return new ObservedDirection([open], true, at, text);
            }

            var result = new List<ObservedBaseChain>();
            var verdicts = new List<ReplyVerdict>();
            for (int i = 0; i < baseChains.Count; i++)
            {
                NftChain chain = baseChains[i];
                bool permits = chain.Policy != "drop";
                if (i > 0 && baseChains[i - 1].Priority == chain.Priority && baseChains[i - 1].Hook == chain.Hook)
                {
                    _log.Note(chain.Location, "chains " + baseChains[i - 1].FullName + " and " + chain.FullName + " share hook " + chain.Hook + " and priority: nft does not define their order; file order assumed");
                }

                if (permits && _graph.IsEmpty(chain.Index) && (result.Count > 0 || i < baseChains.Count - 1))
                {
                    continue;
                }

                string text = "policy " + (chain.Policy ?? "accept (the default)") + " of chain " + chain.FullName
                    + " (hook " + chain.Hook + ", priority " + chain.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")";
                RuleChain rules = _graph[chain.Index];
                bool decides = permits;
                bool maybeDormant = _maybeDormant.Contains(Key(chain.Family, chain.Table, ""));
                if (IsDeviceChain(chain) || maybeDormant)
                {
                    string reason = maybeDormant
                        ? "the flags of table " + chain.Family + " " + chain.Table + " were not understood: it may be dormant and filter nothing"
                        : "chain " + chain.FullName + " (hook " + chain.Hook + ") sees only the packets of " + Devices(chain)
                            + ", and which device a flow " + (ingress ? "arrives on" : "leaves by") + " is not known";
                    int origin = _log.AddRule(chain.Location, chain.FullName, maybeDormant ? "chain of a table that may be dormant" : "hook " + chain.Hook + " " + Devices(chain), RuleAction.NotEvaluated, reason);
                    rules = _graph.Conditional(chain.Index, !permits, origin);
                    decides = true;
                }

                result.Add(new ObservedBaseChain(rules, decides, chain.Location, text));
                if (chain.Type != "nat")
                {
                    // A chain that may not run drops replies only perhaps.
                    ReplyVerdict scanned = _graph.Replies(chain.Index, permits, chain.Location, text);
                    verdicts.Add(maybeDormant || IsDeviceChain(chain) ? scanned with { Certain = false } : scanned);
                }
            }

            if (verdicts.Count == 0)
            {
                verdicts.Add(new ReplyVerdict(true, result[0].DefaultLocation, "only nat chains have rules, and they see no established packets: replies pass"));
            }

            ReplyVerdict replies = ReplyScanner.Combine(verdicts);
            return new ObservedDirection(result, replies);
        }

        private static bool IsDeviceChain(NftChain chain) => chain.Hook is "ingress" or "egress";

        private static string Devices(NftChain chain) =>
            chain.Devices.Count == 0 ? "its device (not in the file)" : "device " + string.Join(", ", chain.Devices);

        /// <summary>
        /// The base chains that see the host's own connections (<see cref="NetfilterHooks"/>): in
        /// families ip and inet, type filter and nat on hooks prerouting, input, output and
        /// postrouting, type route on output, and inet's ingress; in netdev, hooks ingress and
        /// egress. Chains of dormant tables filter nothing. Each direction in the kernel's order.
        /// </summary>
        private void SelectBaseChains(List<NftChain> ingress, List<NftChain> egress)
        {
            foreach (NftChain chain in _chainOrder)
            {
                if (chain.Hook is null || _dormant.Contains(Key(chain.Family, chain.Table, "")))
                {
                    continue;
                }

                string? why = Unread(chain);
                if (why is null && chain.Devices.Count > 0 && chain.Devices.TrueForAll(d => d == "lo"))
                {
                    why = "it sees loopback packets only, no network flow";
                }

                if (why is not null)
                {
                    _log.Note(chain.Location, "chain " + chain.FullName + " ignored: " + why);
                    continue;
                }

                (NetfilterHooks.IsIngress(chain.Hook) ? ingress : egress).Add(chain);
            }

            static int Compare(NftChain a, NftChain b) => NetfilterHooks.Compare(a.Hook!, a.Priority, a.Order, b.Hook!, b.Priority, b.Order);
            ingress.Sort(Compare);
            egress.Sort(Compare);
        }

        /// <summary>Why a base chain does not see the host's own connections' packets; null when it does.</summary>
        private static string? Unread(NftChain chain)
        {
            string hook = chain.Hook!;
            if (hook == "forward")
            {
                return "hook forward filters packets routed through the host (to containers, VMs), not the host's own connections";
            }

            if (chain.Family == "netdev")
            {
                return hook is "ingress" or "egress" ? null : "hook " + hook + " is not a netdev hook";
            }

            if (NetfilterHooks.Rank(hook, true) < 0 && NetfilterHooks.Rank(hook, false) < 0)
            {
                return "hook " + hook + " is not one the host's own connections pass";
            }

            return chain.Type switch
            {
                "filter" => hook == "egress" ? "hook egress is a netdev hook" : null,
                "nat" => hook is "ingress" or "egress" ? "a nat chain on hook " + hook + " is not one nft has" : null,
                "route" => hook == "output" ? null : "type route is for hook output",
                _ => "type " + (chain.Type ?? "(none)") + " is not one this reader knows",
            };
        }
    }
}
