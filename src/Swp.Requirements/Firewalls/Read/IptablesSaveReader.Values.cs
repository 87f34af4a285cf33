using System.Collections.Generic;
using Swp.Requirements.Coverage;

namespace Swp.Requirements.Firewalls.Read;

/// <content>The values of a rule's options (addresses, protocols, interfaces, ports) and how often an option may stand.</content>
internal static partial class IptablesSaveReader
{
    private sealed partial class Reader
    {
        private static IntervalSet Addresses(RawRule rule, Token option, List<Token> values, bool not, RuleMatch match)
        {
            Token value = Single(rule, option, values);
            var intervals = new List<(ulong, ulong)>();
            foreach (string part in value.Text.Split(','))
            {
                switch (Ipv4Values.TryParseNetwork(part, out uint first, out uint last))
                {
                    case AddressRead.Ok:
                        intervals.Add((first, last));
                        break;
                    case AddressRead.NonContiguousMask:
                        match.NotEvaluated.Add(option.Text + " " + part + ": a mask that is not a prefix is not modelled");
                        return AddressSpace.Any;
                    case AddressRead.Ipv6:
                        throw new FirewallReadException(rule.Line, value.Column + 1, "'" + part + "' is an IPv6 address: this reads iptables-save (IPv4), not ip6tables-save");
                    default:
                        throw new FirewallReadException(rule.Line, value.Column + 1, "'" + part + "' is not an IPv4 address or network (a.b.c.d/n)");
                }
            }

            IntervalSet set = Ipv4Values.Set(intervals);
            return not ? Ipv4Values.Not(set) : set;
        }

        private static IntervalSet Range(RawRule rule, Token value, bool not)
        {
            if (Ipv4Values.TryParseRange(value.Text, out uint first, out uint last) != AddressRead.Ok)
            {
                throw new FirewallReadException(rule.Line, value.Column + 1, "'" + value.Text + "' is not an IPv4 address range (a.b.c.d-e.f.g.h)");
            }

            IntervalSet set = Ipv4Values.Interval(first, last);
            return not ? Ipv4Values.Not(set) : set;
        }

        private static IntervalSet Protocol(RawRule rule, Token option, List<Token> values, bool not, RuleMatch match)
        {
            Token value = Single(rule, option, values);
            IntervalSet set;
            if (value.Text is "all" or "0")
            {
                set = PacketBox.AllProtocols;
            }
            else if (ProtocolNumbers.TryParse(value.Text, out int number))
            {
                set = ProtocolNumbers.Only(number);
            }
            else
            {
                match.NotEvaluated.Add("-p " + value.Text + ": protocol name not known");
                return PacketBox.AllProtocols;
            }

            return not ? PacketBox.AllProtocols.Subtract(set) : set;
        }

        private void Interface(RawRule rule, Token option, List<Token> values, bool not, RuleMatch match)
        {
            string name = Single(rule, option, values).Text;
            bool incoming = option.Text is "-i" or "--in-interface";
            InterfaceMatch says = HostInterfaces.Match([name], '+', _interfaces);
            switch (not ? HostInterfaces.Not(says) : says)
            {
                case InterfaceMatch.Always:
                    return;
                case InterfaceMatch.Never:
                    match.NoNetwork((not ? "! " : "") + option.Text + " " + name
                        + (name == "lo" ? " matches loopback traffic only, no network flow"
                            : _interfaces is null ? " matches no interface"
                            : ": matches none of the host's interfaces (" + string.Join(", ", _interfaces) + ")"));
                    return;
                default:
                    match.NotEvaluated.Add((not ? "! " : "") + option.Text + " " + name + ": the interface a flow " + (incoming ? "arrives on" : "leaves by") + " is not known"
                        + (_interfaces is null ? " (give the host's with --interface)" : ""));
                    return;
            }
        }

        private static IntervalSet Ports(RawRule rule, Token value, bool list)
        {
            var intervals = new List<(ulong, ulong)>();
            string[] parts = list ? value.Text.Split(',') : [value.Text];
            foreach (string part in parts)
            {
                if (!NumberText.TryParsePortRange(part, ':', true, out int first, out int last))
                {
                    throw new FirewallReadException(rule.Line, value.Column + 1, "'" + part + "' is not a port or a port range (first:last)");
                }

                intervals.Add(((ulong)first, (ulong)last));
            }

            return IntervalSet.FromIntervals(intervals);
        }

        private static Token Single(RawRule rule, Token option, List<Token> values)
        {
            if (values.Count == 0)
            {
                throw new FirewallReadException(rule.Line, option.Column + 1, option.Text + " needs a value");
            }

            if (values.Count > 1)
            {
                // iptables-restore refuses it too (Bad argument): a stray word is not a second value it would ignore.
                throw new FirewallReadException(rule.Line, values[1].Column + 1, "'" + ReadLog.Shorten(values[1].Text) + "' after " + option.Text + " " + ReadLog.Shorten(values[0].Text) + ": " + option.Text + " takes one value");
            }

            return values[0];
        }

        private static void NoValue(RawRule rule, Token option, List<Token> values)
        {
            if (values.Count > 0)
            {
                throw new FirewallReadException(rule.Line, values[0].Column + 1, "'" + ReadLog.Shorten(values[0].Text) + "' after " + option.Text + ": " + option.Text + " takes no value");
            }
        }

        /// <summary>Refuses an option given twice in one match, as iptables does ("multiple --dport flags not allowed"); null <paramref name="key"/>: not checked.</summary>
        private static void Once(RawRule rule, Token option, string? key, HashSet<string> seen)
        {
            if (key is not null && !seen.Add(key))
            {
                throw new FirewallReadException(rule.Line, option.Column + 1, "multiple " + option.Text + " flags not allowed: iptables refuses an option given twice in one match");
            }
        }

        /// <summary>The options of the rule itself that iptables refuses twice, each long and short name as one.</summary>
        private static string? CoreKey(string name) => name switch
        {
            "-s" or "--source" or "--src" => "-s",
            "-d" or "--destination" or "--dst" => "-d",
            "-p" or "--protocol" => "-p",
            "-i" or "--in-interface" => "-i",
            "-o" or "--out-interface" => "-o",
            "-f" or "--fragment" => "-f",
            _ => null,
        };

        /// <summary>The modelled options of a match that iptables refuses twice in it (other options are not checked).</summary>
        private static string? ModuleKey(string name) => name switch
        {
            "--dport" or "--destination-port" => "--dport",
            "--sport" or "--source-port" => "--sport",
            "--dports" or "--destination-ports" => "--dports",
            "--sports" or "--source-ports" => "--sports",
            "--ports" or "--syn" or "--tcp-flags" or "--state" or "--ctstate" or "--comment" or "--src-range" or "--dst-range" or "--icmp-type"
                or "--src-type" or "--dst-type" or "--limit-iface-in" or "--limit-iface-out" => name,
            _ => null,
        };
    }
}
