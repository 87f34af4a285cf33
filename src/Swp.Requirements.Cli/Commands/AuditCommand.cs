using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using Swp.Requirements.Diagnostics;
using Swp.Requirements.Coverage;
using Swp.Requirements.Deployments;
using Swp.Requirements.Firewalls.Audit;
using Swp.Requirements.Firewalls.Read;

namespace Swp.Requirements.Cli.Commands;

/// <summary><c>swp-ports audit FILE</c>: does a real firewall export let the deployment's flows through, and more than it should?</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The firewall export (- for standard input): " + FirewallReaders.Exports(", or ") + "." };
        var input = new Option<string?>("--input", "-i")
        {
            Description = "The export's format: " + string.Join(", ", FirewallReaders.Ids) + ". Default: detected from the content.",
            HelpName = string.Join("|", FirewallReaders.Ids),
        };
        CommonOptions.OneOf(input, "format", FirewallReaders.Ids, ReaderOf);
        Option<Component?> forComponent = CommonOptions.Component("--for", "The component the firewall protects (a host firewall on it, or the security group of its machines).");
        forComponent.Required = true;
        var groups = new Option<string[]>("--group") { Description = "AWS: audit only these security group IDs (repeatable); default every group in the file.", HelpName = "ID", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
        Option<IPv4Network[]> vnet = CommonOptions.Ids("--vnet", "Azure: the virtual network's address space (what the VirtualNetwork service tag holds: the VNet and what it is peered or connected to), CIDR (repeatable). Without it, rules that name VirtualNetwork as the remote side are not evaluated, and Internet is the public address space.", "CIDR", IPv4Network.Parse);
        var interfaces = new Option<string[]>("--interface") { Description = "iptables and nftables: a network interface of the host, e.g. eth0 (repeatable). With them, -i/-o and iifname/oifname matches are decided (a flow uses one of these); without, only lo is (no network flow uses it).", HelpName = "NAME", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
        var exposure = new Option<bool>("--exposure") { Description = "Also report what the firewall lets through beyond the deployment: every part of what a rule or default policy lets in (and out, where the host filters outbound) that no required flow needs, exactly (protocol, ports, addresses); a warning (SWP2009) when it is wide (from any address, every port or protocol, a port the manager connects to), else information (SWP2010)." };
        var failOn = new Option<string?>("--fail-on") { Description = "What fails the audit (exit 1): error (a required flow not allowed; the default) or warning (that, or any warning: replies not allowed, rules too wide, with --exposure what is let through beyond the deployment).", HelpName = "error|warning", DefaultValueFactory = _ => "error" };
        CommonOptions.OneOf(failOn, "value", ["error", "warning"]);
        var format = new Option<string?>("--format", "-f") { Description = "The report's format: text (file(line,col): severity ID: message), json (\"passed\" is false when no flow was audited), or sarif (SARIF 2.1.0; an audit that could not run, or audited no flow, is a run with executionSuccessful false that says why).", HelpName = "text|json|sarif", DefaultValueFactory = _ => "text" };
        CommonOptions.OneOf(format, "format", ["text", "json", "sarif"]);
        var deploymentOptions = new DeploymentOptions();
        var command = new Command("audit", """
            Audits a real firewall export against the flows the deployment requires at one component (both directions, as render writes them), reading it as its own tool does: rule order, accept/drop/reject/return, jumps into user chains, default policies, conntrack state, negation, port ranges and multiport; AWS "-1", prefix lists and group references; Azure priorities, Allow/Deny, service tags and default rules. Reports each required flow that is blocked (by which rule, or the default policy), partly allowed (what is not) or uncertain (which rule was not evaluated), rules that open required ports far wider than needed, and everything not evaluated, as file(line,col): severity ID: message. Exit code 0: every required flow allowed (warnings allowed, unless --fail-on warning); 1: a required flow is blocked, partly allowed or uncertain (or, with --fail-on warning, a warning); 2: the file cannot be read or parsed, or its format cannot be detected.

            Examples:
              iptables-save > host.rules && swp-ports audit host.rules --for agent -d prod.swp.json
              iptables-save | swp-ports audit - --for agent --region germany --interface eth0
              nft -j list ruleset > host.json && swp-ports audit host.json --input nftables --for relay --with relays
              swp-ports audit sg.json --input aws --for agent --region germany --with bidirectional --format sarif
              swp-ports audit nsg.json --input azure --for data-center-gateway -d prod.swp.json
              swp-ports audit host.rules --for relay -d prod.swp.json --exposure --fail-on warning
            """)
        {
            file, input, forComponent, groups, vnet, interfaces, exposure, failOn, format,
        };
        deploymentOptions.AddTo(command);
        command.SetAction(parse =>
        {
            TextWriter error = parse.InvocationConfiguration.Error;
            TextWriter output = parse.InvocationConfiguration.Output;
            FileInfo path = parse.GetValue(file)!;
            string name = InputFiles.IsStandardInput(path.ToString()) ? "-" : path.FullName; // '-': standard input
            bool sarif = parse.GetValue(format) == "sarif";

            // An audit that could not run still leaves a SARIF log that says so, never an empty file.
            int Fail(string message)
            {
                error.WriteLine(message);
                if (sarif)
                {
                    WriteSarif(output, name, report: null, failure: message.StartsWith("error: ", StringComparison.Ordinal) ? message["error: ".Length..] : message);
                }

                return SwpPorts.UsageError;
            }

            if (deploymentOptions.Read(parse) is not { } selection || parse.GetValue(forComponent) is not { } component)
            {
                return Fail("error: the deployment could not be read (see the errors above); nothing was audited.");
            }

            if (InputFiles.TryRead(name, out string why) is not { } text)
            {
                return Fail($"error: cannot read '{(InputFiles.IsStandardInput(name) ? "standard input" : name)}': {why}");
            }

            if (text.Trim().Length == 0)
            {
                // An export that could not read the rules (not root) prints nothing: never audit that as "no firewall".
                return Fail($"error: '{(InputFiles.IsStandardInput(name) ? "standard input" : name)}' is empty: nothing to audit (an export prints nothing when it cannot read the rules: run it as root).");
            }

            FirewallFormat firewallFormat;
            if (parse.GetValue(input) is { } id)
            {
                // Validated by OneOf; an ID without a reader is an error, never another reader.
                if (!FirewallReaders.TryGet(id, out FirewallFormat? named))
                {
                    return Fail($"error: {CommonOptions.UnknownValue("format", id, "--input", FirewallReaders.Ids, ReaderOf(id))}");
                }

                firewallFormat = named;
            }
            else if (FirewallFormatDetector.Detect(text) is { } detected)
            {
                firewallFormat = detected;
            }
            else
            {
                return Fail($"error: cannot tell the format of '{name}'; name it with --input ({string.Join(", ", FirewallReaders.Ids)}).");
            }

            string[] only = parse.GetValue(groups) ?? [];
            if (only.Length > 0 && (firewallFormat.Inputs & ReadInputs.SecurityGroups) == 0)
            {
                return Fail($"error: --group selects AWS security groups, but '{name}' is read as {firewallFormat.Id}; leave --group out.");
            }

            IPv4Network[] virtualNetwork = parse.GetValue(vnet) ?? [];
            if (virtualNetwork.Length > 0 && (firewallFormat.Inputs & ReadInputs.VirtualNetwork) == 0)
            {
                return Fail($"error: --vnet names an Azure virtual network, but '{name}' is read as {firewallFormat.Id}; leave --vnet out.");
            }

            string[] hostInterfaces = parse.GetValue(interfaces) ?? [];
            if (hostInterfaces.Length > 0 && (firewallFormat.Inputs & ReadInputs.Interfaces) == 0)
            {
                return Fail($"error: --interface names a host's network interfaces, but '{name}' is read as {firewallFormat.Id}; leave --interface out.");
            }

            ObservedFirewall firewall;
            try
            {
                firewall = firewallFormat.Read(name, text, new ReadOptions
                {
                    GroupIds = only.Length == 0 ? null : only,
                    VirtualNetwork = virtualNetwork.Length == 0 ? null : AddressSpace.Networks(virtualNetwork.Select(n => (n.FirstAddress, n.PrefixLength))),
                    Interfaces = hostInterfaces.Length == 0 ? null : hostInterfaces,
                });
            }
            catch (FirewallReadException e)
            {
                string where = e.JsonPath is null ? "" : $" at {e.JsonPath}";
                return Fail(string.Create(CultureInfo.InvariantCulture, $"{name}({e.Line},{e.Column}): error: cannot read the file as {firewallFormat.Id}{where}: {e.Message}"));
            }

            ResolvedDeployment deployment = selection.Resolve();
            AuditReport report = FirewallAudit.Run(firewall, deployment, (int)component, parse.GetValue(exposure));

            // An audit of no flow has not passed (AuditReport.Passed); the note says why.
            string? nothingAudited = report.Flows.Count == 0
                ? $"the deployment requires no network flow at {component.ToId()}: nothing was audited; {CommonOptions.EnableHint(component)}pick another component."
                : null;
            switch (parse.GetValue(format))
            {
                case "json":
                    WriteJson(output, name, firewallFormat, component, report);
                    break;
                case "sarif":
                    WriteSarif(output, name, report, failure: nothingAudited);
                    break;
                default:
                    foreach (AuditFinding f in report.Findings)
                    {
                        output.WriteLine(Line(name, f));
                    }

                    foreach (AuditedFlow flow in report.Flows)
                    {
                        output.WriteLine($"{Verdict(flow.Verdict),-15} {(flow.Egress ? "egress " : "ingress")} {flow.Description}");
                    }

                    output.WriteLine($"{path.Name} ({firewallFormat.Id}, firewall of {component.ToId()}): {FirewallAudit.Summary(report)}; {report.Findings.Count(f => f.Severity == FindingSeverity.Warning)} warning(s), {report.Findings.Count(f => f.Id == FirewallAudit.NotEvaluatedId)} note(s) on what was not evaluated.");
                    break;
            }

            if (nothingAudited is not null)
            {
                error.WriteLine("note: " + nothingAudited);
            }

            bool warned = parse.GetValue(failOn) == "warning" && report.Findings.Any(f => f.Severity == FindingSeverity.Warning);
            return report.Passed && !warned ? 0 : 1;
        });
        return command;
    }

    /// <summary>
    /// For a render format given to --input, the reader of what that firewall exports
    /// (suggested, never silently used): the dialect's <see cref="Firewalls.FirewallDialect.ReadBackFormat"/>,
    /// e.g. iptables is read from iptables-save, a CloudFormation or Terraform security group from aws's JSON.
    /// </summary>
    internal static string? ReaderOf(string renderFormat) =>
        Firewalls.FirewallRenderers.TryGet(renderFormat, out Firewalls.FirewallRenderer? renderer) ? renderer.Dialect.ReadBackFormat : null;

    private static string Verdict(AuditVerdict verdict) => verdict switch
    {
        AuditVerdict.Allowed => "allowed",
        AuditVerdict.PartlyAllowed => "partly-allowed",
        AuditVerdict.Blocked => "blocked",
        _ => "uncertain",
    };

    private static string Severity(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Error => "error",
        FindingSeverity.Warning => "warning",
        _ => "info",
    };

    private static string Line(string path, AuditFinding f) => string.Create(CultureInfo.InvariantCulture,
        $"{path}({f.Location.Line},{f.Location.Column}): {Severity(f.Severity)} {f.Id}: {f.Message}{(f.Location.JsonPath is null ? "" : $" [{f.Location.JsonPath}]")}");

    private static JsonWriterOptions Options => new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static void WriteJson(TextWriter output, string path, FirewallFormat format, Component component, AuditReport report)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, Options))
        {
            json.WriteStartObject();
            json.WriteString("file", path);
            json.WriteString("input", format.Id);
            json.WriteString("for", component.ToId());
            json.WriteBoolean("passed", report.Passed);
            json.WriteNumber("audited", report.Flows.Count);
            json.WriteStartArray("flows");
            foreach (AuditedFlow flow in report.Flows)
            {
                json.WriteStartObject();
                json.WriteString("flow", flow.Description);
                json.WriteString("direction", flow.Egress ? "egress" : "ingress");
                json.WriteString("verdict", Verdict(flow.Verdict));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("findings");
            foreach (AuditFinding f in report.Findings)
            {
                json.WriteStartObject();
                json.WriteString("id", f.Id);
                json.WriteString("severity", Severity(f.Severity));
                json.WriteNumber("line", f.Location.Line);
                json.WriteNumber("column", f.Location.Column);
                if (f.Location.JsonPath is { } jsonPath)
                {
                    json.WriteString("jsonPath", jsonPath);
                }

                json.WriteString("message", f.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("summary", FirewallAudit.Summary(report));
            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>A SARIF 2.1.0 log of the audit; with <paramref name="failure"/>, a run that did not succeed, saying why.</summary>
    private static void WriteSarif(TextWriter output, string path, AuditReport? report, string? failure)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, Options))
        {
            json.WriteStartObject();
            json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();
            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", "swp-ports");
            json.WriteString("informationUri", "https://github.com/swp-requirements/swp-requirements");
            json.WriteString("version", SwpPorts.VersionText());
            json.WriteStartArray("rules");
            foreach (string id in (report?.Findings ?? []).Select(f => f.Id).Distinct().Order(StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("id", id);
                json.WriteString("helpUri", "https://github.com/swp-requirements/swp-requirements/blob/main/docs/diagnostics.md#" + id.ToLowerInvariant());
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartArray("invocations");
            json.WriteStartObject();
            json.WriteBoolean("executionSuccessful", failure is null);
            if (failure is not null)
            {
                json.WriteStartArray("toolExecutionNotifications");
                json.WriteStartObject();
                json.WriteString("level", "error");
                json.WriteStartObject("message");
                json.WriteString("text", failure);
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartArray("results");
            foreach (AuditFinding f in report?.Findings ?? [])
            {
                json.WriteStartObject();
                json.WriteString("ruleId", f.Id);
                json.WriteString("level", f.Severity == FindingSeverity.Error ? "error" : f.Severity == FindingSeverity.Warning ? "warning" : "note");
                json.WriteStartObject("message");
                json.WriteString("text", f.Message);
                json.WriteEndObject();
                json.WriteStartArray("locations");
                json.WriteStartObject();
                json.WriteStartObject("physicalLocation");
                json.WriteStartObject("artifactLocation");
                // Standard input has no file: SARIF's relative reference "stdin" names it.
                json.WriteString("uri", InputFiles.IsStandardInput(path) ? "stdin" : new Uri(path).AbsoluteUri);
                json.WriteEndObject();
                json.WriteStartObject("region");
                json.WriteNumber("startLine", Math.Max(1, f.Location.Line));
                json.WriteNumber("startColumn", Math.Max(1, f.Location.Column));
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
