using System;

namespace Swp.Requirements.Cli.Tests;

/// <summary><c>audit --exposure</c>: the extra parts are findings in text and JSON; warnings do not fail the audit.</summary>
public sealed class ExposureOptionTests : IDisposable
{
    private const string Rules = """
        *filter
        :INPUT DROP [0:0]
        :FORWARD DROP [0:0]
        :OUTPUT ACCEPT [0:0]
        -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
        -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
        -A INPUT -s 3.69.198.64/27 -p tcp -m tcp --dport 4118 -j ACCEPT
        -A INPUT -s 18.96.34.160/27 -p tcp -m tcp --dport 4118 -j ACCEPT
        COMMIT

        """;

    private readonly TempFolder _temp = new("swp-exposure-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Ssh_from_anywhere_on_an_agent_is_a_warning_and_the_audit_still_passes()
    {
        string file = _temp.Write("agent.rules", Rules);

        (int exit, string output, string error) = Tool.Run("audit", file, "--for", "agent", "--region", "germany", "--with", "bidirectional", "--exposure");

        Assert.True(exit == 0, error);
        Assert.Contains("agent.rules(6,1): warning SWP2009: The rule -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT lets in new connections beyond what the deployment needs: it allows tcp port 22 from any address; the deployment needs none of it", output, StringComparison.Ordinal);
        Assert.DoesNotContain("SWP2009", Tool.Run("audit", file, "--for", "agent", "--region", "germany", "--with", "bidirectional").Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_json_report_carries_the_exposure_findings()
    {
        string file = _temp.Write("agent.rules", Rules);

        (int exit, string output, _) = Tool.Run("audit", file, "--for", "agent", "--region", "germany", "--with", "bidirectional", "--exposure", "--format", "json");

        Assert.Equal(0, exit);
        Assert.Contains("\"SWP2009\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Fail_on_warning_makes_the_exposure_warning_fail_the_audit()
    {
        string file = _temp.Write("agent.rules", Rules);

        Assert.Equal(1, Tool.Run("audit", file, "--for", "agent", "--region", "germany", "--with", "bidirectional", "--exposure", "--fail-on", "warning").Exit);
        Assert.Equal(0, Tool.Run("audit", file, "--for", "agent", "--region", "germany", "--with", "bidirectional", "--fail-on", "warning").Exit);
        Assert.Equal(0, Tool.Run("audit", file, "--for", "agent", "--region", "germany", "--with", "bidirectional", "--exposure", "--fail-on", "error").Exit);
    }
}
