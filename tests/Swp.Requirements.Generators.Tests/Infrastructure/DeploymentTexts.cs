namespace Swp.Requirements.Generators.Tests.Infrastructure;

/// <summary>Small deployment files the tests start from.</summary>
internal static class DeploymentTexts
{
    /// <summary>A rule that covers every flow: any source, any destination, every port, both IP protocols.</summary>
    public const string CatchAll = """{ "source": "any", "destination": "any", "ports": ["1-65535"], "protocol": "any" }""";

    /// <summary>
    /// A valid file with no diagnostics: the eight flows of the baseline (no conditions), each
    /// covered by a rule, the manager's reached by ID. The agent → manager 443/tcp rule stands on
    /// its own line (<see cref="AgentToManagerRule"/>).
    /// </summary>
    public const string Baseline = """
        {
          "region": "germany",
          "addresses": { "agent": ["10.20.0.0/16"] },
          "allow": [
            { "source": "any", "destination": "dns-server", "ports": [53], "protocol": "udp" },
            { "source": "any", "destination": "ntp-server", "ports": [123], "protocol": "udp" },
            { "source": "administrator-computer", "destination": "server-workload-protection", "ports": [443], "protocol": "tcp" },
            { "source": "agent", "destination": "server-workload-protection", "ports": [443], "protocol": "tcp" },
            { "source": "agent", "destination": "smart-protection-network", "ports": [80, 443], "protocol": "tcp" }
          ]
        }

        """;

    /// <summary>The line of <see cref="Baseline"/> that allows agent → manager 443/tcp.</summary>
    public const string AgentToManagerRule = """
            { "source": "agent", "destination": "server-workload-protection", "ports": [443], "protocol": "tcp" },

        """;

    /// <summary>A file whose rules cover everything, with room for one more rule (the text replaces <c>RULE</c>).</summary>
    public static string WithRule(string rule) => $$"""
        {
          "allow": [
            {{CatchAll}},
            {{rule}}
          ]
        }

        """;
}
