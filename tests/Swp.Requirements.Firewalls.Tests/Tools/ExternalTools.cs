using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Swp.Requirements.Firewalls.Tests.Tools;

/// <summary>Which iptables implementation reads the rules.</summary>
public enum IptablesBackend
{
    /// <summary>iptables-nft-restore: the nf_tables kernel API, Debian's default "iptables" since Buster.</summary>
    Nft,

    /// <summary>iptables-legacy-restore: the old x_tables API (ip_tables module).</summary>
    Legacy,
}

/// <summary>Which address family's iptables reads the rules.</summary>
public enum IpFamily
{
    /// <summary>iptables.</summary>
    V4,

    /// <summary>ip6tables.</summary>
    V6,
}

/// <summary>
/// The one place that finds and runs the real program that reads each output format. Every
/// method writes its input to a file in a fresh temporary folder (deleted afterwards), runs the
/// tool with a time limit and no input, and returns what it said (<see cref="ToolResult"/>), or
/// the tool's output when the method's name says it loads or converts.
/// <para>
/// A missing tool fails the test under CI=true (naming the tool and its install command) and
/// skips it elsewhere, so every test that calls this class must be a [SkippableFact] or
/// [SkippableTheory] (Xunit.SkippableFact): a plain [Fact] reports the skip as a failure.
/// </para>
/// <para>
/// iptables, nft and squid run only inside a private network namespace of their own (unshare -rn, or
/// unshare -n as root where user namespaces are off): nothing here can touch the machine's own
/// firewall, and each call starts from an empty ruleset.
/// </para>
/// </summary>
public static class ExternalTools
{
    /// <summary>The time limit of one tool run.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>The script that installs every tool (apt and npm); CI runs it before the tests.</summary>
    public const string InstallScript = ".ci/install-tools";

    /// <summary>True when the environment says CI=true: a missing tool is then a failure, not a skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    // ------------------------------------------------------------------ iptables

    /// <summary>
    /// Checks an iptables-restore file: <c>iptables-nft-restore --test FILE</c>, then (because
    /// --test of the nft backend checks only the syntax, not that a jumped-to or appended-to chain
    /// exists) a real load of the same file into the private, empty namespace.
    /// </summary>
    public static ToolResult IptablesRestoreTest(string rules, IpFamily family = IpFamily.V4, IptablesBackend backend = IptablesBackend.Nft)
    {
        (string restore, _) = Iptables(family, backend);
        return InNetworkNamespace(
            $"{Path.GetFileName(restore)} --test",
            "\"$1\" --test \"$2\" && \"$1\" \"$2\"",
            [restore],
            rules,
            "rules.v" + (family == IpFamily.V4 ? "4" : "6"));
    }

    /// <summary>
    /// Loads an iptables-restore file into a fresh private namespace and returns what
    /// iptables-save prints back there (the kernel's view: note it prints conntrack states in its
    /// own order, RELATED,ESTABLISHED, and adds -m tcp after -p tcp). Fails the test if the load fails.
    /// </summary>
    public static string IptablesLoadAndSave(string rules, IpFamily family = IpFamily.V4, IptablesBackend backend = IptablesBackend.Nft)
    {
        (string restore, string save) = Iptables(family, backend);
        return InNetworkNamespace(
            $"{Path.GetFileName(restore)} + {Path.GetFileName(save)}",
            "\"$1\" \"$3\" && \"$2\"",
            [restore, save],
            rules,
            "rules.v" + (family == IpFamily.V4 ? "4" : "6")).EnsureOk().StdOut;
    }

    /// <summary>
    /// Applies an iptables render the way its header says (<see cref="IptablesRenderer.ApplyCommands"/>,
    /// with iptables, iptables-restore and iptables-save the nf_tables backend's) in a fresh private
    /// namespace, and returns what iptables-save prints back there. Fails the test if a command fails.
    /// </summary>
    public static string IptablesApplyAndSave(string rules)
    {
        (string restore, string save) = Iptables(IpFamily.V4, IptablesBackend.Nft);
        string iptables = Require("iptables-nft", "iptables");
        string apply = string.Join("\n", IptablesRenderer.ApplyCommands.Select(c => c.Replace("FILE", "\"$F\"", StringComparison.Ordinal)));
        return InNetworkNamespace(
            "IptablesRenderer.ApplyCommands + iptables-save",
            "set -e; d=$(mktemp -d); ln -s \"$1\" \"$d/iptables\"; ln -s \"$2\" \"$d/iptables-restore\"; ln -s \"$3\" \"$d/iptables-save\"; PATH=\"$d:$PATH\"; F=\"$4\"\n"
                + apply + "\niptables-save; rm -r \"$d\"",
            [iptables, restore, save],
            rules,
            "swp.rules").EnsureOk().StdOut;
    }

