using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using FsCheck;
using FsCheck.Xunit;
using Swp.Requirements.Coverage;
using Swp.Requirements.Firewalls.Read;
using static Swp.Requirements.Tests.Firewalls.Read.ReadTesting;

namespace Swp.Requirements.Tests.Firewalls.Read;

/// <summary>
/// The laws of the chain graph both netfilter readers share (<see cref="ChainGraph"/>), for random
/// rulesets written as iptables-save text and as nft JSON: a base chain and user chains of
/// accepts, drops, returns, jumps and gotos, on port ranges or on every packet, some behind an
/// interface match the reader does not evaluate (<c>-i eth1</c>, <c>iifname "eth1"</c>).
/// A goto decides what a jump followed by a return decides; a chain no base chain reaches decides
/// nothing; a loop of jumps is a read error located at a jump that closes it. The seeds are not
/// sized (FsCheck's sized int stays near 100 or less, which would give a few hundred rulesets).
/// </summary>
public class ChainGraphLawTests
{
    private enum Act
    {
        Accept,
        Drop,
        Return,
        Jump,
        Goto,
    }

    /// <summary>A rule of chain <see cref="Chain"/> (-1 the base chain), on ports <see cref="First"/>-<see cref="Last"/> or every packet (<see cref="Any"/>).</summary>
    private sealed record Rule(int Chain, int First, int Last, bool Any, bool Unevaluated, Act Action, int Target);

    /// <summary>A ruleset: the base chain's policy, the user chains (by index), and the rules in file order; <see cref="Declared"/> is the order the user chains are declared in, and chain <see cref="Unreached"/> (if any) is named Z.</summary>
    private sealed record Ruleset(bool PolicyDrops, int Users, List<int> Declared, List<Rule> Rules, int Unreached = -1);

    [Property(MaxTest = 500)]
    public bool A_goto_decides_what_a_jump_followed_by_a_return_decides(DoNotSize<int> seed)
    {
        var random = new Random(seed.Item);
        Ruleset gotos = Generate(random, random.Next(1, 4));
        var rules = new List<Rule>();
        foreach (Rule rule in gotos.Rules)
        {
            if (rule.Action == Act.Goto)
            {
                rules.Add(rule with { Action = Act.Jump });
                rules.Add(rule with { Action = Act.Return, Target = -1 });
            }
            else
            {
                rules.Add(rule);
            }
        }

        Ruleset jumps = gotos with { Rules = rules };
        foreach (bool nft in new[] { false, true })
        {
            ObservedFirewall a = ReadRuleset(gotos, nft, out _);
            ObservedFirewall b = ReadRuleset(jumps, nft, out _);
            if (Decisions(a, withRules: false) != Decisions(b, withRules: false))
            {
                return false;
            }
        }

        return true;
    }

