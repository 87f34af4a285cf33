using System.CommandLine;
using System.IO;
using Swp.Requirements.Cli.Commands;

namespace Swp.Requirements.Cli;

/// <summary>The <c>swp-ports</c> command line: builds the commands and runs them.</summary>
internal static class SwpPorts
{
    public static RootCommand CreateRootCommand() => new($"""
        swp-ports: the network flows Trend Micro Server & Workload Protection needs, from the vendor's port table "{SpecInfo.SourceTitle}" (spec {SpecInfo.Version}, read {SpecInfo.DateRead}).

        Examples:
          swp-ports rules                                   the baseline: flows every deployment needs
          swp-ports rules --with relays --with siem --format csv
          swp-ports rules --all --format markdown           every flow, with the conditions it needs
          swp-ports regions                                 the manager's source subnet per region
          swp-ports lookup 3.69.198.70                      which region an address belongs to
          swp-ports check prod.swp.json                     check a deployment file's allow rules
        """)
    {
        RulesCommand.Create(),
        RegionsCommand.Create(),
        LookupCommand.Create(),
        CheckCommand.Create(),
    };

    /// <summary>Runs the command line and returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var configuration = new InvocationConfiguration();
        if (output is not null)
        {
            configuration.Output = output;
        }

        if (error is not null)
        {
            configuration.Error = error;
        }

        return CreateRootCommand().Parse(args).Invoke(configuration);
    }
}
