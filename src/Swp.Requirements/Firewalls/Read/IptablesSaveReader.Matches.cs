using System;
using System.Collections.Generic;
using Swp.Requirements.Coverage;

namespace Swp.Requirements.Firewalls.Read;

/// <content>What a rule matches: its options, read as iptables reads them.</content>
internal static partial class IptablesSaveReader
{
    private sealed partial class Reader
    {
        private static readonly string[] PortModules = ["tcp", "udp", "udplite", "sctp", "dccp"];

        private RuleMatch ParseMatch(RawRule rule)
        {
            var match = new RuleMatch();
            List<Token> tokens = rule.Tokens;
            List<string> modules = _modules; // the -m matches, in order (one list for every rule)
            modules.Clear();
            bool afterTarget = false;
            bool negate = false;
            IntervalSet? protocolOption = null;
            var coreOptions = new HashSet<string>(StringComparer.Ordinal); // iptables refuses an option twice in one match
            HashSet<(int Owner, string Key)>? moduleOptions = null; // each match's (-m by index, or -1: the protocol's implicit one), made on first use
            int i = 0;
            while (i < tokens.Count)
            {
                Token option = tokens[i];
                if (option.IsBang)
                {
                    negate = true;
                    i++;
                    continue;
                }

                if (!option.IsOption)
                {
                    throw new FirewallReadException(rule.Line, option.Column + 1, "'" + option.Text + "' where an option (such as -p or --dport) belongs");
                }

                var values = new List<Token>();
                int j = i + 1;
                bool inlineNegate = false;
                while (j < tokens.Count)
                {
                    Token t = tokens[j];
                    if (t.IsBang && j == i + 1 && j + 1 < tokens.Count && !tokens[j + 1].IsOption && !tokens[j + 1].IsBang)
                    {
                        inlineNegate = true; // the old form: --dport ! 22
                        j++;
                        continue;
                    }

                    if (t.IsOption || t.IsBang)
                    {
                        break;
                    }

                    values.Add(t);
                    j++;
                }

                bool not = negate || inlineNegate;
                negate = false;
                i = j;
                string name = option.Text;
                if (name is "-j" or "--jump" or "-g" or "--goto")
                {
                    Single(rule, option, values);
                    afterTarget = true;
                    continue;
                }

                if (afterTarget)
                {
                    if (rule.TargetChain is not null || rule.TargetName is "ACCEPT" or "DROP" or "RETURN" or "QUEUE" or "TRACE" or "NOTRACK")
                    {
                        throw new FirewallReadException(rule.Line, option.Column + 1, "'" + ReadLog.Shorten(option.Text) + "' after " + (rule.IsGoto ? "-g " : "-j ") + rule.TargetName + ": "
                            + (rule.TargetChain is null ? rule.TargetName + " takes no options" : "a jump to a chain takes no options"));
                    }

                    continue; // the target's own options (--reject-with, --log-prefix)
                }

                Once(rule, option, CoreKey(name), coreOptions);

                switch (name)
                {
                    case "-s" or "--source" or "--src":
                        match.Sources = match.Sources.Intersect(Addresses(rule, option, values, not, match));
                        continue;
                    case "-d" or "--destination" or "--dst":
                        match.Destinations = match.Destinations.Intersect(Addresses(rule, option, values, not, match));
                        continue;
                    case "-p" or "--protocol":
                        protocolOption = Protocol(rule, option, values, not, match);
                        match.Protocols = match.Protocols.Intersect(protocolOption);
                        continue;
                    case "-i" or "--in-interface" or "-o" or "--out-interface":
                        Interface(rule, option, values, not, match);
                        continue;
                    case "-f" or "--fragment":
                        NoValue(rule, option, values);
                        if (!not)
                        {
                            match.NotEvaluated.Add("-f matches second and later fragments, which are not modelled");
                        }

                        continue;
                    case "-4" or "--ipv4":
                        NoValue(rule, option, values);
                        continue;
                    case "-6" or "--ipv6":
                        NoValue(rule, option, values);
                        match.NoNetwork("-6: IPv6 only");
                        continue;
                    case "-c" or "--set-counters":
                        continue;
                    case "-m" or "--match":
                        string loaded = Single(rule, option, values).Text;
                        modules.Add(loaded);
                        if (!IsModelled(loaded))
                        {
                            match.NotEvaluated.Add("-m " + loaded + " is not modelled" + ModuleWhy(loaded));
                        }

                        continue;
                }

                int owner = Owner(name, modules, protocolOption);
                if (owner == Unmodelled)
                {
                    continue; // an option of a module already reported
                }

                if (ModuleKey(name) is { } key && !(moduleOptions ??= []).Add((owner, key)))
                {
                    throw new FirewallReadException(rule.Line, option.Column + 1, "multiple " + option.Text + " flags not allowed: iptables refuses an option given twice in one match");
                }

                ModuleOption(rule, option, values, not, owner < 0 ? null : modules[owner], protocolOption, match);
            }

            if (negate)
            {
                throw new FirewallReadException(rule.Line, tokens[tokens.Count - 1].Column + 1, "'!' at the end of a rule negates nothing");
            }

            return match;
        }

