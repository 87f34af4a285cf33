using System;
using Swp.Requirements.Coverage;
using Swp.Requirements.Json;

namespace Swp.Requirements.Firewalls.Read;

/// <content>A rule's verdict and what it adds to its chain.</content>
internal static partial class NftablesJsonReader
{
    private sealed partial class Reader
    {
        private void AddRule(NftRule rule)
        {
            var match = new RuleMatch();
            Verdict verdict = default;
            Verdict? established = null;
            bool untracked = false;
            string exprPath = JsonAccess.Path(rule.Path, "expr");
            for (int i = 0; i < rule.Expressions.Items.Count && verdict.Kind == VerdictKind.None; i++)
            {
                string path = JsonAccess.Path(exprPath, i);
                JsonValue item = rule.Expressions.Items[i];
                if (item is not JsonObject { Members.Count: 1 } expression)
                {
                    throw JsonAccess.Error(item, path, "an expression is an object with one member, its kind (match, accept, counter, ...)");
                }

                string key = expression.Members[0].Name;
                JsonValue value = expression.Members[0].Value;
                string valuePath = JsonAccess.Path(path, key);
                switch (key)
                {
                    case "match":
                        Match(rule, JsonAccess.Object(value, valuePath, "a match"), valuePath, match);
                        break;
                    case "continue":
                        i = rule.Expressions.Items.Count;
                        break;
                    case "vmap":
                        verdict = VerdictMap(rule, JsonAccess.Object(value, valuePath, "a verdict map"), valuePath, match, out established);
                        break;
                    case "limit":
                        match.NotEvaluated.Add("limit: a rate limit matches only some packets");
                        break;
                    case "quota":
                        match.NotEvaluated.Add("quota: a quota matches only some packets");
                        break;
                    case "xt" when value is JsonObject xt && JsonAccess.Member(xt, "type") is JsonString { Value: "target" }:
                        // An iptables target (iptables-nft) nft cannot show: it may drop, translate or end the chain.
                        if (Array.IndexOf(NonTerminatingXtTargets, XtName(value)) < 0)
                        {
                            verdict = new Verdict(VerdictKind.Unmodelled, null, "xt target " + XtName(value) + ": an iptables target (iptables-nft) that nft cannot show");
                        }

                        break;
                    case "xt":
                        match.NotEvaluated.Add("xt " + XtName(value) + ": an iptables extension (iptables-nft) that nft cannot show");
                        break;
                    case "notrack":
                        untracked = true; // the packet goes on, untracked
                        break;
                    default:
                        if (Array.IndexOf(IgnoredStatements, key) >= 0)
                        {
                            break;
                        }

                        verdict = VerdictOf(rule, key, value, valuePath);
                        if (verdict.Kind == VerdictKind.None)
                        {
                            match.NotEvaluated.Add("expression '" + key + "' is not modelled");
                        }

                        break;
                }
            }

            if (untracked)
            {
                const string Why = "notrack leaves the connection untracked: later ct state matches (new, established) do not match it, untracked does";
                if (verdict.Kind == VerdictKind.None)
                {
                    verdict = new Verdict(VerdictKind.Unmodelled, null, Why);
                }
                else
                {
                    match.NotEvaluated.Add(Why);
                }
            }

            string text = Text(rule);
            VerdictKind scanVerdict = established?.Kind ?? verdict.Kind;
            ScanKind scanKind = scanVerdict switch
            {
                VerdictKind.Accept => ScanKind.Accept,
                VerdictKind.Deny => ScanKind.Deny,
                VerdictKind.Return => ScanKind.Return,
                VerdictKind.Jump => ScanKind.Jump,
                VerdictKind.Goto => ScanKind.Goto,
                VerdictKind.Unmodelled => ScanKind.NotEvaluated,
                _ => ScanKind.None,
            };
            if (untracked)
            {
                scanKind = ScanKind.Untrack; // an untracked reply is no longer established for the chains after it
            }

            NftChain? scanTarget = established is { } e ? e.Target : verdict.Target;
            _graph.Scan(rule.Chain.Index, scanKind, match.NotEvaluated.Count == 0, match.MatchesEstablished, match.Unrestricted, scanTarget?.Index ?? -1, rule.Location, text);
            if (match.NoNewReason is not null)
            {
                _log.Note(rule.Location, "rule ignored: " + match.NoNewReason);
                return;
            }

            if (verdict.Kind == VerdictKind.None)
            {
                _log.Note(rule.Location, "rule ignored: it has no verdict (it only counts or logs packets)");
                return;
            }

            if (verdict.Reason is not null)
            {
                match.NotEvaluated.Add(verdict.Reason);
            }

            string? reason = match.NotEvaluatedReason;
            RuleAction action = verdict.Kind switch
            {
                VerdictKind.Accept => RuleAction.Permit,
                VerdictKind.Deny => RuleAction.Deny,
                VerdictKind.Return => RuleAction.Return,
                VerdictKind.Jump or VerdictKind.Goto => RuleAction.Jump,
                _ => RuleAction.NotEvaluated,
            };
            bool isGoto = verdict.Kind == VerdictKind.Goto;
            int id = _log.AddRule(rule.Location, rule.Chain.FullName, text, action, reason, verdict.Target?.Name, isGoto);
            _graph.Append(rule.Chain.Index, match.Box, id, action, reason is null, verdict.Target?.Index ?? -1, isGoto);
        }

