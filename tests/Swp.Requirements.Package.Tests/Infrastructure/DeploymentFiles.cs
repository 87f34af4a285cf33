namespace Swp.Requirements.Package.Tests.Infrastructure;

/// <summary>Deployment files (*.swp.json, issue 3) for the consumer and tool tests.</summary>
internal static class DeploymentFiles
{
    /// <summary>Agents in 10.20.0.0/16 with a SIEM, in Germany; a rule for every flow that needs, and no more.</summary>
    public const string Good =
        """
        {
          "region": "germany",
          "conditions": ["siem"],
          "addresses": {
            "agent": ["10.20.0.0/16"],
            "siem-syslog-server": ["10.30.0.5/32"],
            "dns-server": ["10.0.0.2/32"]
          },
          "allow": [
            { "source": "administrator-computer", "destination": "server-workload-protection", "ports": [443], "protocol": "tcp" },
            { "source": "administrator-computer", "destination": "dns-server", "ports": [53], "protocol": "udp" },
            { "source": "administrator-computer", "destination": "ntp-server", "ports": [123], "protocol": "udp" },
            { "source": "agent", "destination": "server-workload-protection", "ports": [443], "protocol": "tcp" },
            { "source": "agent", "destination": "smart-protection-network", "ports": [80, 443], "protocol": "tcp" },
            { "source": "agent", "destination": "dns-server", "ports": [53], "protocol": "udp" },
            { "source": "agent", "destination": "ntp-server", "ports": [123], "protocol": "udp" },
            { "source": "agent", "destination": "siem-syslog-server", "ports": [514], "protocol": "udp" },
            { "source": "server-workload-protection", "destination": "siem-syslog-server", "ports": [514], "protocol": "udp" },
            { "source": "server-workload-protection", "destination": "siem-syslog-server", "ports": [6514], "protocol": "tcp" }
          ]
        }

        """;

    public const string AgentToManagerRule =
        """
            { "source": "agent", "destination": "server-workload-protection", "ports": [443], "protocol": "tcp" },

        """;

    /// <summary><see cref="Good"/> without the agent → manager 443/TCP rule: one SWP1010.</summary>
    public static string WithoutAgentToManagerRule => Good.Replace(AgentToManagerRule, string.Empty, System.StringComparison.Ordinal);
}
