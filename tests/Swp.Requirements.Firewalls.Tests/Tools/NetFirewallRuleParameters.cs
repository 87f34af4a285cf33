using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;

namespace Swp.Requirements.Firewalls.Tests.Tools;

/// <summary>
/// The documented parameters of New-NetFirewallRule (module NetSecurity; Microsoft's reference page
/// "New-NetFirewallRule", windowsserver2025-ps, syntax and PARAMETERS sections), as data, with the
/// accepted values the page lists. PowerShell on Linux has no NetSecurity module, so a generated
/// script is checked against this list instead of against the cmdlet itself.
/// </summary>
public static class NetFirewallRuleParameters
{
    /// <summary>Every parameter of the one parameter set, in the order of the documented syntax.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "PolicyStore", "GPOSession", "Name", "DisplayName", "Description", "Group", "Enabled", "Profile",
        "Platform", "Direction", "Action", "EdgeTraversalPolicy", "LooseSourceMapping", "LocalOnlyMapping",
        "Owner", "LocalAddress", "RemoteAddress", "Protocol", "LocalPort", "RemotePort", "IcmpType",
        "DynamicTarget", "Program", "Package", "Service", "InterfaceAlias", "InterfaceType", "LocalUser",
        "RemoteUser", "RemoteMachine", "Authentication", "Encryption", "OverrideBlockRules",
        "RemoteDynamicKeywordAddresses", "CimSession", "ThrottleLimit", "AsJob", "WhatIf", "Confirm",
    ];

    /// <summary>The common parameters every cmdlet takes (about_CommonParameters).</summary>
    public static readonly IReadOnlyList<string> CommonParameters =
    [
        "Debug", "ErrorAction", "ErrorVariable", "InformationAction", "InformationVariable", "OutVariable",
        "OutBuffer", "PipelineVariable", "ProgressAction", "Verbose", "WarningAction", "WarningVariable",
    ];

    /// <summary>The documented aliases, each to its parameter.</summary>
    public static readonly IReadOnlyDictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["ID"] = "Name",
        ["DynamicTransport"] = "DynamicTarget",
        ["LSM"] = "LooseSourceMapping",
        ["Session"] = "CimSession",
        ["cf"] = "Confirm",
        ["wi"] = "WhatIf",
    };

    /// <summary>The switch parameters: they take no value after them.</summary>
    public static readonly IReadOnlyList<string> Switches = ["AsJob", "WhatIf", "Confirm", "Debug", "Verbose"];

    /// <summary>The Boolean parameters: written $true or $false.</summary>
    public static readonly IReadOnlyList<string> Booleans = ["LooseSourceMapping", "LocalOnlyMapping", "OverrideBlockRules"];

    /// <summary>The parameters the cmdlet requires.</summary>
    public static readonly IReadOnlyList<string> Mandatory = ["DisplayName"];

    /// <summary>The enumerations' accepted values ("Accepted values:" on the page).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> AcceptedValues = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
    {
        ["Direction"] = ["Inbound", "Outbound"],
        ["Action"] = ["NotConfigured", "Allow", "Block"],
        ["Enabled"] = ["True", "False"],
        ["Profile"] = ["Any", "Domain", "Private", "Public", "NotApplicable"],
        ["EdgeTraversalPolicy"] = ["Block", "Allow", "DeferToUser", "DeferToApp"],
        ["InterfaceType"] = ["Any", "Wired", "Wireless", "RemoteAccess"],
        ["Authentication"] = ["NotRequired", "Required", "NoEncap"],
        ["Encryption"] = ["NotRequired", "Required", "Dynamic"],
        ["DynamicTarget"] = ["Any", "ProximityApps", "ProximitySharing", "WifiDirectPrinting", "WifiDirectDisplay", "WifiDirectDevices"],
    };

    /// <summary>Protocols by name; a number 0-255 is accepted too.</summary>
    public static readonly IReadOnlyList<string> ProtocolNames = ["TCP", "UDP", "ICMPv4", "ICMPv6", "Any"];

    /// <summary>Keywords of LocalPort (TCP/UDP: PlayToDiscovery, Any; no protocol: RPC, RPCEPMap, Teredo, IPHTTPSIn, IPHTTPSOut, Any).</summary>
    public static readonly IReadOnlyList<string> LocalPortKeywords = ["Any", "PlayToDiscovery", "RPC", "RPCEPMap", "Teredo", "IPHTTPSIn", "IPHTTPSOut"];

    /// <summary>Keywords of RemotePort (Any; no protocol: RPC, RPC-EPMap, IPHTTPS).</summary>
    public static readonly IReadOnlyList<string> RemotePortKeywords = ["Any", "RPC", "RPC-EPMap", "IPHTTPS"];

    /// <summary>Keywords of RemoteAddress; each may end in 4 or 6 to keep to one address family.</summary>
    public static readonly IReadOnlyList<string> RemoteAddressKeywords =
        ["Any", "LocalSubnet", "DNS", "DHCP", "WINS", "DefaultGateway", "Internet", "Intranet", "IntranetRemoteAccess", "PlayToDevice"];

    private static readonly FrozenDictionary<string, string> Canonical = Names.Concat(CommonParameters)
        .ToFrozenDictionary(n => n, n => n, StringComparer.OrdinalIgnoreCase);

    /// <summary>The documented name for <paramref name="written"/> (any case, or an alias), or null when there is none.</summary>
    public static string? Resolve(string written)
    {
        if (Canonical.TryGetValue(written, out string? name))
        {
            return name;
        }
        return Aliases.TryGetValue(written, out string? target) ? target : null;
    }

    /// <summary>Whether <paramref name="name"/> (documented name) is a switch.</summary>
    public static bool IsSwitch(string name) => Switches.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Every way <paramref name="rule"/> departs from the documentation: unknown or repeated
    /// parameters, a missing DisplayName, values outside the accepted lists, ports without TCP/UDP,
    /// and values that are not literals (they cannot be checked). Empty when the command is fine.
    /// </summary>
    public static IReadOnlyList<string> Check(NetFirewallRuleCommand rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var problems = new List<string>();
        string at = $"line {rule.Line.ToString(CultureInfo.InvariantCulture)}";
        foreach (string problem in rule.ShapeProblems)
        {
            problems.Add($"{at}: {problem}");
        }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (NetFirewallRuleParameter parameter in rule.Parameters)
        {
            string? name = Resolve(parameter.Name);
            if (name is null)
            {
                problems.Add($"{at}: -{parameter.Name} is not a parameter of New-NetFirewallRule");
                continue;
            }
            if (!seen.Add(name))
            {
                problems.Add($"{at}: -{name} is given twice");
            }
            if (IsSwitch(name))
            {
                continue;
            }
            if (Booleans.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                if (!parameter.Text.Equals("$true", StringComparison.OrdinalIgnoreCase) && !parameter.Text.Equals("$false", StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{at}: -{name} takes $true or $false, not '{parameter.Text}'");
                }
                continue;
            }
            if (!parameter.IsLiteral)
            {
                problems.Add(name.Equals("Enabled", StringComparison.OrdinalIgnoreCase)
                    ? $"{at}: -Enabled takes the strings True or False, not {parameter.Text} (its type is not Boolean)"
                    : $"{at}: -{name} {parameter.Text} is not a literal, so it cannot be checked");
                continue;
            }
            if (parameter.Values.Count == 0)
            {
                problems.Add($"{at}: -{name} has no value");
                continue;
            }
            problems.AddRange(CheckValues(name, parameter.Values).Select(p => $"{at}: -{name}: {p}"));
        }
        foreach (string mandatory in Mandatory)
        {
            if (!seen.Contains(mandatory))
            {
                problems.Add($"{at}: -{mandatory} is required");
            }
        }
        NetFirewallRuleParameter? protocol = rule.Find("Protocol");
        bool tcpOrUdp = protocol is { IsLiteral: true, Values.Count: 1 } && protocol.Values[0].ToUpperInvariant() is "TCP" or "UDP" or "6" or "17";
        foreach (string portParameter in new[] { "LocalPort", "RemotePort" })
        {
            NetFirewallRuleParameter? ports = rule.Find(portParameter);
            if (ports is { IsLiteral: true } && ports.Values.Any(v => v.Length > 0 && char.IsAsciiDigit(v[0])) && !tcpOrUdp)
            {
                problems.Add($"{at}: -{portParameter} with port numbers needs -Protocol TCP or UDP");
            }
        }
        return problems;
    }

    private static IEnumerable<string> CheckValues(string name, IReadOnlyList<string> values)
    {
        if (AcceptedValues.TryGetValue(name, out IReadOnlyList<string>? accepted))
        {
            // Profile is a flags enum: "Domain,Private" in one string binds as well as two strings.
            IEnumerable<string> items = name == "Profile" ? values.SelectMany(v => v.Split(',')) : values;
            if (name != "Profile" && values.Count > 1)
            {
                yield return $"takes one value, got {values.Count}";
            }
            foreach (string item in items)
            {
                if (!accepted.Contains(item.Trim(), StringComparer.OrdinalIgnoreCase))
                {
                    yield return $"'{item}' is not one of {string.Join(", ", accepted)}";
                }
            }
            yield break;
        }
        switch (name)
        {
            case "Protocol":
                if (values.Count > 1)
                {
                    yield return $"takes one value, got {values.Count}";
                }
                foreach (string value in values)
                {
                    bool number = byte.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _);
                    if (!number && !ProtocolNames.Contains(value, StringComparer.OrdinalIgnoreCase))
                    {
                        yield return $"'{value}' is neither a protocol number 0-255 nor one of {string.Join(", ", ProtocolNames)}";
                    }
                }
                break;
            case "LocalPort":
            case "RemotePort":
                IReadOnlyList<string> keywords = name == "LocalPort" ? LocalPortKeywords : RemotePortKeywords;
                foreach (string value in values)
                {
                    if (!IsPortOrRange(value) && !keywords.Contains(value, StringComparer.OrdinalIgnoreCase))
                    {
                        yield return $"'{value}' is neither a port 0-65535, a range low-high, nor one of {string.Join(", ", keywords)}";
                    }
                }
                break;
            case "LocalAddress":
            case "RemoteAddress":
                foreach (string value in values)
                {
                    if (!IsAddress(value) && !IsAddressKeyword(name, value))
                    {
                        yield return $"'{value}' is not an address, subnet, range or keyword";
                    }
                }
                break;
            case "IcmpType":
                foreach (string value in values)
                {
                    string[] parts = value.Split(':');
                    bool ok = value.Equals("Any", StringComparison.OrdinalIgnoreCase)
                        || (parts.Length is 1 or 2 && parts.All(p => byte.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)));
                    if (!ok)
                    {
                        yield return $"'{value}' is neither a type 0-255, a type:code pair, nor Any";
                    }
                }
                break;
            case "ThrottleLimit":
                if (values.Count != 1 || !int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    yield return $"'{string.Join(",", values)}' is not an Int32";
                }
                break;
            default:
                if (values.Any(v => v.Length == 0))
                {
                    yield return "is empty";
                }
                break;
        }
    }

    private static bool IsPortOrRange(string value)
    {
        string[] parts = value.Split('-');
        if (parts.Length is not (1 or 2))
        {
            return false;
        }
        var ports = new List<int>();
        foreach (string part in parts)
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
            {
                return false;
            }
            ports.Add(port);
        }
        return ports.Count == 1 || ports[0] <= ports[1];
    }

    private static bool IsAddressKeyword(string name, string value)
    {
        if (name == "LocalAddress")
        {
            return value.Equals("Any", StringComparison.OrdinalIgnoreCase);
        }
        string bare = value.EndsWith('4') || value.EndsWith('6') ? value[..^1] : value;
        return RemoteAddressKeywords.Contains(value, StringComparer.OrdinalIgnoreCase)
            || (!bare.Equals("Any", StringComparison.OrdinalIgnoreCase) && RemoteAddressKeywords.Contains(bare, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>An address, a subnet by bit count or (IPv4) by mask, or a range of one family.</summary>
    private static bool IsAddress(string value)
    {
        int dash = value.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0)
        {
            return IPAddress.TryParse(value[..dash], out IPAddress? low) && IPAddress.TryParse(value[(dash + 1)..], out IPAddress? high)
                && low.AddressFamily == high.AddressFamily && Compare(low, high) <= 0 && IsPlain(value[..dash]) && IsPlain(value[(dash + 1)..]);
        }
        int slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return IsPlain(value) && IPAddress.TryParse(value, out _);
        }
        string addressText = value[..slash];
        string suffix = value[(slash + 1)..];
        if (!IsPlain(addressText) || !IPAddress.TryParse(addressText, out IPAddress? address))
        {
            return false;
        }
        int max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (int.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out int bits))
        {
            return bits <= max;
        }
        return address.AddressFamily == AddressFamily.InterNetwork && IsPlain(suffix)
            && IPAddress.TryParse(suffix, out IPAddress? mask) && mask.AddressFamily == AddressFamily.InterNetwork && IsContiguousMask(mask);
    }

    // IPAddress.TryParse takes "1" or "1.2" as IPv4; a firewall rule wants a dotted quad or IPv6 text.
    private static bool IsPlain(string text) => text.Contains(':', StringComparison.Ordinal) || text.Count(c => c == '.') == 3;

    private static int Compare(IPAddress a, IPAddress b)
    {
        byte[] x = a.GetAddressBytes();
        byte[] y = b.GetAddressBytes();
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] != y[i])
            {
                return x[i].CompareTo(y[i]);
            }
        }
        return 0;
    }

    private static bool IsContiguousMask(IPAddress mask)
    {
        byte[] bytes = mask.GetAddressBytes();
        uint bits = ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
        uint inverted = ~bits;
        return (inverted & (inverted + 1)) == 0;
    }
}
