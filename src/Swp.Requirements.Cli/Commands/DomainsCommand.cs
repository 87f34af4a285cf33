using System.CommandLine;
using System.Linq;
using Swp.Requirements.Cli.Output;

namespace Swp.Requirements.Cli.Commands;

/// <summary><c>swp-ports domains</c>: the domain names deployments must reach, from the vendor's firewall exception pages.</summary>
internal static class DomainsCommand
{
    public static Command Create()
    {
        var region = new Option<Region?>("--region")
        {
            Description = "Only the names a region's deployments reach: every all-region name, then the region's own. One of: " + string.Join(", ", SwpIds.RegionIds.ToArray()) + ".",
            HelpName = "REGION",
            CustomParser = result => CommonOptions.ParseAll(result, SwpIds.ParseRegion).Cast<Region?>().LastOrDefault(),
        };
        Option<string?> format = CommonOptions.Format();
        var command = new Command("domains", """
            The domain names (FQDNs) deployments must reach, for web-proxy allow lists and DNS-based firewall rules: one row per (name, region), region 'all' for names every region needs, and the CIDRs a vendor page ties the name to (space-separated; empty when the pages give none).

            Examples:
              swp-ports domains
              swp-ports domains --region germany
              swp-ports domains --region usa --format csv
            """)
        {
            region, format,
        };
        command.SetAction(parse =>
        {
            var grid = new Grid(new Column("domain"), new Column("region"), new Column("cidrs"), new Column("component"), new Column("note"));
            Region? only = parse.GetValue(region);
            foreach (DomainName domain in only is { } r ? Domains.For(r) : Domains.All)
            {
                string component = domain.Component is { } c ? c.ToId() : "";
                string cidrs = string.Join(" ", domain.Cidrs.ToArray());
                if (domain.IsForAllRegions)
                {
                    grid.Add(domain.Name, "all", cidrs, component, domain.Note ?? "");
                    continue;
                }

                foreach (Region named in domain.Regions)
                {
                    if (only is null || only == named)
                    {
                        grid.Add(domain.Name, named.ToId(), cidrs, component, domain.Note ?? "");
                    }
                }
            }

            GridWriter.Write(grid, CommonOptions.FormatOf(parse, format), parse.InvocationConfiguration.Output);
            return 0;
        });
        return command;
    }
}
