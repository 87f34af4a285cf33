using System;
using System.CommandLine;
using System.IO;
using System.Linq;
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

    /// <summary>Exit code of a usage error: an unknown command, option or ID, a missing or malformed argument.</summary>
    public const int UsageError = 2;

    /// <summary>
    /// Runs the command line and returns the process exit code: 0 success; 1 a negative answer
    /// (lookup: no region; check: an error in a file); 2 a usage error or unreadable input.
    /// Usage errors go to standard error only, so a redirected output never holds help text.
    /// </summary>
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

        ParseResult parse = CreateRootCommand().Parse(args);
        if (parse.Errors.Count == 0)
        {
            return parse.Invoke(configuration);
        }

        foreach (string message in parse.Errors.Select(e => e.Message).Distinct(StringComparer.Ordinal))
        {
            configuration.Error.WriteLine("error: " + message);
        }

        configuration.Error.WriteLine($"Run '{string.Join(" ", parse.CommandResult.Command == parse.RootCommandResult.Command ? "swp-ports" : "swp-ports " + parse.CommandResult.Command.Name)} --help' for usage and examples.");
        return UsageError;
    }
}
