using System;
using System.IO;
using System.Linq;
using static Swp.Requirements.Cli.Tests.Tool;

namespace Swp.Requirements.Cli.Tests;

/// <summary><c>swp-ports check</c>: the build's generator run on files from the command line.</summary>
public sealed class CheckTests : IDisposable
{
    private readonly TempFolder _temp = new("swp-check-");

    public void Dispose() => _temp.Dispose();

    private string Write(string name, string text) => _temp.Write(name, text);

    [Fact]
    public void A_complete_file_passes()
    {
        var (exit, output, _) = Run("check", RepoFile("tests/Swp.Requirements.Tests/Deployments/frankfurt.swp.json"));

        Assert.Equal(0, exit);
        Assert.Contains("frankfurt.swp.json: rules checked: 24 required flow(s) evaluated, 24 allowed; 0 excluded, 0 out of scope, 0 host-only (not checked); 0 error(s).", output, StringComparison.Ordinal);
        Assert.EndsWith("1 file(s) read: 0 error(s), 0 warning(s).", output.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_not_named_swp_json_is_checked_and_never_called_clean()
    {
        string path = Write("prod.json", "{\n  \"region\": \"germny\",\n  \"allow\": []\n}\n");

        var (exit, output, _) = Run("check", path);

        Assert.Equal(1, exit);
        Assert.Contains($"{path}(2,13): error SWP1006: Unknown region 'germny': did you mean 'germany'?", output, StringComparison.Ordinal);
        Assert.Contains("prod.json: rules checked (the build checks only files named *.swp.json)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("0 error(s).", output.Split('\n').Last(l => l.Length > 0), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_rules_says_no_firewall_was_checked()
    {
        string path = Write("plan.swp.json", "{ \"region\": \"uk\", \"conditions\": [\"relays\"] }");

        var (exit, output, _) = Run("check", path);

        Assert.Equal(0, exit);
        Assert.Contains("info SWP1018:", output, StringComparison.Ordinal);
        Assert.Contains("plan.swp.json: no allow rules: it describes a deployment; no firewall was checked", output, StringComparison.Ordinal);
    }

    [Fact]
    public void One_rule_per_subnet_is_clean_and_dropping_one_names_the_subnet_left()
    {
        string both = """
            {
              "addresses": { "agent": ["10.1.0.0/16", "10.2.0.0/16"], "administrator-computer": ["10.9.0.0/24"] },
              "allow": [
                { "source": "10.1.0.0/16", "destination": "any", "ports": [80, 443], "protocol": "tcp" },
                { "source": "10.2.0.0/16", "destination": "any", "ports": [80, 443], "protocol": "tcp" },
                { "source": "any", "destination": "any", "ports": [53, 123], "protocol": "udp" },
                { "source": "administrator-computer", "destination": "server-workload-protection", "ports": [443], "protocol": "tcp" }
              ]
            }
            """;
        string path = Write("subnets.swp.json", both);
        string one = Write("one.swp.json", both.Replace("""
                { "source": "10.2.0.0/16", "destination": "any", "ports": [80, 443], "protocol": "tcp" },

            """, "", StringComparison.Ordinal));

        var (exit, output, _) = Run("check", path);
        var (exitOne, outputOne, _) = Run("check", one);

        Assert.Equal(0, exit);
        Assert.Contains("0 error(s), 0 warning(s).", output, StringComparison.Ordinal);
        Assert.Equal(1, exitOne);
        Assert.Contains("error SWP1019: Required flow agent -> server-workload-protection 443/tcp (https) is only partly allowed: nothing allows it from 10.2.0.0/16 to server-workload-protection (its dynamic addresses)", outputOne, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelled_condition_is_an_error_at_its_line_and_column()
    {
        string path = Write("prod.swp.json", "{\n  \"region\": \"germany\",\n  \"conditions\": [\"siem\", \"relay\"]\n}\n");

        var (exit, output, _) = Run("check", path);

        Assert.Equal(1, exit);
        Assert.Contains($"{path}(3,26): error SWP1006: Unknown condition 'relay': did you mean 'relays'?", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_rule_names_the_flow_and_the_rule_to_add()
    {
        string path = Write("prod.swp.json", """
            {
              "allow": [
                { "source": "any", "destination": "any", "ports": ["1-442", "444-65535"], "protocol": "any" },
                { "source": "any", "destination": "any", "ports": [443], "protocol": "udp" }
              ]
            }
            """);

        var (exit, output, _) = Run("check", path);
        string[] errors = output.Split('\n').Where(l => l.Contains(": error ", StringComparison.Ordinal)).ToArray();

        Assert.Equal(1, exit);
        Assert.Equal(3, errors.Length); // administrator -> manager, agent -> manager, agent -> Smart Protection Network: 443 on TCP
        Assert.All(errors, e => Assert.Contains("error SWP1011", e, StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("agent -> server-workload-protection 443/tcp (https) needs tcp", StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_allow_list_reports_every_baseline_flow()
    {
        string path = Write("empty.swp.json", "{ \"allow\": [] }");

        var (exit, output, _) = Run("check", path);

        Assert.Equal(1, exit);
        Assert.Equal(8, output.Split('\n').Count(l => l.Contains("error SWP1010", StringComparison.Ordinal)));
        Assert.Contains($"{path}(1,3): error SWP1010: Required flow agent -> server-workload-protection 443/tcp (https) is not allowed by any rule; add {{ \"source\": \"agent\", \"destination\": \"server-workload-protection\", \"ports\": [443], \"protocol\": \"tcp\" }}", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Warnings_alone_exit_0()
    {
        string path = Write("open.swp.json", """
            {
              "region": "japan",
              "conditions": ["bidirectional"],
              "allow": [ { "source": "any", "destination": "any", "ports": ["1-65535"], "protocol": "any" } ]
            }
            """);

        var (exit, output, _) = Run("check", path);

        Assert.Equal(0, exit);
        Assert.Contains($"{path}(4,26): warning SWP1012:", output, StringComparison.Ordinal);
        Assert.Contains("35.75.131.96/27", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_cannot_be_read_exits_2()
    {
        var (exit, _, error) = Run("check", Path.Combine(_temp.Path, "missing.swp.json"));

        Assert.Equal(2, exit);
        Assert.Contains("cannot read", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_is_named_as_such_and_the_other_files_are_still_checked()
    {
        string good = RepoFile("tests/Swp.Requirements.Tests/Deployments/frankfurt.swp.json");

        var (exit, output, error) = Run("check", _temp.Path, good);

        Assert.Equal(2, exit);
        Assert.Contains("it is a folder, not a file", error, StringComparison.Ordinal);
        Assert.Contains("1 file(s) read: 0 error(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_is_reported_at_the_fault()
    {
        string path = Write("bad.swp.json", "{\n  \"region\": \"germany\",\n}\n");

        var (exit, output, _) = Run("check", path);

        Assert.Equal(1, exit);
        Assert.Contains($"{path}(3,1): error SWP1001: 'bad.swp.json' is not valid JSON: Trailing commas are not allowed", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Paths_are_printed_as_typed_so_two_files_of_one_name_stay_apart()
    {
        Directory.CreateDirectory(Path.Combine(_temp.Path, "a", "fw"));
        Directory.CreateDirectory(Path.Combine(_temp.Path, "b"));
        Write(Path.Combine("a", "prod.swp.json"), "{\n  \"region\": \"germany\",\n  \"firewalls\": [\n    { \"path\": \"fw/agent.rules\", \"format\": \"iptables-save\", \"for\": \"agent\" }\n  ]\n}\n");
        Write(Path.Combine("a", "fw", "agent.rules"), "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT DROP [0:0]\nCOMMIT\n");
        Write(Path.Combine("b", "prod.swp.json"), "{\n  \"region\": \"germny\",\n  \"allow\": []\n}\n");

        // Relative to the current folder, as a user types them (the test cannot change folder: tests run in parallel).
        string a = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(_temp.Path, "a", "prod.swp.json"));
        string b = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(_temp.Path, "b", "prod.swp.json"));
        var (exit, output, _) = Run("check", a, b);
        string[] lines = output.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(1, exit);
        Assert.DoesNotContain(lines, l => l.StartsWith(_temp.Path, StringComparison.Ordinal));
        Assert.Contains($"{b}(2,13): error SWP1006: Unknown region 'germny': did you mean 'germany'?", lines);
        Assert.Contains(lines, l => l.StartsWith(Path.Combine(Path.GetDirectoryName(a)!, "fw", "agent.rules") + "(", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith(a + ": ", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith(b + ": rules checked: ", StringComparison.Ordinal));
    }
}
