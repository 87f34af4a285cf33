namespace Swp.Requirements.Firewalls;

/// <summary>Which way a rule's connections go, seen from the component whose firewall it is.</summary>
public enum RuleDirection
{
    /// <summary>Connections the component accepts: flows whose destination is the component.</summary>
    Ingress,

    /// <summary>Connections the component opens: flows whose source is the component.</summary>
    Egress,
}
