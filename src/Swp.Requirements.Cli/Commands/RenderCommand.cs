using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using Swp.Requirements.Firewalls;

namespace Swp.Requirements.Cli.Commands;

/// <summary><c>swp-ports render</c>: one component's firewall configuration in a dialect the firewall reads.</summary>
internal static class RenderCommand
{
    public static Command Create()
    {
        Option<Component?> forComponent = CommonOptions.Component("--for", "The component whose firewall (host firewall, or the cloud security group of its machines) to render.");
        forComponent.Required = true;
        string[] aliases = [.. FirewallRenderers.All.SelectMany(r => r.Dialect.Aliases.Select(a => $"{a} for {r.Format}"))];
        var format = new Option<string?>("--format", "-f")
        {
            Description = "The dialect: " + string.Join(", ", FirewallRenderers.Formats) + (aliases.Length == 0 ? "" : " (also " + string.Join(", ", aliases) + ")") + ".",
            HelpName = string.Join("|", FirewallRenderers.Formats),
            Required = true,
        };
        CommonOptions.OneOf(format, "format", FirewallRenderers.Formats, aliases: [.. FirewallRenderers.All.SelectMany(r => r.Dialect.Aliases)]);
        var managerAddresses = new Option<string?>("--manager-addresses")
        {
            Description = "Egress to the manager: 'any' destination on its ports (its addresses are dynamic; the default), 'vendor': the subnets the vendor's pages tie to its domain names in the region, or 'vendor-strict': those but another region's manager subnets (Germany's page lists the UK's).",
            HelpName = "any|vendor|vendor-strict",
            DefaultValueFactory = _ => "any",
        };
        CommonOptions.OneOf(managerAddresses, "value", ["any", "vendor", "vendor-strict"]);
        var into = new Option<string?>("--into")
        {
            Description = "nftables only: add the rules as chains of the host's own table (e.g. \"inet filter\"), jumped to from the top of its input and output chains (the output's first lines say how), instead of a table of their own, which changes nothing on a host whose table drops.",
            HelpName = "FAMILY NAME",
        };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write to FILE (replaced whole, never half-written) instead of standard output.", HelpName = "FILE" };
        var deploymentOptions = new DeploymentOptions();
        var command = new Command("render", """
            Renders the firewall configuration of one component for a deployment, in the dialect the firewall reads: egress rules for the flows the component opens, ingress rules for those it accepts (from the manager: from its region's subnets), replies allowed the dialect's way. A component with no addresses in the deployment is any address, said in a comment. What the platform made the render leave out, widen, cut or change is a comment in the output and a warning on standard error. Exit code 0: rendered; 2: a usage error, an unreadable deployment file, or a platform limit the policy does not fit.

            Examples:
              swp-ports render --for agent --format iptables --with relays --region germany
              swp-ports render --for relay --format nftables -d prod.swp.json -o relay.nft
              swp-ports render --for relay --format nftables --into "inet filter" -d prod.swp.json -o relay.nft
              swp-ports render --for agent --format aws-cloudformation -d prod.swp.json
              swp-ports render --for data-center-gateway --format azure -d prod.swp.json
              swp-ports render --for web-proxy --format squid --proxy 3128 --region usa
            """)
        {
            forComponent, format, managerAddresses, into, output,
        };
        deploymentOptions.AddTo(command);
        command.SetAction(parse =>
        {
            TextWriter error = parse.InvocationConfiguration.Error;
            if (deploymentOptions.Read(parse) is not { } selection || parse.GetValue(forComponent) is not { } component
                || !FirewallRenderers.TryGet(parse.GetValue(format), out FirewallRenderer? renderer))
            {
                return SwpPorts.UsageError;
            }

            if (Components.HasDynamicAddresses(component))
            {
                // The vendor runs it (SaaS): there is no host or security group of the user's to render for.
                error.WriteLine($"error: --for {component.ToId()}: it is the vendor's service, not a machine of yours, so it has no firewall to render; render the components that connect to it or that it connects to (e.g. --for agent, --for relay).");
                return SwpPorts.UsageError;
            }

            if (renderer.Dialect.PointsOfView.Count > 0 && !renderer.Dialect.PointsOfView.Contains(component))
            {
                string others = string.Join(", ", renderer.Dialect.PointsOfView.Select(c => c.ToId()));
                error.WriteLine($"error: --for {component.ToId()} --format {renderer.Format}: {renderer.Format} is the configuration of {others} only (what it carries for its clients), not a firewall of {component.ToId()}; render it --for {others}, and {component.ToId()}'s own firewall in a host dialect (iptables, nftables, windows).");
                return SwpPorts.UsageError;
            }

            if (parse.GetValue(into) is { } table)
            {
                if (renderer is not NftablesRenderer)
                {
                    error.WriteLine($"error: --into is for --format nftables only (the table of the host's nftables ruleset to add the rules to), not {renderer.Format}.");
                    return SwpPorts.UsageError;
                }

                try
                {
                    renderer = new NftablesRenderer { IntoTable = table };
                }
                catch (ArgumentException e)
                {
                    error.WriteLine($"error: --into: {e.Message.Split(" (Parameter", 2)[0]}");
                    return SwpPorts.UsageError;
                }
            }

            if (parse.GetValue(managerAddresses) is "vendor" or "vendor-strict" && selection.Deployment.Region is null)
            {
                // The vendor's subnets are per region: without one the option cannot be honoured.
                error.WriteLine($"error: --manager-addresses {parse.GetValue(managerAddresses)}: the vendor's subnets are per region; give --region (or a deployment file with \"region\").");
                return SwpPorts.UsageError;
            }

            var options = new FirewallPolicyOptions
            {
                ExcludedFlows = selection.Excluded,
                ManagerAddresses = parse.GetValue(managerAddresses) switch
                {
                    "vendor-strict" => ManagerAddresses.VendorSubnetsStrict,
                    "vendor" => ManagerAddresses.VendorSubnets,
                    _ => selection.ManagerAtVendorSubnets ? ManagerAddresses.VendorSubnets : ManagerAddresses.Any,
                },
            };
            FirewallPolicy policy = FirewallPolicy.Create(selection.Deployment, component, options);
            if (policy.Rules.Count == 0)
            {
                error.WriteLine($"note: the deployment has no flow from or to {component.ToId()}; {CommonOptions.EnableHint(component)}pick another component.");
            }

            string text;
            IReadOnlyList<RenderWarning> warnings;
            try
            {
                using var rendered = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
                warnings = renderer.Render(policy, rendered);
                text = rendered.ToString();
            }
            catch (FirewallLimitException e)
            {
                error.WriteLine($"error: {e.Message}");
                return SwpPorts.UsageError;
            }

            if (parse.GetValue(output) is { } file)
            {
                // Whole or nothing, and the path stays what it is (OutputFiles).
                if (OutputFiles.TryWrite(file.FullName, text) is { } why)
                {
                    error.WriteLine($"error: cannot write '{file.FullName}': {why}");
                    return SwpPorts.UsageError;
                }
            }
            else
            {
                parse.InvocationConfiguration.Output.Write(text);
            }

            // After the output is written: about what it holds (the same words are comments in it).
            foreach (string warning in policy.Warnings)
            {
                error.WriteLine($"warning: {warning}");
            }

            foreach (RenderWarning warning in warnings)
            {
                error.WriteLine($"warning: {renderer.Format}: {warning}");
            }

            return 0;
        });
        return command;
    }
}
