using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck.Xunit;
using Swp.Requirements.Coverage;
using Swp.Requirements.Firewalls.Read;
using static Swp.Requirements.Tests.Firewalls.Read.ReadTesting;

namespace Swp.Requirements.Tests.Coverage;

/// <summary>
/// A rule whose match was not evaluated but whose verdict is known (an accept or a drop behind an
/// ipset, an xt match of iptables-nft) leaves the packets uncertain only where the rest of the
/// chain would decide them otherwise: where it would give them the same verdict, they are decided
/// either way, by what comes after it.
/// </summary>
public class LookPastTests
{
    private static readonly PacketBox Https = Box("10.1.2.3", "3.69.198.70", 443);

    private static Verdict Verdict(bool defaultPermits, params CoverageRule[] rules) =>
        CoverageEngine.Summarize(CoverageEngine.Evaluate(Https, new RuleChain("INPUT", rules), defaultPermits));

    private static CoverageRule Unevaluated(RuleAction? ifMatched, int id = 0) =>
        new(PacketBox.All, RuleAction.NotEvaluated, id, ifMatched: ifMatched);

    private static CoverageRule Rule(RuleAction action, int id) =>
        new(Box("10.1.2.3", "3.69.198.70", 443), action, id);

    [Fact]
    public void An_unevaluated_accept_before_an_accepting_policy_allows()
    {
        Assert.Equal(Swp.Requirements.Coverage.Verdict.Allowed, Verdict(true, Unevaluated(RuleAction.Permit)));
    }

    [Fact]
    public void An_unevaluated_accept_before_a_dropping_policy_is_uncertain()
    {
        Assert.Equal(Swp.Requirements.Coverage.Verdict.Uncertain, Verdict(false, Unevaluated(RuleAction.Permit)));
    }

    [Fact]
    public void An_unevaluated_accept_before_a_rule_that_accepts_the_same_packets_allows_by_that_rule()
    {
        List<Outcome> outcomes = CoverageEngine.Evaluate(Https, new RuleChain("INPUT", [Unevaluated(RuleAction.Permit), Rule(RuleAction.Permit, 1)]), false);
        Outcome outcome = Assert.Single(outcomes);
        Assert.Equal((Decision.Permitted, 1), (outcome.Decision, outcome.RuleId));
    }

    [Fact]
    public void An_unevaluated_drop_before_a_dropping_policy_blocks_and_before_an_accepting_one_is_uncertain()
    {
        Assert.Equal(Swp.Requirements.Coverage.Verdict.Blocked, Verdict(false, Unevaluated(RuleAction.Deny)));
        Assert.Equal(Swp.Requirements.Coverage.Verdict.Uncertain, Verdict(true, Unevaluated(RuleAction.Deny)));
    }

    [Fact]
    public void An_unevaluated_rule_of_unknown_verdict_stays_uncertain()
    {
        Assert.Equal(Swp.Requirements.Coverage.Verdict.Uncertain, Verdict(true, Unevaluated(null)));
    }

    [Fact]
    public void Two_unevaluated_accepts_and_a_later_drop_stay_uncertain_at_the_first()
    {
        List<Outcome> outcomes = CoverageEngine.Evaluate(Https, new RuleChain("INPUT", [Unevaluated(RuleAction.Permit, 0), Unevaluated(RuleAction.Permit, 1), Rule(RuleAction.Deny, 2)]), true);
        Outcome outcome = Assert.Single(outcomes);
        Assert.Equal((Decision.NotEvaluated, 0), (outcome.Decision, outcome.RuleId));
    }

