using System;
using System.Collections;
using System.Collections.Generic;

namespace Swp.Requirements;

/// <summary>
/// The flows a <see cref="Deployment"/> needs, in table order (source, destination, port, IP
/// protocol), with changed ports substituted. Use with <c>foreach</c>: the enumerator is a
/// struct and allocates nothing. It is also an <see cref="IEnumerable{T}"/>, so LINQ works
/// (LINQ boxes the enumerator: one small allocation per query).
/// </summary>
public readonly struct DeploymentFlows : IEnumerable<Flow>
{
    private readonly Deployment _deployment;

    internal DeploymentFlows(Deployment deployment) => _deployment = deployment;

    /// <summary>Returns the allocation-free enumerator.</summary>
    public Enumerator GetEnumerator() => new(_deployment);

    IEnumerator<Flow> IEnumerable<Flow>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>How many flows the deployment needs.</summary>
    public int Count()
    {
        uint enabled = (uint)_deployment.Conditions;
        uint[] masks = FlowTable.ConditionMasks;
        uint[] unless = FlowTable.UnlessMasks;
        int count = 0;
        for (int i = 0; i < masks.Length; i++)
        {
            if (Deployments.SpecFacts.IsRequired(masks[i], unless[i], enabled))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Enumerates a deployment's flows; a mutable struct, as <c>foreach</c> expects.</summary>
    public struct Enumerator : IEnumerator<Flow>
    {
        private readonly Deployment _deployment;
        private readonly uint _enabled;
        private readonly bool _hasPortOverrides;
        private int _index;
        private Flow _current;

        internal Enumerator(Deployment deployment)
        {
            _deployment = deployment;
            _enabled = (uint)deployment.Conditions;
            _hasPortOverrides = !deployment.PortOverrides.IsEmpty;
            _index = -1;
            _current = default;
        }

        /// <summary>The current flow, its port substituted when the deployment changed it.</summary>
        public readonly Flow Current => _current;

        readonly object IEnumerator.Current => _current;

        /// <summary>Starts the enumeration again.</summary>
        public void Reset()
        {
            _index = -1;
            _current = default;
        }

        /// <summary>Does nothing: the enumerator holds no resources.</summary>
        public readonly void Dispose()
        {
        }

        /// <summary>Moves to the next flow the deployment needs.</summary>
        public bool MoveNext()
        {
            // The scan reads the dense condition masks; a flow is copied only when it is needed.
            uint[] masks = FlowTable.ConditionMasks;
            uint[] unless = FlowTable.UnlessMasks;
            int i = _index;
            while (++i < masks.Length)
            {
                if (Deployments.SpecFacts.IsRequired(masks[i], unless[i], _enabled))
                {
                    _index = i;
                    ref readonly Flow flow = ref FlowTable.BySource[i];
                    _current = _hasPortOverrides ? flow.WithPort(_deployment.PortOf(flow)) : flow;
                    return true;
                }
            }

            _index = i;
            return false;
        }
    }
}
