using System.CommandLine;
using System.Net;
using System.Net.Sockets;

namespace Swp.Requirements.Cli.Commands;

/// <summary><c>swp-ports lookup ADDRESS</c>: the region whose manager subnet holds an address.</summary>
internal static class LookupCommand
{
    /// <summary>Exit code: the address is in a region's subnet.</summary>
    public const int Found = 0;

    /// <summary>Exit code: a valid address, but no Server &amp; Workload Protection subnet holds it.</summary>
    public const int NotFound = 1;

    /// <summary>Exit code: the argument is not a strict IPv4 address.</summary>
    public const int Malformed = 2;

    public static Command Create()
    {
        var address = new Argument<string>("ADDRESS") { Description = "An IPv4 address in strict dotted-quad form, e.g. 3.69.198.70." };
        var command = new Command("lookup", """
            The region whose manager source subnet holds ADDRESS. Exit code 0: found; 1: not a Server & Workload Protection address; 2: ADDRESS is not a strict IPv4 address.

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
            if (!Ipv4Cidr.TryParseAddress(text, out uint value))
            {
                bool ipv6 = text.Contains(':', System.StringComparison.Ordinal) && IPAddress.TryParse(text, out IPAddress? parsed) && parsed.AddressFamily == AddressFamily.InterNetworkV6;
                if (ipv6)
                {
                    output.WriteLine($"{text} is not a Server & Workload Protection address: the manager's subnets are IPv4.");
                    return NotFound;
                }

                parse.InvocationConfiguration.Error.WriteLine($"error: '{text}' is not a valid IPv4 address: {Ipv4Cidr.ExplainAddress(text)}. Expected a dotted quad such as 3.69.198.70.");
                return Malformed;
            }

            if (Regions.TryFind(value, out Region region))
            {
                output.WriteLine($"{Ipv4Cidr.FormatAddress(value)} is in region {region.ToId()} ({region.DisplayName()}), subnet {Regions.Subnet(region)}");
                return Found;
            }

            output.WriteLine($"{Ipv4Cidr.FormatAddress(value)} is not a Server & Workload Protection address: no region's subnet holds it.");
            return NotFound;
        });
        return command;
    }
}
