namespace Swp.Requirements;

/// <summary>The check of one required flow against a <see cref="RuleSet"/>.</summary>
public readonly struct FlowCoverage
{
    internal FlowCoverage(Flow flow, CoverageStatus status, string notAllowed, int ruleIndex)
    {
        Flow = flow;
        Status = status;
        NotAllowed = notAllowed;
        RuleIndex = ruleIndex;
    }

    /// <summary>The required flow, its port as the deployment uses it.</summary>
    public Flow Flow { get; }

    /// <summary>Allowed, partly allowed, blocked, ...</summary>
    public CoverageStatus Status { get; }

    /// <summary>What is not allowed, e.g. <c>from 10.2.0.0/16 to any address</c>; empty when allowed.</summary>
    public string NotAllowed { get; }

    /// <summary>The rule that matters (the deny that blocks, the rule on the wrong IP protocol), as an index into <see cref="RuleSet.Rules"/>; -1 for none.</summary>
    public int RuleIndex { get; }

    /// <summary>True when <see cref="Status"/> is <see cref="CoverageStatus.Allowed"/>.</summary>
    public bool IsAllowed => Status == CoverageStatus.Allowed;

    /// <summary>E.g. <c>agent -&gt; server-workload-protection 443/tcp https: PartlyAllowed (from 10.2.0.0/16 to any address)</c>.</summary>
    public override string ToString() => NotAllowed.Length == 0 ? $"{Flow}: {Status}" : $"{Flow}: {Status} ({NotAllowed})";
}
