using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Swp.Requirements.Coverage;
using Swp.Requirements.Deployments;
using Swp.Requirements.Diagnostics;
using Swp.Requirements.Firewalls.Read;

namespace Swp.Requirements.Firewalls.Audit;

/// <summary>
/// What a firewall lets through beyond what the deployment needs (issue 19, part 1): in each
/// direction of the audited component, every packet the firewall surely permits for a new
/// connection (the one coverage engine over "everything": any address a connection can reach
/// × the component's own addresses × every port × every protocol) minus the packets the
/// required flows need there, reported per permitting rule (or default policy) as exact boxes.
/// A warning (SWP2009) when the rule's part reaches the host from any address, opens every port
/// or every protocol, or reaches a port the manager connects to; otherwise information
/// (SWP2010). Outbound, only where the host filters outgoing traffic at all. What an
/// unevaluated rule may permit is not counted (the audit's notes say which rules those are).
/// </summary>
internal static class FirewallExposure
{
    private const int BoxesShown = 4;

    /// <param name="firewall">The export, read.</param>
    /// <param name="deployment">The deployment the firewall is audited for.</param>
    /// <param name="component">The component whose firewall it is.</param>
    /// <param name="needed">The packets each required flow needs at the component, by direction (egress true), as the audit evaluated them.</param>
    public static List<AuditFinding> Find(ObservedFirewall firewall, ResolvedDeployment deployment, int component, IReadOnlyList<(bool Egress, PacketBox Needed)> needed)
    {
        var findings = new List<AuditFinding>();
        SpecFacts spec = deployment.Spec;
        var managerPorts = new List<(int Port, byte Protocol)>();
        foreach (FlowFact f in spec.Flows)
        {
            if (f.Source == spec.Manager && f.Destination == component)
            {
                managerPorts.Add((f.Port, f.IPProtocol));
            }
        }

        // Each rule's own match, by ID, to say what a rule allows in its own terms (its parts are
        // what earlier rules left it).
        var matches = new Dictionary<int, CoverageRule>();
        foreach (ObservedBaseChain chain in firewall.Ingress.BaseChains.Concat(firewall.Egress.BaseChains))
        {
            chain.Chain.CollectRules(matches);
        }

        foreach (bool egress in new[] { false, true })
        {
            ObservedDirection direction = egress ? firewall.Egress : firewall.Ingress;
            IntervalSet own = AddressSpace.Concrete(deployment.AddressesOf(component, asSource: egress));
            PacketBox everything = egress
                ? new PacketBox(own, AddressSpace.Anywhere, PacketBox.AllPorts, PacketBox.AllProtocols)
                : new PacketBox(AddressSpace.Anywhere, own, PacketBox.AllPorts, PacketBox.AllProtocols);
            List<ObservedOutcome> outcomes = direction.Evaluate(everything);
            bool filters = outcomes.Any(o => o.Outcome.Decision is Decision.Denied or Decision.DefaultDenied);
            if (egress && !filters)
            {
                continue; // a host that lets every new outgoing connection out filters nothing outbound
            }

            PacketBox[] required = [.. needed.Where(n => n.Egress == egress).Select(n => n.Needed)];
            foreach (IGrouping<(int Rule, ObservedBaseChain Chain), ObservedOutcome> decider in outcomes
                .Where(o => o.Outcome.IsPermitted)
                .GroupBy(o => (o.Outcome.RuleId, o.BaseChain)))
            {
                // A rule is judged by its own match (within what a new connection can be); the default by what reaches it.
                PacketBox? ruleMatch = decider.Key.Rule >= 0 && matches.TryGetValue(decider.Key.Rule, out CoverageRule? m) ? Within(m.Match, everything) : null;
                var permitted = new List<PacketBox>();
                var neededParts = new List<PacketBox>();
                bool extra = false;
                bool wide = false;
                foreach (ObservedOutcome o in decider)
                {
                    List<PacketBox> rest = [o.Outcome.Packets];
                    foreach (PacketBox r in required)
                    {
                        var next = new List<PacketBox>();
                        foreach (PacketBox box in rest)
                        {
                            box.SubtractInto(r, next);
                        }

                        rest = next;
                    }

                    permitted.Add(o.Outcome.Packets);
                    neededParts.AddRange(required.Where(r => r.Overlaps(o.Outcome.Packets)).Select(r => r.Intersect(o.Outcome.Packets)));
                    if (rest.Count > 0)
                    {
                        extra = true;
                        wide |= IsWide(ruleMatch ?? o.Outcome.Packets, egress, rest, managerPorts);
                    }
                }

                if (!extra)
                {
                    continue;
                }

                ObservedRule? rule = decider.Key.Rule >= 0 && decider.Key.Rule < firewall.Rules.Count ? firewall.Rules[decider.Key.Rule] : null;
                string by = rule is null ? decider.Key.Chain.DefaultText : "The rule " + rule.Text;
                SourceLocation location = rule?.Location ?? decider.Key.Chain.DefaultLocation;
                string needs = neededParts.Count == 0 ? "none of it" : "only " + List(neededParts, egress);
                string allows = rule is not null && ruleMatch is not null
                    ? Describe(ruleMatch, egress) + (permitted.Count == 1 && Same(permitted[0], ruleMatch) ? "" : " (what earlier rules leave it)")
                    : List(permitted, egress);
                findings.Add(new AuditFinding(
                    wide ? FindingDescriptors.AuditExposed : FindingDescriptors.AuditAlsoAllowed,
                    location,
                    $"{by} lets {(egress ? "out" : "in")} new connections beyond what the deployment needs: it allows {allows}; the deployment needs {needs}"));
            }
        }

        return findings;
    }