    /// <summary>
    /// The law, against brute force: for random chains of accepts, drops and unevaluated rules
    /// (with a known verdict or none) over ports 1-8, a port is permitted (denied) exactly when it
    /// is permitted (denied) whichever of the unevaluated rules match it, and uncertain otherwise.
    /// </summary>
    [Property(MaxTest = 500)]
    public bool Looking_past_decides_exactly_what_every_reading_of_the_unevaluated_rules_decides(int seed)
    {
        var random = new Random(seed);
        bool defaultPermits = random.Next(2) == 0;
        var rules = new List<(int First, int Last, int Kind)>(); // kind 0 permit, 1 deny, 2 unevaluated permit, 3 unevaluated deny, 4 unevaluated
        for (int i = random.Next(1, 7); i > 0; i--)
        {
            int first = random.Next(1, 9);
            rules.Add((first, random.Next(first, 9), random.Next(5)));
        }

        var chain = new RuleChain("c", [.. rules.Select((r, i) => new CoverageRule(
            new PacketBox(AddressSpace.Any, AddressSpace.Any, IntervalSet.FromIntervals([((ulong)r.First, (ulong)r.Last)]), PacketBox.AllProtocols),
            r.Kind switch { 0 => RuleAction.Permit, 1 => RuleAction.Deny, _ => RuleAction.NotEvaluated },
            i,
            ifMatched: r.Kind switch { 2 => RuleAction.Permit, 3 => RuleAction.Deny, _ => null }))]);

        for (int port = 1; port <= 8; port++)
        {
            var box = new PacketBox(AddressSpace.Any, AddressSpace.Any, IntervalSet.Single((ulong)port), IntervalSet.Single(6));
            Verdict engine = CoverageEngine.Summarize(CoverageEngine.Evaluate(box, chain, defaultPermits));

            // Every reading: each unevaluated rule that covers the port matches it or not.
            var outcomes = new HashSet<int>(); // 0 permitted, 1 denied, 2 decided by a rule of unknown verdict
            int unevaluated = rules.Count(r => r.Kind >= 2 && r.First <= port && port <= r.Last);
            for (int reading = 0; reading < 1 << unevaluated; reading++)
            {
                int bit = 0;
                int outcome = defaultPermits ? 0 : 1;
                foreach ((int first, int last, int kind) in rules)
                {
                    if (port < first || port > last)
                    {
                        continue;
                    }

                    if (kind >= 2 && ((reading >> bit++) & 1) == 0)
                    {
                        continue; // this reading: it does not match
                    }

                    outcome = kind switch { 0 or 2 => 0, 1 or 3 => 1, _ => 2 };
                    break;
                }

                outcomes.Add(outcome);
            }

            Verdict expected = outcomes.SetEquals([0]) ? Swp.Requirements.Coverage.Verdict.Allowed
                : outcomes.SetEquals([1]) ? Swp.Requirements.Coverage.Verdict.Blocked
                : Swp.Requirements.Coverage.Verdict.Uncertain;
            if (engine != expected)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The same law with jumps and returns: a base chain of accepts, drops and jumps (evaluated or
    /// not) into a user chain of accepts, drops and returns (evaluated or not). A not-evaluated rule
    /// matches a packet or not in each reading, the same way each time the packet meets it; the engine's
    /// verdict on a port is what every reading decides, and uncertain where readings differ.
    /// </summary>
    [Property(MaxTest = 500)]
    public bool Looking_past_returns_and_jumps_decides_exactly_what_every_reading_decides(int seed) => ReturnsAndJumpsLaw(seed, viaChainSet: false);

    /// <summary>
    /// The same law for the chains the iptables and nftables readers build (<see cref="ChainGraph"/>):
    /// the same verdicts, exactly.
    /// </summary>
    [Property(MaxTest = 500)]
    public bool The_readers_chains_decide_exactly_what_every_reading_of_unevaluated_jumps_and_returns_decides(int seed) => ReturnsAndJumpsLaw(seed, viaChainSet: true);

    private static bool ReturnsAndJumpsLaw(int seed, bool viaChainSet)
    {
        var random = new Random(seed);
        bool defaultPermits = random.Next(2) == 0;

        // Kinds: 0 permit, 1 deny, 2 return (user chain) or jump (base chain); 3, 4, 5 the same not evaluated; 6 not evaluated, action unknown.
        (int First, int Last, int Kind)[] Rules(int count) =>
            [.. Enumerable.Range(0, count).Select(_ => { int first = random.Next(1, 9); return (first, random.Next(first, 9), random.Next(7)); })];
        (int First, int Last, int Kind)[] user = Rules(random.Next(1, 5));
        (int First, int Last, int Kind)[] main = Rules(random.Next(1, 5));
        static IntervalSet Ports(int first, int last) => IntervalSet.FromIntervals([((ulong)first, (ulong)last)]);
        static RuleAction ActionOf(int kind, bool isBase) => (kind % 3) switch { 0 => RuleAction.Permit, 1 => RuleAction.Deny, _ => isBase ? RuleAction.Jump : RuleAction.Return };

        var userRules = new List<CoverageRule>();
        var userChain = new RuleChain("U", userRules);
        RuleChain baseChain;
        if (viaChainSet)
        {
            var set = new ChainGraph();
            int b = set.Add("B");
            int u = set.Add("U");
            foreach ((int i, (int First, int Last, int Kind) r, int chain, bool isBase) in user.Select((r, i) => (100 + i, r, u, false)).Concat(main.Select((r, i) => (i, r, b, true))))
            {
                var match = new PacketBox(AddressSpace.Any, AddressSpace.Any, Ports(r.First, r.Last), PacketBox.AllProtocols);
                RuleAction action = ActionOf(r.Kind, isBase);
                switch (r.Kind)
                {
                    case 2 when isBase: set.Jump(chain, match, i, u, isGoto: false); break;
                    case 5 when isBase: set.Uncertain(chain, match, i, u, isGoto: false); break;
                    case 5: set.Uncertain(chain, match, i, -1, isGoto: false); break;
                    case < 3: set.Rule(chain, new CoverageRule(match, action, i)); break;
                    case < 6: set.Rule(chain, new CoverageRule(match, RuleAction.NotEvaluated, i, ifMatched: action)); break;
                    default: set.Rule(chain, new CoverageRule(match, RuleAction.NotEvaluated, i)); break;
                }
            }

            baseChain = set[b];
        }
        else
        {
            userRules.AddRange(user.Select((r, i) => Make(r, 100 + i, isBase: false)));
            baseChain = new RuleChain("B", [.. main.Select((r, i) => Make(r, i, isBase: true))]);
        }

        CoverageRule Make((int First, int Last, int Kind) r, int id, bool isBase)
        {
            var match = new PacketBox(AddressSpace.Any, AddressSpace.Any, Ports(r.First, r.Last), PacketBox.AllProtocols);
            RuleAction action = ActionOf(r.Kind, isBase);
            return r.Kind switch
            {
                < 3 => new CoverageRule(match, action, id, action == RuleAction.Jump ? userChain : null),
                < 6 => new CoverageRule(match, RuleAction.NotEvaluated, id, action == RuleAction.Jump ? userChain : null, ifMatched: action),
                _ => new CoverageRule(match, RuleAction.NotEvaluated, id),
            };
        }

        for (int port = 1; port <= 8; port++)
        {
            var box = new PacketBox(AddressSpace.Any, AddressSpace.Any, IntervalSet.Single((ulong)port), IntervalSet.Single(6));
            Verdict engine = CoverageEngine.Summarize(CoverageEngine.Evaluate(box, baseChain, defaultPermits));

            // Brute force: each not-evaluated rule that covers the port matches it or not (one bit per rule).
            int[] unevaluated = [.. main.Select((r, i) => (r, id: i)).Concat(user.Select((r, i) => (r, id: 100 + i)))
                .Where(x => x.r.Kind >= 3 && x.r.First <= port && port <= x.r.Last).Select(x => x.id)];
            var outcomes = new HashSet<int>(); // 0 permitted, 1 denied, 2 decided by a rule of unknown action
            for (int reading = 0; reading < 1 << unevaluated.Length; reading++)
            {
                bool Matches((int First, int Last, int Kind) r, int id) =>
                    port >= r.First && port <= r.Last && (r.Kind < 3 || ((reading >> Array.IndexOf(unevaluated, id)) & 1) == 1);

                // -1: fell through or returned.
                int Run((int First, int Last, int Kind)[] rules, int idBase, bool isBase)
                {
                    for (int i = 0; i < rules.Length; i++)
                    {
                        if (!Matches(rules[i], idBase + i))
                        {
                            continue;
                        }

                        if (rules[i].Kind == 6)
                        {
                            return 2;
                        }

                        switch (ActionOf(rules[i].Kind, isBase))
                        {
                            case RuleAction.Permit: return 0;
                            case RuleAction.Deny: return 1;
                            case RuleAction.Return: return -1;
                            default:
                                int inner = Run(user, 100, isBase: false);
                                if (inner >= 0)
                                {
                                    return inner;
                                }

                                break;
                        }
                    }

                    return -1;
                }

                int outcome = Run(main, 0, isBase: true);
                outcomes.Add(outcome >= 0 ? outcome : defaultPermits ? 0 : 1);
            }

            Verdict expected = outcomes.SetEquals([0]) ? Swp.Requirements.Coverage.Verdict.Allowed
                : outcomes.SetEquals([1]) ? Swp.Requirements.Coverage.Verdict.Blocked
                : Swp.Requirements.Coverage.Verdict.Uncertain;
            // Exact: allowed or blocked exactly where every reading is, uncertain elsewhere.
            if (engine != expected)
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void An_unevaluated_return_before_the_same_verdict_after_the_jump_decides()
    {
        // -A INPUT -j CHECK; -A INPUT -p tcp --dport 443 -j ACCEPT; -A CHECK -o eth0 -j RETURN; -A CHECK -p tcp --dport 443 -j ACCEPT
        var check = new List<CoverageRule>();
        var checkChain = new RuleChain("CHECK", check);
        check.Add(new CoverageRule(PacketBox.All, RuleAction.NotEvaluated, 10, ifMatched: RuleAction.Return));
        check.Add(Rule(RuleAction.Permit, 11));
        var input = new RuleChain("INPUT", [new CoverageRule(PacketBox.All, RuleAction.Jump, 0, checkChain), Rule(RuleAction.Permit, 1)]);

        Assert.Equal(Swp.Requirements.Coverage.Verdict.Allowed, CoverageEngine.Summarize(CoverageEngine.Evaluate(Https, input, defaultPermits: false)));
        Assert.Equal(Swp.Requirements.Coverage.Verdict.Uncertain, CoverageEngine.Summarize(CoverageEngine.Evaluate(Https, new RuleChain("INPUT", [new CoverageRule(PacketBox.All, RuleAction.Jump, 0, checkChain)]), defaultPermits: false)));
    }

    [Fact]
    public void An_nftables_export_of_iptables_nft_rules_that_all_accept_allows()
    {
        // What `nft -j list ruleset` prints for iptables-nft's "-m conntrack --ctstate NEW -j ACCEPT" (an xt match) under policy accept.
        const string Export = """
            {"nftables": [
              {"table": {"family": "ip", "name": "filter"}},
              {"chain": {"family": "ip", "table": "filter", "name": "INPUT", "type": "filter", "hook": "input", "prio": 0, "policy": "accept"}},
              {"rule": {"family": "ip", "table": "filter", "chain": "INPUT", "expr": [
                {"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 443}},
                {"xt": {"type": "match", "name": "conntrack"}},
                {"counter": {"packets": 0, "bytes": 0}},
                {"accept": null}]}}
            ]}
            """;
        ObservedFirewall firewall = NftablesJsonReader.Read("nft", Export);

        Assert.Equal(Decision.DefaultPermitted, Decide(firewall, firewall.Ingress, Https).Decision);
        Assert.Single(firewall.Rules, r => r.Action == RuleAction.NotEvaluated);
    }
}