    [Property(MaxTest = 500)]
    public bool A_chain_no_base_chain_reaches_decides_nothing(DoNotSize<int> seed)
    {
        var random = new Random(seed.Item);
        int users = random.Next(1, 4);
        Ruleset reached = Generate(random, users);

        // Chain Z (index users): accepts, drops, returns, and jumps into the reached chains; nothing jumps to it.
        var declared = new List<int>(reached.Declared);
        declared.Insert(random.Next(declared.Count + 1), users);
        var rules = new List<Rule>(reached.Rules);
        for (int i = random.Next(1, 5); i > 0; i--)
        {
            rules.Insert(random.Next(rules.Count + 1), RandomRule(random, users, users, firstTarget: 0));
        }

        Ruleset unreached = new(reached.PolicyDrops, users + 1, declared, rules, Unreached: users);
        foreach (bool nft in new[] { false, true })
        {
            ObservedFirewall a = ReadRuleset(reached, nft, out _);
            ObservedFirewall b = ReadRuleset(unreached, nft, out _);
            string z = nft ? "inet t z" : "Z";
            if (Decisions(a, withRules: true) != Decisions(b, withRules: true)
                || b.Rules.Any(r => r.Chain == z)
                || !b.Notes.Any(n => n.Text.StartsWith("chain " + z + " ignored: no jump from ", StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    [Property(MaxTest = 500)]
    public bool A_loop_of_jumps_is_a_read_error_at_a_jump_that_closes_it(DoNotSize<int> seed)
    {
        var random = new Random(seed.Item);
        int users = random.Next(1, 4);
        Ruleset acyclic = Generate(random, users);

        // One jump or goto back: from user chain j to a chain that leads to j (j itself, or one that jumps to it, perhaps by way of others).
        int from = random.Next(users);
        int[] leading = [.. Enumerable.Range(0, from + 1).Where(i => Leads(acyclic.Rules, i, from))];
        int to = leading[random.Next(leading.Length)];
        var rules = new List<Rule>(acyclic.Rules);
        Rule back = RandomRule(random, from, users) with { Action = random.Next(2) == 0 ? Act.Jump : Act.Goto, Target = to };
        rules.Insert(random.Next(rules.Count + 1), back);
        Ruleset looped = acyclic with { Rules = rules };

        foreach (bool nft in new[] { false, true })
        {
            string text = Write(looped, nft, out List<(int Line, int Column, string? Path)> at);
            FirewallReadException? error = null;
            try
            {
                _ = nft ? NftablesJsonReader.Read("t", text) : IptablesSaveReader.Read("t", text);
            }
            catch (FirewallReadException e)
            {
                error = e;
            }

            if (error is null || !error.Message.Contains("closes a loop of chains, which " + (nft ? "nft" : "iptables") + " refuses", StringComparison.Ordinal))
            {
                return false;
            }

            // The rule the error names is a jump or goto whose target leads back to its own chain, and the error is where its target is written.
            int index = at.FindIndex(p => p.Line == error.Line);
            if (index < 0 || looped.Rules[index].Action is not (Act.Jump or Act.Goto)
                || !Leads(looped.Rules, looped.Rules[index].Target, looped.Rules[index].Chain)
                || at[index] != (error.Line, error.Column, error.JsonPath))
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void A_loop_is_refused_at_the_jump_that_closes_it_in_both_readers()
    {
        // INPUT -> U0 -> U1 -> U0: the jump from U1 back to U0 closes the loop.
        var ruleset = new Ruleset(false, 2, [0, 1], [
            new Rule(-1, 1, 8, false, false, Act.Jump, 0),
            new Rule(0, 1, 8, true, false, Act.Jump, 1),
            new Rule(1, 3, 4, false, false, Act.Goto, 0),
        ]);

        string iptables = Write(ruleset, nft: false, out _);
        FirewallReadException e = Assert.Throws<FirewallReadException>(() => IptablesSaveReader.Read("t", iptables));
        Assert.Equal((9, 36, (string?)null), (e.Line, e.Column, e.JsonPath));
        Assert.Equal("the jump from U1 to U0 closes a loop of chains, which iptables refuses", e.Message);

        string nft = Write(ruleset, nft: true, out _);
        e = Assert.Throws<FirewallReadException>(() => NftablesJsonReader.Read("t", nft));
        Assert.Equal((8, 10, (string?)"$.nftables[6].rule"), (e.Line, e.Column, e.JsonPath));
        Assert.Equal("the jump from inet t u1 to u0 closes a loop of chains, which nft refuses", e.Message);
    }

    /// <summary>A random acyclic ruleset: user chains jump only to chains of a higher index, the base chain to any.</summary>
    private static Ruleset Generate(Random random, int users)
    {
        var declared = Enumerable.Range(0, users).OrderBy(_ => random.Next()).ToList();
        var rules = new List<Rule>();
        for (int i = random.Next(1, 9); i > 0; i--)
        {
            rules.Add(RandomRule(random, random.Next(-1, users), users));
        }

        return new Ruleset(random.Next(2) == 0, users, declared, rules);
    }

    /// <summary>A rule of <paramref name="chain"/>: a jump or goto goes to a user chain from <paramref name="firstTarget"/> (by default the one after it) and below <paramref name="users"/>, else it is an accept, drop or return.</summary>
    private static Rule RandomRule(Random random, int chain, int users, int? firstTarget = null)
    {
        int lowest = firstTarget ?? chain + 1;
        int first = random.Next(1, 9);
        int last = random.Next(first, 9);
        var action = (Act)random.Next(5);
        int target = -1;
        if (action is Act.Jump or Act.Goto)
        {
            if (lowest >= users || lowest == chain)
            {
                action = (Act)random.Next(3);
            }
            else
            {
                target = random.Next(lowest, users);
            }
        }

        return new Rule(chain, first, last, random.Next(4) == 0, random.Next(3) == 0, action, target);
    }

    /// <summary>True when chain <paramref name="from"/> reaches chain <paramref name="to"/> by the jumps and gotos of <paramref name="rules"/> (or is it).</summary>
    private static bool Leads(List<Rule> rules, int from, int to)
    {
        var seen = new HashSet<int> { from };
        var pending = new Stack<int>();
        pending.Push(from);
        while (pending.Count > 0)
        {
            int chain = pending.Pop();
            if (chain == to)
            {
                return true;
            }

            foreach (Rule rule in rules.Where(r => r.Chain == chain && r.Action is Act.Jump or Act.Goto))
            {
                if (seen.Add(rule.Target))
                {
                    pending.Push(rule.Target);
                }
            }
        }

        return false;
    }

    private static ObservedFirewall ReadRuleset(Ruleset ruleset, bool nft, out string text)
    {
        text = Write(ruleset, nft, out _);
        return nft ? NftablesJsonReader.Read("t", text) : IptablesSaveReader.Read("t", text);
    }

    /// <summary>
    /// What the ingress direction decides for every port 1 to 9 (9: only rules on every packet
    /// match it), part by part, and for replies; with <paramref name="withRules"/>, also which rule
    /// decides each part and every rule the reader kept (its chain, text and action).
    /// </summary>
    private static string Decisions(ObservedFirewall firewall, bool withRules)
    {
        var text = new StringBuilder();
        for (int port = 1; port <= 9; port++)
        {
            foreach (string part in firewall.Ingress.Evaluate(Box("any", "any", port))
                .Select(o => o.Outcome.Packets + " " + o.Outcome.Decision + (withRules ? " #" + o.Outcome.RuleId.ToString(CultureInfo.InvariantCulture) : ""))
                .OrderBy(s => s, StringComparer.Ordinal))
            {
                text.Append(part).Append('\n');
            }
        }

        text.Append("replies ").Append(firewall.Ingress.RepliesAllowed).Append(' ').Append(firewall.Ingress.RepliesCertain).Append('\n');
        if (withRules)
        {
            foreach (ObservedRule rule in firewall.Rules)
            {
                text.Append(rule.Chain).Append(' ').Append(rule.Text).Append(' ').Append(rule.Action).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>The ruleset as iptables-save text or nft JSON, one rule a line; <paramref name="at"/>: where each rule's jump target is written (iptables) or where its rule object starts (nft), as a read error locates it.</summary>
    private static string Write(Ruleset ruleset, bool nft, out List<(int Line, int Column, string? Path)> at)
    {
        at = [];
        var lines = new List<string>();
        if (nft)
        {
            lines.Add("{\"nftables\": [");
            lines.Add("{\"table\": {\"family\": \"inet\", \"name\": \"t\"}},");
            lines.Add("{\"chain\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"input\", \"type\": \"filter\", \"hook\": \"input\", \"prio\": 0, \"policy\": \"" + (ruleset.PolicyDrops ? "drop" : "accept") + "\"}},");
            foreach (int user in ruleset.Declared)
            {
                lines.Add("{\"chain\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"" + NftName(user, ruleset) + "\"}},");
            }

            foreach (Rule rule in ruleset.Rules)
            {
                var expressions = new List<string>();
                if (rule.Unevaluated)
                {
                    expressions.Add("{\"match\": {\"op\": \"==\", \"left\": {\"meta\": {\"key\": \"iifname\"}}, \"right\": \"eth1\"}}");
                }

                if (!rule.Any)
                {
                    expressions.Add("{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"tcp\", \"field\": \"dport\"}}, \"right\": {\"range\": [" + Num(rule.First) + ", " + Num(rule.Last) + "]}}}");
                }

                expressions.Add(rule.Action switch
                {
                    Act.Accept => "{\"accept\": null}",
                    Act.Drop => "{\"drop\": null}",
                    Act.Return => "{\"return\": null}",
                    _ => "{\"" + (rule.Action == Act.Jump ? "jump" : "goto") + "\": {\"target\": \"" + NftName(rule.Target, ruleset) + "\"}}",
                });
                string line = "{\"rule\": {\"family\": \"inet\", \"table\": \"t\", \"chain\": \"" + NftName(rule.Chain, ruleset) + "\", \"expr\": [" + string.Join(", ", expressions) + "]}},";
                at.Add((lines.Count + 1, line.IndexOf("{\"family\"", StringComparison.Ordinal) + 1, "$.nftables[" + Num(lines.Count - 1) + "].rule"));
                lines.Add(line);
            }

            lines[^1] = lines[^1].TrimEnd(',');
            lines.Add("]}");
        }
        else
        {
            lines.Add("*filter");
            lines.Add(":INPUT " + (ruleset.PolicyDrops ? "DROP" : "ACCEPT") + " [0:0]");
            lines.Add(":FORWARD ACCEPT [0:0]");
            lines.Add(":OUTPUT ACCEPT [0:0]");
            foreach (int user in ruleset.Declared)
            {
                lines.Add(":" + IptablesName(user, ruleset) + " - [0:0]");
            }

            foreach (Rule rule in ruleset.Rules)
            {
                string line = "-A " + IptablesName(rule.Chain, ruleset)
                    + (rule.Unevaluated ? " -i eth1" : "")
                    + (rule.Any ? "" : " -p tcp -m tcp --dport " + Num(rule.First) + ":" + Num(rule.Last))
                    + (rule.Action == Act.Goto ? " -g " : " -j ");
                at.Add((lines.Count + 1, line.Length + 1, null));
                lines.Add(line + rule.Action switch
                {
                    Act.Accept => "ACCEPT",
                    Act.Drop => "DROP",
                    Act.Return => "RETURN",
                    _ => IptablesName(rule.Target, ruleset),
                });
            }

            lines.Add("COMMIT");
        }

        return string.Join("\n", lines) + "\n";
    }

    private static string IptablesName(int chain, Ruleset ruleset) =>
        chain < 0 ? "INPUT" : chain == ruleset.Unreached ? "Z" : "U" + Num(chain);

    private static string NftName(int chain, Ruleset ruleset) => IptablesName(chain, ruleset).ToLowerInvariant();

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);
}
