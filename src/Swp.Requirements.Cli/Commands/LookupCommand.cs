using System.CommandLine;
using System.Net;
using System.Net.Sockets;

namespace Swp.Requirements.Cli.Commands;

/// <summary><c>swp-ports lookup ADDRESS</c>: the region whose manager subnet holds an address.</summary>
internal static class LookupCommand
{
    /// <summary>Exit code: the address is in a region's subnet.</summary>
    public const int Found = 0;

    /// <summary>Exit code: a valid address (IPv4, or IPv6), but no region's subnet holds it.</summary>
    public const int NotFound = 1;

    /// <summary>Exit code: the argument is neither a strict IPv4 address nor an IPv6 address.</summary>
    public const int Malformed = 2;

    public static Command Create()
    {
        var address = new Argument<string>("ADDRESS") { Description = "An IPv4 address in strict dotted-quad form, e.g. 3.69.198.70, or an IPv6 address: an IPv4-mapped one (::ffff:3.69.198.70, ::ffff:345:c646) is looked up as its IPv4 address; any other is in no region." };
        var command = new Command("lookup", """
            The region whose manager source subnet holds ADDRESS: the addresses the manager's own connections (to agents on 4118, to syslog servers) come from. Exit code 0: found; 1: no region's subnet holds it (IPv6 addresses included, unless IPv4-mapped); 2: ADDRESS is neither a strict IPv4 nor an IPv6 address.

            Examples:
              swp-ports lookup 3.69.198.70
              swp-ports lookup 10.0.0.1
            """)
        {
            address,
        };
        command.SetAction(parse =>
        {
            string text = parse.GetValue(address) ?? "";
            var output = parse.InvocationConfiguration.Output;
            if (!IPv4Network.TryParseAddress(text, out uint value))
            {
                bool ipv6 = text.Contains(':', System.StringComparison.Ordinal) && IPAddress.TryParse(text, out IPAddress? parsed) && parsed.AddressFamily == AddressFamily.InterNetworkV6;
                if (!ipv6)
                {
                    string shown = text.Length > 64 ? text[..64] + "..." : text;
                    parse.InvocationConfiguration.Error.WriteLine($"error: '{shown}' is not a valid IPv4 address: {IPv4Network.ExplainAddress(text)}. Expected a dotted quad such as 3.69.198.70.");
                    return Malformed;
                }

                if (!IPv4Network.TryGetIPv4(IPAddress.Parse(text), out value))
                {
                    output.WriteLine($"{text} is in no region's subnet: the manager's source subnets are IPv4.");
                    return NotFound;
                }
            }

            if (Regions.TryFind(value, out Region region))
            {
                IPv4Network subnet = default;
                foreach (IPv4Network candidate in Regions.Subnets(region))
                {
                    if (candidate.Contains(value))
                    {
                        subnet = candidate;
                    }
                }

                output.WriteLine($"{IPv4Network.FormatAddress(value)} is in region {region.ToId()} ({region.DisplayName()}), subnet {subnet}");
                return Found;
            }

            output.WriteLine($"{IPv4Network.FormatAddress(value)} is in no region's subnet: it is not a source address of Server & Workload Protection.");
            return NotFound;
        });
        return command;
    }
}
