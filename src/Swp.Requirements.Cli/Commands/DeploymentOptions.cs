using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Swp.Requirements.Deployments;
using Swp.Requirements.Diagnostics;
using Swp.Requirements.Specs;

namespace Swp.Requirements.Cli.Commands;

/// <summary>One <c>--address</c>: a component's networks, or (for the manager) <c>vendor</c>.</summary>
internal sealed record AddressSetting(Component Component, IPv4Network[] Networks, bool Vendor);

/// <summary>
/// The options that describe a deployment, shared by <c>rules</c>, <c>render</c> and <c>audit</c>:
/// a deployment file (<c>--deployment</c>, read by the build's own parser and checker), or
/// conditions, region, changed ports and addresses given one by one.
/// </summary>
internal sealed class DeploymentOptions
{
    public Option<FileInfo?> File { get; } = new("--deployment", "-d")
    {
        Description = "A deployment file (*.swp.json): region, conditions, changed ports, addresses, scope and exclusions, read as the build reads it. Its \"firewalls\" are not read (swp-ports check audits them). Other deployment options add to it.",
        HelpName = "FILE",
    };

    public Option<Conditions[]> With { get; } = CommonOptions.Ids("--with", "Enable a condition (repeat, or separate with commas): " + string.Join(", ", SwpIds.ConditionIds.ToArray()) + ".", "CONDITION", SwpIds.ParseCondition);

    public Option<Region?> Region { get; } = new("--region")
    {
        Description = "The account's region (the manager's source subnets). One of: " + string.Join(", ", SwpIds.RegionIds.ToArray()) + ".",
        HelpName = "REGION",
        CustomParser = result => CommonOptions.ParseAll(result, SwpIds.ParseRegion).Cast<Region?>().LastOrDefault(),
    };

    public Option<PortSetting[]> Port { get; } = CommonOptions.Ids("--port", "A changed default port: a named port NAME=PORT (" + string.Join(", ", SwpIds.NamedPortIds.ToArray()) + "), e.g. proxy=3128, or DESTINATION:DEFAULT=PORT for flows from every source, e.g. vcenter:443=8443 (repeatable).", "NAME=PORT|DESTINATION:DEFAULT=PORT", PortSetting.Parse);

    public Option<int?> Proxy { get; } = new("--proxy")
    {
        Description = "Shorthand for --port proxy=PORT: the deployment has a web proxy listening on PORT (what that means is the spec's named port 'proxy').",
        HelpName = "PORT",
        CustomParser = result => CommonOptions.ParseAll(result, text => (int?)PortSetting.ParsePort(text)).LastOrDefault(),
    };