    private static (string Restore, string Save) Iptables(IpFamily family, IptablesBackend backend)
    {
        string name = (family == IpFamily.V4 ? "iptables-" : "ip6tables-") + (backend == IptablesBackend.Nft ? "nft" : "legacy");
        return (Require(name + "-restore", "iptables"), Require(name + "-save", "iptables"));
    }

    // ------------------------------------------------------------------ nftables

    /// <summary>Checks an nft file: <c>nft -c -f FILE</c> (the kernel validates the batch, nothing is committed).</summary>
    public static ToolResult NftCheck(string ruleset) =>
        InNetworkNamespace("nft -c -f", "\"$1\" -c -f \"$2\"", [Require("nft", "nftables")], ruleset, "ruleset.nft");

    /// <summary>
    /// Loads an nft file into a fresh private namespace (<c>nft -f FILE</c>) and returns
    /// <c>nft -j list ruleset</c> there: the kernel's ruleset as JSON. Fails the test if the load fails.
    /// </summary>
    public static string NftLoadAndListJson(string ruleset) =>
        InNetworkNamespace("nft -f + nft -j list ruleset", "\"$1\" -f \"$2\" && \"$1\" -j list ruleset", [Require("nft", "nftables")], ruleset, "ruleset.nft")
            .EnsureOk().StdOut;

    // ------------------------------------------------------------------ squid

    private static readonly Regex SquidComplaint = new(@"\b(FATAL|ERROR|WARNING|Bungled)\b|unrecognized:", RegexOptions.CultureInvariant);

    /// <summary>
    /// Checks a squid.conf: <c>squid -k parse -f FILE</c>, inside a private network namespace of
    /// its own with only its loopback up (as every firewall tool here: never in the machine's own
    /// namespace; without loopback squid warns that IPv6 loopback does not work). It starts no
    /// daemon and needs no cache or log folder. squid exits 1 on a FATAL line ("Bungled ... line N") and on an unknown
    /// directive (which prints only "unrecognized: 'x'", no FATAL), but exits 0 on WARNING lines
    /// (an ACL that lists a domain and its subdomain: squid drops one), so every FATAL, ERROR,
    /// WARNING and "unrecognized:" line is a diagnostic here as well as the exit code.
    /// </summary>
    public static ToolResult SquidParse(string config)
    {
        string squid = Require("squid", "squid");
        return WithTempFile(config, "squid.conf", file =>
        {
            ProcessOutput run = RunInNetworkNamespace(squid, ["-k", "parse", "-f", file], Timeout, loopbackUp: true);
            var diagnostics = Lines(run.StdOut + "\n" + run.StdErr).Where(l => SquidComplaint.IsMatch(l)).ToList();
            return Result("squid -k parse", run, diagnostics, config);
        });
    }

    // ------------------------------------------------------------------ CloudFormation

    private static readonly Regex CfnCount = new(@"^(\d+) (infos|warn|crit)$", RegexOptions.CultureInvariant);
    private static readonly Regex Ansi = new(@"\x1B\[[0-9;]*m", RegexOptions.CultureInvariant);