        private const int Implicit = -1;
        private const int Unmodelled = -2;

        private static bool IsModelled(string module) =>
            module is "tcp" or "udp" or "udplite" or "sctp" or "dccp" or "multiport" or "conntrack" or "state" or "comment" or "iprange" or "icmp" or "set" or "addrtype";

        /// <summary>
        /// The match an option belongs to, as iptables gives it (xtables' command_default): the
        /// last <c>-m</c> that defines it, else the implicit match of <c>-p</c> (<c>-p tcp</c> loads
        /// tcp's <c>--dport</c> wherever it stands: <c>-m set --match-set x src -p tcp --dport 9100</c>
        /// is port 9100); the index of the <c>-m</c>, <see cref="Implicit"/>, or <see cref="Unmodelled"/>
        /// when an unmodelled module may define it (its options are not known; the module already
        /// makes the rule not evaluated). No module of iptables-extensions but the port protocols'
        /// defines --dport or --sport, so those reach the implicit match past an unmodelled module.
        /// An option no match defines goes to the last <c>-m</c>, or the implicit match without one.
        /// </summary>
        private static int Owner(string option, List<string> modules, IntervalSet? protocolOption)
        {
            for (int m = modules.Count - 1; m >= 0; m--)
            {
                if (Defines(modules[m], option))
                {
                    return m;
                }
            }

            if (protocolOption is not null && protocolOption.Count == 1 && protocolOption.First(0) == protocolOption.Last(0)
                && ProtocolNumbers.Name((int)protocolOption.First(0)) is { } protocol && Defines(protocol, option))
            {
                return Implicit;
            }

            foreach (string module in modules)
            {
                if (!IsModelled(module))
                {
                    return Unmodelled;
                }
            }

            return modules.Count - 1;
        }

        /// <summary>True when a modelled match module defines the option (iptables-extensions(8)).</summary>
        private static bool Defines(string module, string option) => module switch
        {
            "tcp" => option is "--dport" or "--destination-port" or "--sport" or "--source-port" or "--syn" or "--tcp-flags" or "--tcp-option",
            "udp" or "udplite" => option is "--dport" or "--destination-port" or "--sport" or "--source-port",
            "sctp" => option is "--dport" or "--destination-port" or "--sport" or "--source-port" or "--chunk-types",
            "dccp" => option is "--dport" or "--destination-port" or "--sport" or "--source-port" or "--dccp-types" or "--dccp-option",
            "multiport" => option is "--dports" or "--destination-ports" or "--sports" or "--source-ports" or "--ports",
            "conntrack" => option.StartsWith("--ct", StringComparison.Ordinal),
            "state" => option == "--state",
            "comment" => option == "--comment",
            "iprange" => option is "--src-range" or "--dst-range",
            "icmp" => option == "--icmp-type",
            "set" => option is "--match-set" or "--set" or "--return-nomatch" or "--update-counters" or "--update-subcounters"
                or "--packets-eq" or "--packets-lt" or "--packets-gt" or "--bytes-eq" or "--bytes-lt" or "--bytes-gt",
            "addrtype" => option is "--src-type" or "--dst-type" or "--limit-iface-in" or "--limit-iface-out",
            _ => false,
        };

        private static string ModuleWhy(string module) => module switch
        {
            "limit" or "hashlimit" or "connlimit" => " (a rate or connection limit matches only some packets)",
            "owner" => " (the process that owns a connection is not known)",
            "recent" => " (its address list changes at run time)",
            "mark" or "connmark" => " (packet marks are set elsewhere)",
            _ => "",
        };