    public Option<AddressSetting[]> Address { get; } = CommonOptions.Ids("--address", "Where a component is: COMPONENT=CIDR[+CIDR...], e.g. agent=10.1.0.0/16+10.2.0.0/16 (repeatable; adds to a deployment file's and earlier options' addresses; COMPONENT= clears them); server-workload-protection=vendor: the subnets the vendor's pages tie to the region's domain names (as a destination).", "COMPONENT=CIDR", ParseAddress);

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(File);
        command.Options.Add(With);
        command.Options.Add(Region);
        command.Options.Add(Port);
        command.Options.Add(Proxy);
        command.Options.Add(Address);
    }

    /// <summary>The deployment the options describe; null after writing why not (the file cannot be read or has errors).</summary>
    public DeploymentSelection? Read(ParseResult parse, Conditions extra = Conditions.None)
    {
        Deployment deployment = new(extra);
        Component[] scope = [];
        ExcludedFlow[] excluded = [];
        bool managerAtVendor = false;
        if (parse.GetValue(File) is { } file)
        {
            if (Load(file, parse.InvocationConfiguration.Error) is not { } loaded)
            {
                return null;
            }

            (deployment, scope, excluded, managerAtVendor) = loaded;
            deployment = deployment.WithConditions(extra);
        }

        deployment = deployment.WithConditions((parse.GetValue(With) ?? []).Aggregate(Conditions.None, (a, c) => a | c));
        if (parse.GetValue(Region) is { } region)
        {
            deployment = deployment.WithRegion(region);
        }

        List<PortSetting> settings = [.. parse.GetValue(Port) ?? []];
        if (parse.GetValue(Proxy) is int proxyPort)
        {
            settings.Add(PortSetting.Parse("proxy=" + proxyPort.ToString(CultureInfo.InvariantCulture)));
        }

        TextWriter error = parse.InvocationConfiguration.Error;
        foreach (IGrouping<NamedPort, PortSetting> named in settings.Where(s => s.Name.HasValue).GroupBy(s => s.Name!.Value))
        {
            if (named.Select(s => s.Port).Distinct().Count() > 1)
            {
                error.WriteLine($"error: the named port '{named.Key.ToId()}' is given {named.Count()} different ports ({string.Join(", ", named.Select(s => s.Port.ToString(CultureInfo.InvariantCulture)))}, from --port and --proxy): give one.");
                return null;
            }
        }

        foreach (PortSetting setting in settings)
        {
            if (setting.Override is { } change && !AppliesToAnyFlow(change))
            {
                // The same finding as SWP1015 in a deployment file: a warning, the command goes on.
                error.WriteLine($"warning: --port {setting}: no flow goes to '{change.Destination.ToId()}' on port {change.DefaultPort.ToString(CultureInfo.InvariantCulture)}, so this change does nothing.");
            }

            deployment = setting.ApplyTo(deployment);
        }

        foreach (AddressSetting address in parse.GetValue(Address) ?? [])
        {
            if (address.Vendor)
            {
                managerAtVendor = true;
                if (deployment.Region is null)
                {
                    error.WriteLine($"error: --address {address.Component.ToId()}=vendor: the vendor's subnets are per region; give --region.");
                    return null;
                }
            }
            else
            {
                // Options add to the file (and to each other); COMPONENT= with nothing clears it.
                IPv4Network[] given = address.Networks.Length == 0 ? [] : [.. deployment.AddressesOf(address.Component).ToArray().Concat(address.Networks).Distinct()];
                deployment = deployment.WithAddresses(address.Component, given);
            }
        }

        return new DeploymentSelection(deployment, scope, excluded, managerAtVendor);
    }

    /// <summary>True when <paramref name="change"/> changes the port of some flow of the table (<see cref="PortOverride.Applies"/>).</summary>
    private static bool AppliesToAnyFlow(PortOverride change)
    {
        foreach (Flow flow in Flows.All)
        {
            if (change.Applies(flow))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads a deployment file with the build's own parser and checker; errors (and changed ports that change nothing, SWP1015) go to <paramref name="error"/>.</summary>
    public static DeploymentSelection? Load(FileInfo file, TextWriter error)
    {
        // "-" is standard input, as for every file argument of the tool.
        string path = InputFiles.IsStandardInput(file.ToString()) ? "-" : file.FullName;
        if (InputFiles.TryRead(path, out string why) is not { } text)
        {
            error.WriteLine($"error: cannot read '{path}': {why}");
            return null;
        }

        DeploymentSelection? selection = DeploymentSelection.Read(path, text, out IReadOnlyList<DiagnosticInfo> findings);
        foreach (DiagnosticInfo unused in findings.Where(d => d.Id == FindingDescriptors.UnusedPortOverride.Id))
        {
            error.WriteLine(unused.Format());
        }

        if (selection is null)
        {
            foreach (DiagnosticInfo d in findings.Where(DeploymentSelection.IsFileError))
            {
                error.WriteLine(d.Format());
            }

            error.WriteLine($"error: '{path}' is not a valid deployment file (see above; 'swp-ports check' shows every finding).");
        }

        return selection;
    }

    private static AddressSetting ParseAddress(string text)
    {
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new FormatException($"'{text}' is not an address: expected COMPONENT=CIDR[+CIDR...], e.g. agent=10.1.0.0/16.");
        }

        Component component = SwpIds.ParseComponent(text[..equals]);
        if (equals == text.Length - 1)
        {
            return new AddressSetting(component, [], Vendor: false); // COMPONENT=: no address (anywhere)
        }

        if (text[(equals + 1)..] == "vendor")
        {
            return Components.HasDynamicAddresses(component)
                ? new AddressSetting(component, [], Vendor: true)
                : throw new FormatException($"'{text}': 'vendor' places only a component whose addresses are the vendor's (server-workload-protection); give {component.ToId()}'s CIDRs.");
        }

        var networks = new List<IPv4Network>();
        foreach (string part in text[(equals + 1)..].Split('+'))
        {
            networks.Add(part.Contains('/', StringComparison.Ordinal)
                ? IPv4Network.Parse(part)
                : IPv4Network.TryParseAddress(part, out uint address) ? new IPv4Network(address, 32) : throw new FormatException($"'{part}' is not an IPv4 address or CIDR: {IPv4Network.ExplainAddress(part)}."));
        }

        return new AddressSetting(component, [.. networks], Vendor: false);
    }
}