    /// <summary>
    /// Checks a CloudFormation template: it must be strict JSON (System.Text.Json; cfn-lint would
    /// also take YAML) and pass <c>cfn-lint validate --verbose FILE</c> (npm cfn-lint) with 0 crit,
    /// 0 warn and 0 infos. That cfn-lint carries the CloudFormation resource specification 2.29.0
    /// (March 2019): resource types and properties added since (AWS::EC2::PrefixList, ...) are
    /// reported as invalid by it.
    /// </summary>
    public static ToolResult CfnLint(string templateJson)
    {
        string node = Require("node", "nodejs");
        string cli = RequireNodePackageFile("cfn-lint", Path.Combine("cfn-lint", "lib", "index.js"));
        var diagnostics = new List<string>();
        try
        {
            using JsonDocument _ = JsonDocument.Parse(templateJson);
        }
        catch (JsonException e)
        {
            diagnostics.Add("not JSON: " + e.Message);
        }
        return WithTempFile(templateJson, "template.json", file =>
        {
            ProcessOutput run = ProcessRunner.Run(node, [cli, "validate", "--verbose", file], Timeout,
                new Dictionary<string, string> { ["FORCE_COLOR"] = "0", ["NO_COLOR"] = "1" });
            run = run with { StdOut = Ansi.Replace(run.StdOut, ""), StdErr = Ansi.Replace(run.StdErr, "") };
            foreach (string line in Lines(run.StdOut + "\n" + run.StdErr))
            {
                Match count = CfnCount.Match(line);
                if ((count.Success && count.Groups[1].Value != "0") || line.StartsWith("Message:", StringComparison.Ordinal)
                    || line.StartsWith("Unable to parse", StringComparison.Ordinal) || line.StartsWith("Error:", StringComparison.Ordinal))
                {
                    diagnostics.Add(line);
                }
            }
            return Result("cfn-lint validate", run, diagnostics, templateJson);
        });
    }

    // ------------------------------------------------------------------ Terraform HCL

    /// <summary>
    /// Parses Terraform HCL with @cdktf/hcl2json (HashiCorp's hcl/v2 parser compiled to
    /// WebAssembly), through Tools/hcl2json.mjs; stdout is the JSON. Syntax only: it knows no
    /// provider schema, so an unknown argument of aws_security_group passes.
    /// </summary>
    public static ToolResult Hcl2JsonParse(string hcl)
    {
        string node = Require("node", "nodejs");
        RequireNodePackageFile("@cdktf/hcl2json", Path.Combine("@cdktf", "hcl2json", "lib", "index.js"));
        string script = Path.Combine(AppContext.BaseDirectory, "Tools", "hcl2json.mjs");
        return WithTempFile(hcl, "main.tf", file =>
        {
            ProcessOutput run = ProcessRunner.Run(node, [script, file], Timeout,
                new Dictionary<string, string> { ["SWP_NODE_PREFIX"] = NodePrefix() });
            return Result("hcl2json", run, run.ExitCode == 0 ? [] : Lines(run.StdErr).ToList(), hcl);
        });
    }

    /// <summary>The JSON that hcl2json makes of <paramref name="hcl"/>; fails the test if it does not parse.</summary>
    public static string Hcl2Json(string hcl) => Hcl2JsonParse(hcl).EnsureOk().StdOut;

    // ------------------------------------------------------------------ Bicep / ARM

    private static readonly Regex BicepDiagnostic = new(@"\(\d+,\d+\) : (Error|Warning|Info) ", RegexOptions.CultureInvariant);

    /// <summary>
    /// Compiles Bicep: <c>bicep build FILE --stdout</c>; stdout is the ARM JSON. bicep exits 0 on
    /// warnings (a misspelt property is BCP089, a Warning), so every line on stderr is a
    /// diagnostic. Azure's enums are open strings to bicep: direction 'Inbund' passes.
    /// </summary>
    public static ToolResult BicepBuild(string bicep) => RunBicep("bicep build", bicep, "main.bicep", file => ["build", file, "--stdout"], decompile: false);

    /// <summary>Lints Bicep: <c>bicep lint FILE</c>; any diagnostic fails.</summary>
    public static ToolResult BicepLint(string bicep) => RunBicep("bicep lint", bicep, "main.bicep", file => ["lint", file], decompile: false);

    /// <summary>
    /// Checks an ARM JSON template by decompiling it: <c>bicep decompile FILE --stdout</c> type-checks
    /// the resulting Bicep, so a misspelt or missing property is a diagnostic. Its two "WARNING:
    /// Decompilation is a best-effort process" banners are not.
    /// </summary>
    public static ToolResult BicepDecompileArm(string armJson) => RunBicep("bicep decompile", armJson, "template.json", file => ["decompile", file, "--stdout"], decompile: true);

