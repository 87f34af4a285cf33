using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Swp.Requirements.Firewalls;

/// <summary>
/// Format <c>windows</c>: a PowerShell script for Windows Defender Firewall (module NetSecurity:
/// Windows 8 / Server 2012 and later, Windows PowerShell 5.1 or PowerShell 7), to run elevated on
/// the component's machines.
/// <para>
/// One <c>New-NetFirewallRule</c> per rule, every parameter written out: <c>-Name</c> (the rule's
/// name: unique and stable), <c>-DisplayName</c> (name and description), <c>-Description</c>
/// (left out when the description is empty), <c>-Group</c>
/// (<see cref="Group"/>), <c>-Direction</c> Inbound or Outbound, <c>-Action Allow</c>,
/// <c>-Protocol</c> TCP or UDP, the port (<c>-LocalPort</c> for inbound rules,
/// <c>-RemotePort</c> for outbound ones), <c>-LocalAddress</c> and <c>-RemoteAddress</c>
/// (<c>Any</c> for an empty list), <c>-Profile Any</c> and <c>-Enabled True</c>. Safe to run
/// again: each rule is first removed by its name, and rules of the group that the policy no longer
/// has are removed too.
/// </para>
/// <para>
/// Limits of the platform, and what this renderer does about them:
/// <list type="bullet">
/// <item>Names and descriptions must not hold <c>|</c> (the firewall's own separator): rule names
/// are the model's (<c>a-z</c>, <c>0-9</c>, <c>-</c>); in the display name and description
/// <c>|</c> becomes <c>/</c>.</item>
/// <item>The script is printable ASCII, so Windows PowerShell 5.1 reads it the same whatever the
/// file's encoding (it reads a file without a byte-order mark as the ANSI code page, where some
/// UTF-8 bytes are quotation marks): in text, control characters become spaces and any other
/// character outside ASCII becomes <c>?</c>. Strings are single-quoted with <c>'</c> doubled, so
/// nothing in them is expanded.</item>
/// <item>Windows Firewall matches addresses, not names: a rule that names the remote end's domains
/// and lists no addresses has <c>-RemoteAddress Any</c>, and a comment line above it lists the
/// domains.</item>
/// <item>Windows Firewall does not filter loopback traffic: loopback rules are written (with
/// <c>127.0.0.1</c> for an empty address list) and have no effect, as a comment says.</item>
/// <item>A rule's remarks, and the policy's, are <c>#</c> comment lines.</item>
/// </list>
/// </para>
/// </summary>
public sealed class WindowsFirewallRenderer : FirewallRenderer
{
    private static readonly FirewallDialect s_dialect = new("windows", "ps1") { RendersLoopbackRules = true };

    /// <inheritdoc/>
    public override FirewallDialect Dialect => s_dialect;

    /// <summary>
    /// The rules' display group (<c>-Group</c>), by which the script finds the rules it made
    /// earlier: <c>Swp.Requirements</c> unless set. 1–100 printable ASCII characters, none of
    /// <c>|</c> (the firewall's separator) and <c>*?[]</c> (wildcards to Get-NetFirewallRule).
    /// </summary>
    /// <exception cref="ArgumentException">The value breaks those rules.</exception>
    public string Group
    {
        get => _group;
        init => _group = IsGroup(value)
            ? value
            : throw new ArgumentException("A group is 1-100 printable ASCII characters, none of |*?[].", nameof(value));
    }

    private readonly string _group = "Swp.Requirements";