        private static readonly string[] NonTerminatingXtTargets =
            ["LOG", "NFLOG", "MARK", "CONNMARK", "SECMARK", "CONNSECMARK", "TRACE", "TCPMSS", "CLASSIFY", "DSCP", "TOS", "TTL", "CHECKSUM", "AUDIT", "IDLETIMER", "LED", "RATEEST", "HMARK", "TCPOPTSTRIP"];

        private static string XtName(JsonValue value) =>
            value is JsonObject obj && JsonAccess.Member(obj, "name") is JsonString name ? name.Value : "";

        /// <summary>The verdict an expression gives; <see cref="VerdictKind.None"/> when the expression is not a verdict.</summary>
        private Verdict VerdictOf(NftRule rule, string key, JsonValue value, string path)
        {
            switch (key)
            {
                case "accept":
                    return new Verdict(VerdictKind.Accept, null, null);
                case "drop" or "reject":
                    return new Verdict(VerdictKind.Deny, null, null);
                case "return":
                    return new Verdict(VerdictKind.Return, null, null);
                case "jump" or "goto":
                    return new Verdict(key == "jump" ? VerdictKind.Jump : VerdictKind.Goto, Target(rule, value, path), null);
                case "queue":
                    return new Verdict(VerdictKind.Unmodelled, null, "queue hands the packet to a program, which decides");
                case "snat" or "masquerade":
                    // nft(8): a nat statement ends the nat chain; the source changes after the packet's last filter.
                    return new Verdict(VerdictKind.Accept, null, null);
                case "dnat" or "redirect":
                    return new Verdict(VerdictKind.Unmodelled, null, key + " changes the destination, so what the packet meets after it is not modelled");
                case "tproxy" or "synproxy" or "fwd":
                    return new Verdict(VerdictKind.Unmodelled, null, key + " is not modelled");
                default:
                    return default;
            }
        }

        /// <summary>A verdict map: one keyed by <c>ct state</c> is evaluated; any other is not.</summary>
        private Verdict VerdictMap(NftRule rule, JsonObject vmap, string path, RuleMatch match, out Verdict? established)
        {
            established = null;
            JsonValue key = JsonAccess.Required(vmap, path, "key");
            JsonValue data = JsonAccess.Required(vmap, path, "data");
            bool ctState = key is JsonObject { Members.Count: 1 } k && k.Members[0].Name == "ct"
                && k.Members[0].Value is JsonObject ct && JsonAccess.Member(ct, "key") is JsonString { Value: "state" } && JsonAccess.Member(ct, "dir") is null;
            if (!ctState || data is not JsonObject { Members.Count: 1 } set || set.Members[0].Name != "set" || set.Members[0].Value is not JsonArray entries)
            {
                return new Verdict(VerdictKind.Unmodelled, null, "a verdict map on " + Render(key) + " is not modelled");
            }

            Verdict? fresh = null;
            string dataPath = JsonAccess.Path(JsonAccess.Path(path, "data"), "set");
            for (int i = 0; i < entries.Items.Count; i++)
            {
                string entryPath = JsonAccess.Path(dataPath, i);
                if (entries.Items[i] is not JsonArray { Items.Count: 2 } pair || pair.Items[1] is not JsonObject { Members.Count: 1 } verdictObject)
                {
                    throw JsonAccess.Error(entries.Items[i], entryPath, "an entry of a verdict map is [key, verdict]");
                }

                ConntrackState states = States(pair.Items[0], JsonAccess.Path(entryPath, 0));
                Verdict verdict = VerdictOf(rule, verdictObject.Members[0].Name, verdictObject.Members[0].Value, JsonAccess.Path(JsonAccess.Path(entryPath, 1), verdictObject.Members[0].Name));
                if ((states & ConntrackState.New) != 0)
                {
                    fresh = verdict;
                }

                if ((states & ConntrackState.Established) != 0)
                {
                    established = verdict;
                }
            }

            if (established is null)
            {
                match.MatchesEstablished = false;
            }

            if (fresh is null)
            {
                match.NoNew("ct state vmap " + Render(data) + " has no entry for new connections");
                return new Verdict(VerdictKind.Accept, null, null); // never used for flows: the rule is a note
            }

            return fresh.Value;
        }
    }
}