    /// <summary>
    /// Compiles many Bicep files in one bicep process (<c>bicep build --pattern *.bicep --outdir</c>):
    /// bicep starts in about 2 s, so a property test over many generated files should batch. Keys are
    /// file names without folder ("nsg-1.bicep"); each result holds that file's diagnostics and, as
    /// StdOut, its ARM JSON. ExitCode is the batch's (non-zero when any file has an error).
    /// </summary>
    public static IReadOnlyDictionary<string, ToolResult> BicepBuildAll(IReadOnlyDictionary<string, string> files) =>
        RunBicepAll("bicep build --pattern", files, output => ["build", "--pattern", "*.bicep", "--outdir", output], readArm: true);

    /// <summary>
    /// Lints many Bicep files in one bicep process (<c>bicep lint --pattern *.bicep</c>), as
    /// <see cref="BicepBuildAll"/> builds them: each result holds that file's diagnostics (any fails it).
    /// </summary>
    public static IReadOnlyDictionary<string, ToolResult> BicepLintAll(IReadOnlyDictionary<string, string> files) =>
        RunBicepAll("bicep lint --pattern", files, _ => ["lint", "--pattern", "*.bicep"], readArm: false);

    private static Dictionary<string, ToolResult> RunBicepAll(string tool, IReadOnlyDictionary<string, string> files, Func<string, string[]> arguments, bool readArm)
    {
        ArgumentNullException.ThrowIfNull(files);
        string bicep = BicepPath();
        DirectoryInfo directory = Directory.CreateTempSubdirectory("swp-tools-");
        try
        {
            foreach ((string name, string content) in files)
            {
                if (!name.EndsWith(".bicep", StringComparison.Ordinal) || name != Path.GetFileName(name))
                {
                    throw new ArgumentException($"'{name}' is not a plain file name ending in .bicep", nameof(files));
                }
                File.WriteAllText(Path.Combine(directory.FullName, name), content);
            }
            string output = Path.Combine(directory.FullName, "arm");
            ProcessOutput run = ProcessRunner.Run(bicep, arguments(output), Timeout, BicepEnvironment, directory.FullName);
            string[] lines = [.. Lines(run.StdErr)];
            var results = new Dictionary<string, ToolResult>(StringComparer.Ordinal);
            foreach ((string name, string content) in files)
            {
                string path = Path.Combine(directory.FullName, name);
                var diagnostics = lines.Where(l => l.StartsWith(path + "(", StringComparison.Ordinal)).ToList();
                string armFile = Path.Combine(output, Path.ChangeExtension(name, ".json"));
                string arm = readArm && File.Exists(armFile) ? File.ReadAllText(armFile) : "";
                if (readArm && arm.Length == 0 && diagnostics.Count == 0)
                {
                    diagnostics.Add("bicep wrote no ARM JSON for this file");
                }
                results[name] = new ToolResult(tool, run.CommandLine + " # " + name, run.ExitCode, arm, run.StdErr, run.TimedOut, diagnostics, content);
            }
            var unclaimed = lines.Where(l => !files.Keys.Any(n => l.StartsWith(Path.Combine(directory.FullName, n) + "(", StringComparison.Ordinal))).ToList();
            if (unclaimed.Count > 0 || run.TimedOut)
            {
                Assert.Fail($"{tool} printed what belongs to no file:\n{string.Join('\n', unclaimed)}\n{run.StdOut}");
            }
            return results;
        }
        finally
        {
            try
            {
                directory.Delete(recursive: true);
            }
            catch (IOException)
            {
                // a leftover temporary folder is not a test failure
            }
        }
    }

    private static ToolResult RunBicep(string tool, string input, string fileName, Func<string, string[]> arguments, bool decompile)
    {
        string bicep = BicepPath();
        return WithTempFile(input, fileName, file =>
        {
            ProcessOutput run = ProcessRunner.Run(bicep, arguments(file), Timeout, BicepEnvironment);
            var diagnostics = decompile
                ? Lines(run.StdErr).Where(l => BicepDiagnostic.IsMatch(l) || l.StartsWith("Error", StringComparison.OrdinalIgnoreCase)).ToList()
                : Lines(run.StdErr).ToList();
            return Result(tool, run, diagnostics, input);
        });
    }

