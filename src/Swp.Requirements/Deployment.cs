using System;

namespace Swp.Requirements;

/// <summary>
/// One deployment's choices: the enabled <see cref="Conditions"/>, its <see cref="Region"/> and
/// any changed default ports. <see cref="Flows"/> enumerates exactly the flows it needs, with the
/// changed ports substituted, without allocating. An immutable value: the <c>With…</c> methods
/// return a new deployment. <c>default</c> is the baseline: no condition, no region, default ports.
/// </summary>
public readonly struct Deployment : IEquatable<Deployment>
{
    private readonly PortOverride[]? _portOverrides;
    private readonly Region _region;
    private readonly bool _hasRegion;

    /// <summary>Creates a deployment.</summary>
    /// <param name="conditions">The enabled conditions; unknown bits are ignored.</param>
    /// <param name="region">The region of the account, or null when unknown.</param>
    public Deployment(Conditions conditions, Region? region = null)
        : this(conditions & Conditions.All, region ?? default, region.HasValue, null)
    {
    }

    private Deployment(Conditions conditions, Region region, bool hasRegion, PortOverride[]? portOverrides)
    {
        Conditions = conditions;
        _region = region;
        _hasRegion = hasRegion;
        _portOverrides = portOverrides;
    }

    /// <summary>The baseline: no condition enabled, no region, default ports.</summary>
    public static Deployment Baseline => default;

    /// <summary>The enabled conditions.</summary>
    public Conditions Conditions { get; }

    /// <summary>The account's region, or null when unknown.</summary>
    public Region? Region => _hasRegion ? _region : null;

    /// <summary>The manager's source subnet for the connections it starts, or null when the region is unknown.</summary>
    public IPv4Network? ManagerSubnet => _hasRegion ? Regions.Subnet(_region) : null;

    /// <summary>The changed default ports, in the order they were added.</summary>
    public ReadOnlySpan<PortOverride> PortOverrides => _portOverrides;

    /// <summary>The flows this deployment needs, with changed ports substituted. Enumerating allocates nothing.</summary>
    public DeploymentFlows Flows => new(this);

    /// <summary>This deployment with <paramref name="conditions"/> enabled as well.</summary>
    public Deployment WithConditions(Conditions conditions) =>
        new(Conditions | (conditions & Conditions.All), _region, _hasRegion, _portOverrides);

    /// <summary>This deployment in another region.</summary>
    public Deployment WithRegion(Region region) => new(Conditions, region, true, _portOverrides);

    /// <summary>
    /// This deployment with flows to <paramref name="destination"/> on <paramref name="defaultPort"/>
    /// using <paramref name="port"/> instead, from every source; replaces an earlier override of the same flows.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A port is outside 1–65535.</exception>
    public Deployment WithPort(Component destination, int defaultPort, int port) =>
        WithPortOverride(new PortOverride(destination, defaultPort, port));

    /// <summary>
    /// This deployment with a changed default port (see <see cref="PortOverride"/>); replaces an
    /// earlier override of the same flows. Later overrides win where two apply to one flow.
    /// </summary>
    public Deployment WithPortOverride(PortOverride portOverride)
    {
        PortOverride[] current = _portOverrides ?? [];
        int existing = Array.FindIndex(current, o => o.Targets(portOverride));
        PortOverride[] next;
        if (existing >= 0)
        {
            next = (PortOverride[])current.Clone();
            next[existing] = portOverride;
        }
        else
        {
            next = new PortOverride[current.Length + 1];
            current.CopyTo(next, 0);
            next[current.Length] = portOverride;
        }

        return new Deployment(Conditions, _region, _hasRegion, next);
    }

    /// <summary>
    /// This deployment with agents and relays reaching the manager through a web proxy on
    /// <paramref name="port"/> instead of directly on 443 (the vendor's example of a changed port).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is outside 1–65535.</exception>
    public Deployment WithProxy(int port) =>
        WithPortOverride(new PortOverride(Component.Agent, Component.ServerWorkloadProtection, 443, port))
        .WithPortOverride(new PortOverride(Component.Relay, Component.ServerWorkloadProtection, 443, port));

    /// <summary>True when this deployment needs <paramref name="flow"/>: every condition it carries is enabled.</summary>
    public bool Requires(in Flow flow) => (flow.Conditions & ~Conditions) == 0;

    /// <summary>The port <paramref name="flow"/> uses in this deployment: the last override that applies, else its default.</summary>
    public int PortOf(in Flow flow)
    {
        int port = flow.Port;
        if (_portOverrides is not null)
        {
            foreach (PortOverride o in _portOverrides)
            {
                if (o.Applies(flow))
                {
                    port = o.Port;
                }
            }
        }

        return port;
    }

    /// <inheritdoc/>
    public bool Equals(Deployment other) =>
        Conditions == other.Conditions && Region == other.Region && PortOverrides.SequenceEqual(other.PortOverrides);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Deployment other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => ((int)Conditions * 31) ^ (_hasRegion ? (int)_region + 1 : 0);

    /// <summary>E.g. <c>conditions=relays+siem region=germany ports=server-workload-protection:443=1443</c>.</summary>
    public override string ToString()
    {
        string region = _hasRegion ? _region.ToId() : "(none)";
        string ports = _portOverrides is null ? "(default)" : string.Join(",", Array.ConvertAll(_portOverrides, o => o.ToString()));
        return $"conditions={SwpIds.FormatConditions(Conditions)} region={region} ports={ports}";
    }

    /// <summary>Compares conditions, region and overrides.</summary>
    public static bool operator ==(Deployment left, Deployment right) => left.Equals(right);

    /// <summary>Compares conditions, region and overrides.</summary>
    public static bool operator !=(Deployment left, Deployment right) => !left.Equals(right);
}
