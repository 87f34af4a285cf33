using Swp.Requirements.Specs;
using System;
using System.Collections.Generic;
using System.Linq;

namespace Swp.Requirements.Diagnostics;

/// <summary>How much a finding matters: as the compiler's severities.</summary>
internal enum FindingSeverity
{
    /// <summary>Informational: what was checked, what was left out.</summary>
    Info,

    /// <summary>Something to look at; does not fail a build.</summary>
    Warning,

    /// <summary>A fault: fails the build and the check.</summary>
    Error,
}

/// <summary>One kind of finding: its stable ID, title, message format (<c>{0}</c>... filled by the finding's arguments), category and severity.</summary>
internal sealed record FindingDescriptor(string Id, string Title, string MessageFormat, string Category, FindingSeverity Severity)
{
    /// <summary>Where docs/diagnostics.md explains the ID.</summary>
    public string HelpLink => FindingDescriptors.HelpBase + Id.ToLowerInvariant();
}

/// <summary>
/// Every finding this project reports, with stable IDs, as plain data: <c>SWP0xxx</c> for faults in a
/// spec file, <c>SWP1xxx</c> for faults in a deployment file, <c>SWP2xxx</c> for the audit of a
/// firewall export. Written once: the generator turns them into Roslyn descriptors, the tool prints
/// them, the audit reports under them. docs/diagnostics.md explains each.
/// </summary>
internal static class FindingDescriptors
{
    internal const string HelpBase = "https://github.com/swp-requirements/swp-requirements/blob/main/docs/diagnostics.md#";
    private const string SpecCategory = "Swp.Spec";
    private const string DeploymentCategory = "Swp.Deployment";
    private const string AuditCategory = "Swp.Audit";