    private static readonly Dictionary<string, string> BicepEnvironment = new()
    {
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    /// <summary>
    /// The bicep binary of the NuGet package Azure.Bicep.CommandLine.linux-x64 (tools/bicep, path
    /// baked in at build time from $(PkgAzure_Bicep_CommandLine_linux-x64)); SWP_BICEP overrides it.
    /// </summary>
    public static string BicepPath()
    {
        string? path = Environment.GetEnvironmentVariable("SWP_BICEP");
        if (string.IsNullOrEmpty(path))
        {
            path = typeof(ExternalTools).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "BicepPath")?.Value;
        }
        const string Restore = "dotnet restore tests/Swp.Requirements.Firewalls.Tests (package Azure.Bicep.CommandLine.linux-x64; linux-x64 only)";
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            throw Missing("bicep", $"{Restore}; this machine is {RuntimeInformation.RuntimeIdentifier}");
        }
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw Missing($"bicep (looked for {path ?? "no path"})", Restore);
        }
        UnixFileMode mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
        return path;
    }

    // ------------------------------------------------------------------ PowerShell

    /// <summary>
    /// Parses a PowerShell script in-process (System.Management.Automation.Language.Parser, from
    /// Microsoft.PowerShell.SDK) and checks each New-NetFirewallRule command's parameter names and
    /// values against the documented list (<see cref="NetFirewallRuleParameters"/>). Never skipped:
    /// the parser is a package of this project.
    /// </summary>
    public static PowerShellScriptCheck PowerShellParse(string script) => PowerShellScriptCheck.Parse(script);

    // ------------------------------------------------------------------ finding tools

    private static readonly string[] SystemDirectories = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    /// <summary>The full path of an executable on PATH or in the sbin folders, or null.</summary>
    public static string? Find(string name)
    {
        IEnumerable<string> directories = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(SystemDirectories);
        foreach (string directory in directories)
        {
            string candidate = Path.Combine(directory, name);
            if (File.Exists(candidate) && (OperatingSystem.IsWindows()
                || (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0))
            {
                return candidate;
            }
        }
        return null;
    }

    private static string Require(string executable, string debianPackage) =>
        Find(executable) ?? throw Missing(executable, $"sudo {InstallScript} (or: apt-get install -y {debianPackage})");

    /// <summary>The npm prefix the tools were installed into: $SWP_NODE_PREFIX, else &lt;repo&gt;/artifacts/tools/node.</summary>
    public static string NodePrefix()
    {
        string? prefix = Environment.GetEnvironmentVariable("SWP_NODE_PREFIX");
        if (!string.IsNullOrEmpty(prefix))
        {
            return prefix;
        }
        string? root = RepositoryRoot();
        return root is null ? Path.Combine("artifacts", "tools", "node") : Path.Combine(root, "artifacts", "tools", "node");
    }

    private static string RequireNodePackageFile(string package, string relativePath)
    {
        string path = Path.Combine(NodePrefix(), "node_modules", relativePath);
        return File.Exists(path)
            ? path
            : throw Missing($"npm package {package} (no {path})", $"{InstallScript} (npm install --no-save --prefix artifacts/tools/node with the versions pinned there)");
    }

    /// <summary>The folder holding Swp.Requirements.sln above the test assembly, or null.</summary>
    public static string? RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Swp.Requirements.sln")))
            {
                return directory.FullName;
            }
        }
        return null;
    }

    /// <summary>Under CI=true a failure naming the tool and its install command; elsewhere a skip.</summary>
    public static Exception Missing(string tool, string install)
    {
        string message = $"{tool} is not available. Install it with: {install}";
        return IsCi ? new ToolMissingException(message + " (CI=true: a missing tool fails the test)") : new SkipException(message);
    }

    // ------------------------------------------------------------------ network namespaces

    private static readonly Lazy<(string[]? Prefix, string Why)> Namespace = new(ProbeNamespace);

    /// <summary>
    /// The command that opens a private network namespace: unshare -rn (a new user namespace
    /// mapping us to root, so no root is needed), or unshare -n when that is refused and we are root.
    /// </summary>
    private static (string[]? Prefix, string Why) ProbeNamespace()
    {
        string? unshare = Find("unshare");
        string? sh = Find("sh");
        if (unshare is null || sh is null)
        {
            return (null, "unshare (util-linux) or sh is not installed");
        }
        ProcessOutput user = ProcessRunner.Run(unshare, ["-rn", sh, "-c", "exit 0"], TimeSpan.FromSeconds(30));
        if (user.ExitCode == 0)
        {
            return ([unshare, "-rn", sh, "-c"], "");
        }
        ProcessOutput root = ProcessRunner.Run(unshare, ["-n", sh, "-c", "exit 0"], TimeSpan.FromSeconds(30));
        if (root.ExitCode == 0)
        {
            return ([unshare, "-n", sh, "-c"], "");
        }
        return (null, $"neither 'unshare -rn' ({user.StdErr.Trim()}) nor 'unshare -n' ({root.StdErr.Trim()}) can make a private network namespace");
    }

    /// <summary>
    /// Runs <paramref name="script"/> with sh inside a new private network namespace, as
    /// sh -c SCRIPT sh TOOL... FILE: the tools' paths are $1.., the input file comes last.
    /// </summary>
    private static ToolResult InNetworkNamespace(string tool, string script, string[] tools, string input, string fileName)
    {
        (string[]? prefix, string why) = Namespace.Value;
        if (prefix is null)
        {
            throw Missing("a private network namespace", $"a kernel and container that allow unshare -rn (or run as root): {why}");
        }
        return WithTempFile(input, fileName, file =>
        {
            string[] arguments = [.. prefix.Skip(1), script, "sh", .. tools, file];
            ProcessOutput run = ProcessRunner.Run(prefix[0], arguments, Timeout);
            // These tools print nothing on stderr when they succeed; anything there is a complaint.
            return Result(tool, run, run.ExitCode == 0 ? Lines(run.StdErr).ToList() : [], input);
        });
    }

    /// <summary>
    /// Runs one program with arguments inside a new private network namespace of its own (the
    /// same unshare -rn, or -n as root, as every iptables and nft call here), with a time limit:
    /// for a prober that loads rules and sends packets there, and nowhere else. A missing
    /// namespace fails the test under CI=true and skips it elsewhere, like a missing tool.
    /// </summary>
    /// <param name="program">The program.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="timeout">The time limit.</param>
    /// <param name="loopbackUp">Bring the namespace's loopback up first (with iproute2's ip).</param>
    internal static ProcessOutput RunInNetworkNamespace(string program, IReadOnlyList<string> arguments, TimeSpan timeout, bool loopbackUp = false)
    {
        (string[]? prefix, string why) = Namespace.Value;
        if (prefix is null)
        {
            throw Missing("a private network namespace", $"a kernel and container that allow unshare -rn (or run as root): {why}");
        }

        // prefix is unshare -rn|-n sh -c: sh runs "$@", the program and its arguments.
        string script = loopbackUp ? "\"$IP\" link set lo up && exec \"$0\" \"$@\"" : "exec \"$0\" \"$@\"";
        IReadOnlyDictionary<string, string>? environment = loopbackUp ? new Dictionary<string, string> { ["IP"] = Ip() } : null;
        return ProcessRunner.Run(prefix[0], [.. prefix.Skip(1), script, program, .. arguments], timeout, environment);
    }

    /// <summary>The python3 of Debian (/usr/bin/python3, standard library only), for scripts the tests run.</summary>
    public static string Python3() => Require("python3", "python3");

    /// <summary>The iproute2 ip command (addresses inside a private namespace).</summary>
    public static string Ip() => Require("ip", "iproute2");

    /// <summary>iptables-nft-restore, nft: the loaders of the kernel oracle, or the failure/skip of a missing one.</summary>
    public static void RequireFirewallTools()
    {
        Iptables(IpFamily.V4, IptablesBackend.Nft);
        Require("nft", "nftables");
    }

    // ------------------------------------------------------------------ helpers

    private static ToolResult WithTempFile(string content, string fileName, Func<string, ToolResult> run)
    {
        ArgumentNullException.ThrowIfNull(content);
        DirectoryInfo directory = Directory.CreateTempSubdirectory("swp-tools-");
        try
        {
            string file = Path.Combine(directory.FullName, fileName);
            File.WriteAllText(file, content);
            return run(file);
        }
        finally
        {
            try
            {
                directory.Delete(recursive: true);
            }
            catch (IOException)
            {
                // a leftover temporary folder is not a test failure
            }
        }
    }

    private static ToolResult Result(string tool, ProcessOutput run, IReadOnlyList<string> diagnostics, string input) =>
        new(tool, run.CommandLine, run.ExitCode, run.StdOut, run.StdErr, run.TimedOut, diagnostics, input);

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0);
}
