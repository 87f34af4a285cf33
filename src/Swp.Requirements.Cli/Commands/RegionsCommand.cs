using System.CommandLine;
using Swp.Requirements.Cli.Output;

namespace Swp.Requirements.Cli.Commands;

/// <summary><c>swp-ports regions</c>: each region's manager source subnets, one row per (region, subnet).</summary>
internal static class RegionsCommand
{
    public static Command Create()
    {
        Option<string?> format = CommonOptions.Format();
        var command = new Command("regions", """
            The Server & Workload Protection regions and the manager's source subnets (CIDRs) in each, one row per (region, subnet): allow the flows the manager starts (4118 to agents and relays, syslog) from your region's subnets only.

            Examples:
              swp-ports regions
              swp-ports regions --format csv
            """)
        {
            format,
        };
        command.SetAction(parse =>
        {
            var grid = new Grid(new Column("region"), new Column("name"), new Column("cidr"));
            foreach (Region region in Regions.All)
            {
                foreach (IPv4Network subnet in Regions.Subnets(region))
                {
                    grid.Add(region.ToId(), region.DisplayName(), subnet.ToString());
                }
            }

            GridWriter.Write(grid, CommonOptions.FormatOf(parse, format), parse.InvocationConfiguration.Output);
            return 0;
        });
        return command;
    }
}