        private static void ModuleOption(RawRule rule, Token option, List<Token> values, bool not, string? module, IntervalSet? protocolOption, RuleMatch match)
        {
            string name = option.Text;
            string owner = module is null ? "" : " of -m " + module;
            switch (name)
            {
                case "--dport" or "--destination-port" when module is null || Array.IndexOf(PortModules, module) >= 0:
                    RestrictPorts(rule, option, Ports(rule, Single(rule, option, values), false), not, module, protocolOption, match);
                    return;
                case "--dports" or "--destination-ports" when module == "multiport":
                    RestrictPorts(rule, option, Ports(rule, Single(rule, option, values), true), not, module, protocolOption, match);
                    return;
                case "--sport" or "--source-port" or "--sports" or "--source-ports" when module is null || module == "multiport" || Array.IndexOf(PortModules, module) >= 0:
                    Ports(rule, Single(rule, option, values), module == "multiport");
                    RestrictPorts(rule, option, PacketBox.AllPorts, false, module, protocolOption, match);
                    match.NotEvaluated.Add((not ? "! " : "") + name + " " + values[0].Text + ": source ports are chosen by the client (ephemeral), so which packets it matches is not known");
                    return;
                case "--ports" when module == "multiport":
                    Ports(rule, Single(rule, option, values), true);
                    RestrictPorts(rule, option, PacketBox.AllPorts, false, module, protocolOption, match);
                    match.NotEvaluated.Add("--ports matches the source or the destination port, and source ports are ephemeral");
                    return;
                case "--syn" when module is null || module == "tcp":
                    NoValue(rule, option, values);
                    match.Protocols = match.Protocols.Intersect(ProtocolNumbers.Only(ProtocolNumbers.Tcp));
                    TcpFlags(not, 0x02, 0x17, 0x02, "--syn", match);
                    return;
                case "--tcp-flags" when module is null || module == "tcp":
                    if (values.Count != 2 || !TryFlags(values[0].Text, out int mask) || !TryFlags(values[1].Text, out int comp))
                    {
                        throw new FirewallReadException(rule.Line, option.Column + 1, "--tcp-flags takes two lists of flags, e.g. --tcp-flags FIN,SYN,RST,ACK SYN");
                    }

                    match.Protocols = match.Protocols.Intersect(ProtocolNumbers.Only(ProtocolNumbers.Tcp));
                    TcpFlags(not, 0x02, mask, comp, "--tcp-flags " + values[0].Text + " " + values[1].Text, match);
                    return;
                case "--state" when module == "state":
                case "--ctstate" when module == "conntrack":
                    if (rule.Chain.Table.Name == "raw")
                    {
                        States(rule, option, Single(rule, option, values), not, new RuleMatch()); // checked, not applied
                        match.NotEvaluated.Add((not ? "! " : "") + name + " " + values[0].Text + ": in the raw table connection tracking has not run yet (priority -300, before -200), so the state is not the connection's");
                        return;
                    }

                    States(rule, option, Single(rule, option, values), not, match);
                    return;
                case "--src-type" or "--dst-type" when module == "addrtype":
                    AddressType(rule, option, Single(rule, option, values), not, match);
                    return;
                case "--limit-iface-in" or "--limit-iface-out" when module == "addrtype":
                    NoValue(rule, option, values); // the type options say it is not evaluated
                    return;
                case "--comment" when module == "comment":
                    Single(rule, option, values);
                    return;
                case "--match-set" or "--set" when module == "set":
                    match.NotEvaluated.Add((not ? "! " : "") + "-m set " + name + " " + (values.Count > 0 ? values[0].Text : "") + ": ipset contents are not in the file");
                    return;
                case "--src-range" when module == "iprange":
                    match.Sources = match.Sources.Intersect(Range(rule, Single(rule, option, values), not));
                    return;
                case "--dst-range" when module == "iprange":
                    match.Destinations = match.Destinations.Intersect(Range(rule, Single(rule, option, values), not));
                    return;
                case "--icmp-type" when module == "icmp":
                    match.Protocols = match.Protocols.Intersect(ProtocolNumbers.Only(ProtocolNumbers.Icmp));
                    match.NotEvaluated.Add((not ? "! " : "") + "--icmp-type " + Single(rule, option, values).Text + ": ICMP types are not modelled");
                    return;
            }

            if (module == "set" && Defines("set", name))
            {
                return; // the set's other options (--return-nomatch, counters): the set already makes it unevaluated
            }

            match.NotEvaluated.Add(name + owner + " is not modelled");
        }