    /// <inheritdoc/>
    protected override void RenderCore(FirewallPolicy policy, TextWriter writer, ICollection<RenderWarning> warnings)
    {
        var output = new StringBuilder();
        foreach (string line in RenderText.Header(policy, "Windows Defender Firewall rules (PowerShell, module NetSecurity)"))
        {
            Comment(output, line);
        }

        Comment(output, "Run in an elevated PowerShell on the component's machines. Safe to run again: each rule is removed by its -Name and");
        Comment(output, $"created again, and rules of the group '{Group}' that this script does not create are removed.");
        output.Append("#Requires -RunAsAdministrator\n");
        output.Append("$ErrorActionPreference = 'Stop'\n");
        output.Append("$group = ").Append(Quote(Group)).Append('\n');
        output.Append("$names = @(");
        for (int i = 0; i < policy.Rules.Count; i++)
        {
            output.Append(i == 0 ? "\n" : ",\n").Append("    ").Append(Quote(policy.Rules[i].Name));
        }

        output.Append(policy.Rules.Count == 0 ? ")\n" : "\n)\n");
        output.Append("Get-NetFirewallRule -Group $group -ErrorAction SilentlyContinue |\n");
        output.Append("    Where-Object { $names -notcontains $_.Name } |\n");
        output.Append("    Remove-NetFirewallRule\n");
        foreach (FirewallRule rule in policy.Rules)
        {
            output.Append('\n');
            WriteRule(output, rule, warnings);
        }

        writer.Write(output.ToString());
    }

    private void WriteRule(StringBuilder output, FirewallRule rule, ICollection<RenderWarning> warnings)
    {
        foreach (string remark in rule.Remarks)
        {
            Comment(output, rule.Name + ": " + remark);
        }

        if (rule.RemoteDomains.Count > 0 && rule.RemoteAddresses.Count == 0)
        {
            RenderText.Widened(warnings, rule, "any remote address");
            Comment(output, $"Windows Firewall matches addresses, not names: any remote address. The remote end's domains: {RenderText.Domains(rule)}");
        }

        if (rule.IsLoopback)
        {
            Comment(output, RenderText.Warn(warnings, RenderWarningKind.NoEffect, rule, "Loopback: Windows Firewall does not filter loopback traffic, so this rule has no effect; it is here to document the flow."));
        }

        bool inbound = rule.Direction == RuleDirection.Ingress;
        string name = Quote(rule.Name);
        string text = RenderText.Fit(rule, rule.Description, Text(rule.Description), "characters outside printable ASCII as '?' (control characters as spaces), '|' as '/'", null, "description", warnings);
        output.Append("Remove-NetFirewallRule -Name ").Append(name).Append(" -ErrorAction SilentlyContinue\n");
        output.Append("New-NetFirewallRule -Name ").Append(name)
            .Append(" -DisplayName ").Append(Quote(Text(RenderText.Label(rule))))
            .Append(text.Length == 0 ? "" : " -Description " + Quote(text))
            .Append(" -Group ").Append(Quote(Group))
            .Append(" -Direction ").Append(inbound ? "Inbound" : "Outbound")
            .Append(" -Action Allow")
            .Append(" -Protocol ").Append(rule.IPProtocol == IPProtocol.Tcp ? "TCP" : "UDP")
            .Append(inbound ? " -LocalPort " : " -RemotePort ").Append(RenderText.Invariant(rule.Port))
            .Append(" -LocalAddress ").Append(Addresses(rule.LocalAddresses, rule.IsLoopback))
            .Append(" -RemoteAddress ").Append(Addresses(rule.RemoteAddresses, rule.IsLoopback))
            .Append(" -Profile Any -Enabled True | Out-Null\n");
    }

    private static bool IsGroup(string? value)
    {
        if (value is null || value.Length is 0 or > 100)
        {
            return false;
        }

        foreach (char c in value)
        {
            if (c is < ' ' or > '~' or '|' or '*' or '?' or '[' or ']')
            {
                return false;
            }
        }

        return true;
    }

    private static string Addresses(IReadOnlyList<IPv4Network> networks, bool loopback)
    {
        if (networks.Count == 0)
        {
            return loopback ? "'127.0.0.1'" : "Any";
        }

        var parts = new string[networks.Count];
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = "'" + networks[i].ToString() + "'";
        }

        return string.Join(", ", parts);
    }

    /// <summary>Free text for a display name or description: printable ASCII, <c>|</c> as <c>/</c>.</summary>
    private static string Text(string text) => RenderText.Ascii(text, '?').Replace('|', '/');

    /// <summary>A single-quoted PowerShell string (verbatim: nothing is expanded) of printable ASCII text.</summary>
    private static string Quote(string text) => "'" + RenderText.Ascii(text, '?').Replace("'", "''") + "'";

    private static void Comment(StringBuilder output, string text) =>
        output.Append("# ").Append(RenderText.Ascii(text, '?').TrimEnd(' ')).Append('\n');
}