    public static readonly FindingDescriptor JsonSyntax = Error("SWP0001", "Spec is not valid JSON", "'{0}' is not valid JSON: {1}");
    public static readonly FindingDescriptor DuplicateProperty = Error("SWP0002", "Duplicate JSON property", "Property '{0}' appears more than once in this object");
    public static readonly FindingDescriptor UnknownProperty = Error("SWP0003", "Unknown spec property", "Unknown property '{0}' in {1}; expected one of: {2}");
    public static readonly FindingDescriptor MissingProperty = Error("SWP0004", "Missing spec property", "{0} is missing the required property '{1}'");
    public static readonly FindingDescriptor WrongType = Error("SWP0005", "Wrong JSON type", "'{0}' must be of JSON type {1}, not {2}");
    public static readonly FindingDescriptor InvalidPort = Error("SWP0006", "Invalid port", "Port {0} is not valid: a port is a JSON integer from 1 to 65535");
    public static readonly FindingDescriptor InvalidCidr = Error("SWP0007", "Invalid CIDR", "'{0}' is not a valid IPv4 CIDR: {1}");
    public static readonly FindingDescriptor UnknownReference = Error("SWP0008", "Unknown reference", "Unknown {0} '{1}'{2}");
    public static readonly FindingDescriptor DuplicateId = Error("SWP0009", "Duplicate ID", "The {0} ID '{1}' is declared more than once");
    public static readonly FindingDescriptor DuplicateFlow = Error("SWP0010", "Duplicate flow", "The flow {0} is listed more than once");
    public static readonly FindingDescriptor InvalidId = Error("SWP0011", "Invalid ID", "'{0}' is not a valid ID: IDs are lower-case kebab-case (a-z, 0-9, single '-') and start with a letter");
    public static readonly FindingDescriptor IdentifierCollision = Error("SWP0012", "IDs collide as C# names", "The {0} ID '{1}' becomes the C# name '{2}', which {3}");
    public static readonly FindingDescriptor InheritanceCycle = Error("SWP0013", "Inheritance cycle", "Component '{0}' inherits from itself through: {1}");
    public static readonly FindingDescriptor InvalidValue = Error("SWP0014", "Invalid value", "'{0}' is not a valid value for '{1}': expected {2}");
    public static readonly FindingDescriptor TooManyConditions = Error("SWP0015", "Too many conditions", "The spec declares {0} conditions; at most 32 fit the Conditions flags enum");
    public static readonly FindingDescriptor MultipleSpecs = Error("SWP0016", "More than one spec", "More than one requirements spec is in this compilation: '{0}' is compiled, this one is ignored");
    public static readonly FindingDescriptor TooManyIds = Error("SWP0017", "Too many IDs for the enum", "The spec declares {0} {1} IDs; at most {2} fit the {3} enum");
    public static readonly FindingDescriptor OverlappingSubnets = Error("SWP0018", "Overlapping subnets", "Subnet '{0}' of region '{1}' overlaps '{2}' of region '{3}': a manager address must belong to one region");
    public static readonly FindingDescriptor ReleasedValueChanged = Error("SWP0019", "Released enum value would change", "The {0} '{1}' is {2} {3} in released spec {4}, but {5}: a released value never changes, so add IDs at the end of the list and keep every released one");
    public static readonly FindingDescriptor DeploymentJsonSyntax = Error("SWP1001", "Deployment file is not valid JSON", "'{0}' is not valid JSON: {1}", DeploymentCategory);
    public static readonly FindingDescriptor DeploymentDuplicateProperty = Error("SWP1002", "Duplicate JSON property", "Property '{0}' appears more than once in this object", DeploymentCategory);
    public static readonly FindingDescriptor DeploymentUnknownProperty = Error("SWP1003", "Unknown deployment property", "Unknown property '{0}' in {1}; expected one of: {2}", DeploymentCategory);
    public static readonly FindingDescriptor DeploymentMissingProperty = Error("SWP1004", "Missing deployment property", "{0} is missing the required property '{1}'", DeploymentCategory);
    public static readonly FindingDescriptor DeploymentWrongType = Error("SWP1005", "Wrong JSON type", "'{0}' must be of JSON type {1}, not {2}", DeploymentCategory);
    public static readonly FindingDescriptor UnknownId = Error("SWP1006", "Unknown ID", "Unknown {0} '{1}'{2}", DeploymentCategory);
    public static readonly FindingDescriptor MalformedAddress = Error("SWP1007", "Malformed address", "'{0}' is not a valid IPv4 address or CIDR: {1}", DeploymentCategory);
    public static readonly FindingDescriptor DeploymentInvalidPort = Error("SWP1008", "Invalid port", "Port {0} is {1}", DeploymentCategory);
    public static readonly FindingDescriptor DeploymentInvalidValue = Error("SWP1009", "Invalid value", "'{0}' is not a valid value for '{1}': expected {2}", DeploymentCategory);
    public static readonly FindingDescriptor MissingRule = Error("SWP1010", "Required flow not allowed", "Required flow {0} is not allowed by any rule; add {1}", DeploymentCategory);
    public static readonly FindingDescriptor WrongIpProtocol = Error("SWP1011", "Rule allows the port on the wrong IP protocol", "This rule allows port {0} on {1}, but the required flow {2} needs {3}; allow {3} (or \"any\")", DeploymentCategory);
    public static readonly FindingDescriptor ManagerRuleTooWide = Warning("SWP1012", "Manager-initiated rule open wider than the region's subnets", "This rule lets {0} reach {1} from addresses outside the {2} manager subnets ({3}); use those subnets or \"server-workload-protection\" as the source", DeploymentCategory);
    public static readonly FindingDescriptor PortOverrideCollision = Warning("SWP1013", "Port override collides with a required port", "Overriding {0} with port {1} collides with the required flow {2}, which already uses port {1}", DeploymentCategory);
    public static readonly FindingDescriptor MissingAddress = Warning("SWP1014", "Condition needs an address nobody gave", "Condition '{0}' adds flows from or to '{1}', but 'addresses' gives no address for it, so rules for it must allow any address", DeploymentCategory);
    public static readonly FindingDescriptor UnusedPortOverride = Warning("SWP1015", "Port override matches no flow", "No flow goes to '{0}' on port {1}, so this override changes nothing", DeploymentCategory);
    public static readonly FindingDescriptor FlowsNotChecked = Warning("SWP1016", "Flows not checked because of errors above", "{0} required flow(s) could not be checked because a rule or address above has an error: {1}", DeploymentCategory);
    public static readonly FindingDescriptor NoRegion = Warning("SWP1017", "No region: manager-initiated flows checked without its subnets", "The file names no region, so the flows {0} starts are checked against rules that name it or any address, not against its region's subnets; add \"region\"", DeploymentCategory);
    public static readonly FindingDescriptor NoRules = Info("SWP1018", "No allow rules: nothing checked", "'{0}' has no \"allow\" rules: it describes a deployment, and no firewall was checked", DeploymentCategory);
    public static readonly FindingDescriptor PartlyAllowed = Error("SWP1019", "Required flow only partly allowed", "Required flow {0} is only partly allowed: nothing allows it {1}", DeploymentCategory);
    public static readonly FindingDescriptor ExcludedFlow = Info("SWP1020", "Required flow excluded", "Required flow {0} is excluded from this firewall: {1}", DeploymentCategory);
    public static readonly FindingDescriptor UnusedExclusion = Warning("SWP1021", "Exclusion names no required flow", "This exclusion names no flow the deployment requires; check the flow with swp-ports rules", DeploymentCategory);
    public static readonly FindingDescriptor CheckSummary = Info("SWP1022", "Rules checked", "Rules checked: {0} required flow(s) evaluated, {1} allowed; {2} excluded, {3} out of scope, {4} host-only (not checked)", DeploymentCategory);
    public static readonly FindingDescriptor FirewallNotVisible = Error("SWP1023", "Firewall file not visible to the build", "The firewall file '{0}' is not among this project's additional files; add <SwpFirewall Include=\"{1}\" /> to the project (or fix the path, relative to the deployment file)", DeploymentCategory);
    public static readonly FindingDescriptor UnknownDomainName = Warning("SWP1025", "Domain name holds no known component", "'{0}' is not one of the vendor's domain names for {1}, so this destination reaches no component of the deployment{2}", DeploymentCategory);
    public static readonly FindingDescriptor FirewallUnreadable = Error("SWP1024", "Firewall file cannot be read", "The firewall file cannot be read as {0}: {1}", AuditCategory);
    public static readonly FindingDescriptor AuditBlocked = Error("SWP2001", "Required flow blocked by the firewall", "{0}", AuditCategory);
    public static readonly FindingDescriptor AuditPartlyAllowed = Error("SWP2002", "Required flow only partly allowed by the firewall", "{0}", AuditCategory);
    public static readonly FindingDescriptor AuditUncertain = Error("SWP2003", "Required flow decided by a rule that was not evaluated", "{0}", AuditCategory);
    public static readonly FindingDescriptor AuditRepliesBlocked = Warning("SWP2004", "Replies not allowed", "{0}", AuditCategory);
    public static readonly FindingDescriptor AuditManagerTooWide = Warning("SWP2005", "Manager-initiated port open beyond the region's subnets", "{0}", AuditCategory);
    public static readonly FindingDescriptor AuditOpenToAll = Warning("SWP2006", "Rule open to every port or protocol from anywhere", "{0}", AuditCategory);
    public static readonly FindingDescriptor AuditNotEvaluated = Info("SWP2007", "Not evaluated or ignored", "{0}", AuditCategory);
    public static readonly FindingDescriptor AuditExposed = Warning("SWP2009", "Let through beyond the deployment", "{0}", AuditCategory);
    public static readonly FindingDescriptor AuditAlsoAllowed = Info("SWP2010", "Also let through", "{0}", AuditCategory);
    public static readonly FindingDescriptor AuditSummary = Info("SWP2008", "Firewall audited", "{0}", AuditCategory);
    public static readonly FindingDescriptor GeneratorFailure = Error("SWP0999", "Generator failure", "Swp.Requirements could not process '{0}': {1}. Please report this with the file.");

    private static readonly Dictionary<string, FindingDescriptor> s_byId = typeof(FindingDescriptors)
        .GetFields()
        .Select(f => f.GetValue(null))
        .OfType<FindingDescriptor>()
        .ToDictionary(d => d.Id, StringComparer.Ordinal);

    /// <summary>Every descriptor, ordered by ID.</summary>
    public static IEnumerable<FindingDescriptor> All => s_byId.Values.OrderBy(d => d.Id, StringComparer.Ordinal);

    /// <summary>The descriptor of <paramref name="id"/>; throws for an ID that is not one of ours.</summary>
    public static FindingDescriptor ById(string id) => s_byId[id];

    private static FindingDescriptor Info(string id, string title, string message, string category) => new(id, title, message, category, FindingSeverity.Info);

    private static FindingDescriptor Error(string id, string title, string message, string category = SpecCategory) => new(id, title, message, category, FindingSeverity.Error);

    private static FindingDescriptor Warning(string id, string title, string message, string category) => new(id, title, message, category, FindingSeverity.Warning);
}