        /// <summary>
        /// <c>-m addrtype --src-type/--dst-type</c> (iptables-extensions(8)): the kernel gives an
        /// address one route type (inet_addr_type), and the host's own address, the destination
        /// of what it accepts and the source of what it opens, is LOCAL, nothing else. The remote
        /// end's type depends on the routing table (it may even be local), so it is not evaluated;
        /// nor is a type looked up on an interface (<c>--limit-iface-in/out</c>), nor one in a
        /// chain that both directions reach.
        /// </summary>
        private static void AddressType(RawRule rule, Token option, Token value, bool not, RuleMatch match)
        {
            bool local = false;
            foreach (string type in value.Text.Split(','))
            {
                string lower = type.ToLowerInvariant();
                if (Array.IndexOf(NetfilterHooks.AddressTypes, lower) < 0)
                {
                    throw new FirewallReadException(rule.Line, value.Column + 1, "'" + ReadLog.Shorten(type) + "' is not an address type (UNICAST, LOCAL, BROADCAST, ANYCAST, MULTICAST, BLACKHOLE, UNREACHABLE, PROHIBIT, THROW, NAT, XRESOLVE, UNSPEC)");
                }

                local |= lower == "local";
            }

            string text = (not ? "! " : "") + option.Text + " " + value.Text;
            bool destination = option.Text == "--dst-type";
            int directions = rule.Chain.Directions;
            if (HasOption(rule, "--limit-iface-in") || HasOption(rule, "--limit-iface-out"))
            {
                match.NotEvaluated.Add(text + " with --limit-iface: the type is looked up on the flow's interface, which is not known");
            }
            else if (directions is not (Ingress or Egress))
            {
                match.NotEvaluated.Add(text + ": chain " + rule.Chain.DisplayName + " is reached from both directions, where the host's address is once the destination and once the source");
            }
            else if (destination != (directions == Ingress))
            {
                match.NotEvaluated.Add(text + ": the type of the remote " + (destination ? "destination" : "source") + " depends on the routing table, which is not in the file");
            }
            else if (local == not)
            {
                match.NoNetwork(text + " does not hold for the host's own address (its type is LOCAL)");
            }
        }

        /// <summary>True when a token of the rule, before its target, is <paramref name="name"/>.</summary>
        private static bool HasOption(RawRule rule, string name)
        {
            foreach (Token token in rule.Tokens)
            {
                if (!token.Quoted && token.Text is "-j" or "--jump" or "-g" or "--goto")
                {
                    return false;
                }

                if (!token.Quoted && token.Text == name)
                {
                    return true;
                }
            }

            return false;
        }

        private static void RestrictPorts(RawRule rule, Token option, IntervalSet ports, bool not, string? module, IntervalSet? protocolOption, RuleMatch match)
        {
            IntervalSet protocols;
            if (module is not null && module != "multiport" && ProtocolNumbers.TryParse(module, out int number))
            {
                protocols = ProtocolNumbers.Only(number);
            }
            else
            {
                protocols = ProtocolNumbers.WithPorts;
                if (protocolOption is null || !protocolOption.IsSubsetOf(ProtocolNumbers.WithPorts))
                {
                    throw new FirewallReadException(rule.Line, option.Column + 1, option.Text + " needs -p tcp, udp, udplite, sctp or dccp before it");
                }
            }

            match.Protocols = match.Protocols.Intersect(protocols);
            match.Ports = match.Ports.Intersect(not ? PacketBox.AllPorts.Subtract(ports) : ports);
        }

        private static void TcpFlags(bool not, int first, int mask, int comp, string text, RuleMatch match)
        {
            // A new connection's first packet carries SYN alone; an established one's carry ACK.
            bool newMatches = ((first & mask) == comp) != not;
            bool establishedMatches = ((0x10 & mask) == comp) != not;
            if (!newMatches)
            {
                match.NoNew((not ? "! " : "") + text + " does not match a new connection's first packet (SYN)");
            }

            match.MatchesEstablished &= establishedMatches;
        }

        private static bool TryFlags(string text, out int flags)
        {
            flags = 0;
            foreach (string name in text.Split(','))
            {
                int flag = name switch
                {
                    "FIN" => 0x01,
                    "SYN" => 0x02,
                    "RST" => 0x04,
                    "PSH" => 0x08,
                    "ACK" => 0x10,
                    "URG" => 0x20,
                    "ALL" => 0x3F,
                    "NONE" => 0,
                    _ => -1,
                };
                if (flag < 0)
                {
                    return false;
                }

                flags |= flag;
            }

            return true;
        }

        private static void States(RawRule rule, Token option, Token value, bool not, RuleMatch match)
        {
            ConntrackState states = ConntrackState.None;
            foreach (string name in value.Text.Split(','))
            {
                if (!ConntrackStates.TryParse(name, out ConntrackState state))
                {
                    throw new FirewallReadException(rule.Line, value.Column + 1, "'" + name + "' is not a connection state (NEW, ESTABLISHED, RELATED, INVALID, UNTRACKED, SNAT, DNAT)");
                }

                states |= state;
            }

            if (not)
            {
                states = ConntrackState.All & ~states;
            }

            match.States(states, (not ? "! " : "") + option.Text + " " + value.Text);
        }
    }
}
