using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using Swp.Requirements.Cli.Commands;

namespace Swp.Requirements.Cli;

/// <summary>The <c>swp-ports</c> command line: builds the commands and runs them.</summary>
internal static class SwpPorts
{
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand($"""
            swp-ports: the network flows Trend Micro Server & Workload Protection needs, from the vendor's port table "{SpecInfo.SourceTitle}" (spec {SpecInfo.Version}, read {SpecInfo.DateRead}).

            Examples:
              swp-ports rules                                   the baseline: flows every deployment needs
              swp-ports rules --with relays --with siem --format csv
              swp-ports rules --all --format markdown           every flow, with the conditions it needs
              swp-ports rules --for relay -d prod.swp.json      one component's firewall rules, addresses filled in
              swp-ports regions                                 the manager's source subnets per region
              swp-ports domains --region germany                the domain names a region's deployments reach
              swp-ports lookup 3.69.198.70                      which region an address belongs to
              swp-ports check prod.swp.json                     check a deployment file's allow rules
              swp-ports diff 1.0.0 1.1.0                        what changed between spec versions
              swp-ports render --for agent --format nftables -d prod.swp.json
                                                                the agent's host firewall, ready for nft -f
              swp-ports audit host.rules --for agent -d prod.swp.json
                                                                does a real iptables-save let the flows through?
            """)
        {
            RulesCommand.Create(),
            RegionsCommand.Create(),
            DomainsCommand.Create(),
            LookupCommand.Create(),
            CheckCommand.Create(),
            DiffCommand.Create(),
            RenderCommand.Create(),
            AuditCommand.Create(),
        };

        // --version: the tool's version and the spec it carries.
        foreach (Option option in root.Options)
        {
            if (option is VersionOption version)
            {
                version.Action = new VersionAction();
            }
        }

        return root;
    }

    /// <summary>The tool's version (its informational version, without the source hash) and the spec's version and dates.</summary>
    internal static string VersionText()
    {
        string tool = typeof(SwpPorts).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown";
        int plus = tool.IndexOf('+', StringComparison.Ordinal);
        string read = string.Join(", ", SpecInfo.Sources.ToArray().GroupBy(s => s.DateRead).Select(g => $"{g.Count()} source page(s) read {g.Key}"));
        return $"swp-ports {(plus < 0 ? tool : tool[..plus])} (spec {SpecInfo.Version}, {read})";
    }

    /// <summary>System.CommandLine's error for a command that needs a subcommand and has none.</summary>
    private const string RequiredCommandMessage = "Required command was not provided.";

    /// <summary>For an unknown command or option, the closest one that exists: " Did you mean 'rules'?".</summary>
    private static string Suggestion(ParseResult parse, string message)
    {
        const string Prefix = "Unrecognized command or argument '";
        if (!message.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return "";
        }

        string token = message[Prefix.Length..].TrimEnd('.').TrimEnd('\'');
        Command command = parse.CommandResult.Command;
        string[] names = token.StartsWith('-')
            ? [.. command.Options.SelectMany(o => o.Aliases.Prepend(o.Name))]
            : [.. command.Subcommands.Select(c => c.Name)];
        string? closest = Text.IdSuggestion.Closest(token, names);
        return closest is null ? "" : $" Did you mean '{closest}'?";
    }

    private sealed class VersionAction : System.CommandLine.Invocation.SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(VersionText());
            return 0;
        }
    }

    /// <summary>Exit code of a usage error: an unknown command, option or ID, a missing or malformed argument.</summary>
    public const int UsageError = 2;

    /// <summary>
    /// Runs the command line and returns the process exit code: 0 success; 1 a negative answer
    /// (lookup: no region; check: an error in a file); 2 a usage error, unreadable input, or output
    /// that cannot be written.
    /// Usage errors go to standard error only, so a redirected output never holds help text.
    /// </summary>
    public static int Run(string[] args, TextWriter? output = null, TextWriter? error = null, Stream? input = null)
    {
        using IDisposable standardInput = InputFiles.UseStandardInput(input);
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
            // Output that cannot be written (a full disk, a closed pipe) is one line, not a stack trace.
            configuration.EnableDefaultExceptionHandler = false;
            try
            {
                return parse.Invoke(configuration);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                configuration.Error.WriteLine($"error: cannot write to standard output: {e.Message}");
                return UsageError;
            }
            catch (Exception e)
            {
                // A defect: as System.CommandLine's own handler reports it (which is off, above).
                configuration.Error.WriteLine("Unhandled exception: " + e);
                return 1;
            }
        }

        string[] messages = [.. parse.Errors.Select(e => e.Message).Distinct(StringComparer.Ordinal)];
        bool suggested = messages.Any(m => Suggestion(parse, m).Length > 0);
        foreach (string message in messages)
        {
            // "swp-ports rulez": the suggestion says it all; that no command was given is its consequence.
            if (suggested && message == RequiredCommandMessage)
            {
                continue;
            }

            configuration.Error.WriteLine("error: " + message + Suggestion(parse, message));
        }

        configuration.Error.WriteLine($"Run '{string.Join(" ", parse.CommandResult.Command == parse.RootCommandResult.Command ? "swp-ports" : "swp-ports " + parse.CommandResult.Command.Name)} --help' for usage and examples.");
        return UsageError;
    }
}