    /// <summary>
    /// True when a rule's part is wide: inbound from any address, every port or every protocol
    /// (inbound; outbound to any address), or a port the manager connects to open beyond what the
    /// required flows need.
    /// </summary>
    private static bool IsWide(PacketBox permitted, bool egress, List<PacketBox> extra, List<(int Port, byte Protocol)> managerPorts)
    {
        IntervalSet remote = egress ? permitted.Destinations : permitted.Sources;
        bool everyPort = PacketBox.AllPorts.Subtract(IntervalSet.Single(0)).IsSubsetOf(permitted.Ports);
        bool everyProtocol = PacketBox.AllProtocols.IsSubsetOf(permitted.Protocols);
        bool fromAnywhere = AddressSpace.Anywhere.IsSubsetOf(remote);
        if (!egress && (fromAnywhere || everyPort || everyProtocol))
        {
            return true;
        }

        if (egress && fromAnywhere && (everyPort || everyProtocol))
        {
            return true;
        }

        return !egress && extra.Any(b => managerPorts.Any(m => b.Ports.Contains((ulong)m.Port) && b.Protocols.Contains(m.Protocol)));
    }

    /// <summary>A rule's match within what a new connection of this direction can be (its own addresses, any address a connection can reach).</summary>
    private static PacketBox Within(PacketBox match, PacketBox everything) => match.Intersect(everything);

    private static bool Same(PacketBox a, PacketBox b) =>
        a.Sources.Equals(b.Sources) && a.Destinations.Equals(b.Destinations) && a.Ports.Equals(b.Ports) && a.Protocols.Equals(b.Protocols);


    private static string List(List<PacketBox> boxes, bool egress) =>
        string.Join("; ", boxes.Take(BoxesShown).Select(b => Describe(b, egress)))
        + (boxes.Count > BoxesShown ? System.FormattableString.Invariant($"; and {boxes.Count - BoxesShown} more part(s)") : "");

    /// <summary>E.g. <c>tcp 22 from any address</c>, <c>every protocol from 10.0.0.0/8</c>, <c>udp 1-65535 to 0.0.0.0/0</c>.</summary>
    private static string Describe(PacketBox box, bool egress)
    {
        IntervalSet others = PacketBox.AllProtocols.Subtract(box.Protocols);
        string protocols = others.IsEmpty ? "every protocol"
            : others.Count == 1 && others.First(0) == others.Last(0) ? "every protocol but " + ProtocolNumbers.Name((int)others.First(0))
            : Protocols(box.Protocols);
        string ports = box.Ports.Equals(PacketBox.AllPorts) || PacketBox.AllPorts.Subtract(IntervalSet.Single(0)).IsSubsetOf(box.Ports) ? "" : " port " + Ranges(box.Ports);
        IntervalSet ip = (egress ? box.Destinations : box.Sources).Intersect(AddressSpace.AllIpv4);
        List<string> present = AddressSpace.CidrsOf(ip);
        List<string> missing = AddressSpace.CidrsOf(AddressSpace.Anywhere.Subtract(ip));
        string where = missing.Count == 0 ? "any address"
            : missing.Count < present.Count ? "any address but " + Some(missing)
            : Some(present);
        return $"{protocols}{ports} {(egress ? "to" : "from")} {where}";
    }

    private static string Some(List<string> cidrs) =>
        string.Join(", ", cidrs.Take(8)) + (cidrs.Count > 8 ? System.FormattableString.Invariant($" and {cidrs.Count - 8} more") : "");

    private static string Protocols(IntervalSet set)
    {
        var parts = new List<string>();
        for (int i = 0; i < set.Count; i++)
        {
            ulong first = set.First(i);
            ulong last = set.Last(i);
            parts.Add(last - first > 4
                ? System.FormattableString.Invariant($"protocols {first}-{last}")
                : string.Join(", ", Enumerable.Range((int)first, (int)(last - first + 1)).Select(ProtocolNumbers.Name)));
        }

        return string.Join(", ", parts);
    }

    private static string Ranges(IntervalSet set)
    {
        var parts = new List<string>();
        for (int i = 0; i < set.Count; i++)
        {
            ulong first = set.First(i);
            ulong last = set.Last(i);
            parts.Add(first == last ? first.ToString(CultureInfo.InvariantCulture) : System.FormattableString.Invariant($"{first}-{last}"));
        }

        return string.Join(", ", parts);
    }
}
