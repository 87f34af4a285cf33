using System;
using System.Collections;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

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
        int count = 0;
        for (int w = 0; w < FlowTable.FlowWords; w++)
        {
            count += Bits.PopCount(RequiredWord(enabled, w));
        }

        return count;
    }

    /// <summary>
    /// Word <paramref name="word"/> of the required-flow bitmap: bit i is set when flow 64 word + i
    /// is needed, i.e. when <see cref="Deployments.SpecFacts.IsRequired"/> holds for it. The
    /// generator derived <c>RequiredBits</c> from that rule one group of four conditions at a
    /// time; the rule is a conjunction over condition bits, so the AND of the groups is the rule.
    /// </summary>
    internal static ulong RequiredWord(uint enabled, int word)
    {
        ulong[] bits = FlowTable.RequiredBits;
        int at = word * FlowTable.ConditionGroups * 16;
        ulong required = bits[at + (int)(enabled & 0xF)];
        for (int g = 1; g < FlowTable.ConditionGroups; g++)
        {
            at += 16;
            required &= bits[at + (int)((enabled >> (4 * g)) & 0xF)];
        }

        return required;
    }

    /// <summary>Enumerates a deployment's flows; a mutable struct, as <c>foreach</c> expects.</summary>
    public struct Enumerator : IEnumerator<Flow>
    {
        // No method of this struct takes it by reference except the ones foreach calls, so the
        // JIT keeps its fields in registers: the loop is a bit scan over the required-flow words
        // and one array read (the compiled table, or the deployment's copy with its changed ports).
        private readonly Flow[] _flows;
        private readonly uint _enabled;
        private int _word;
        private int _index;
        private ulong _bits;

        internal Enumerator(Deployment deployment)
        {
            _flows = deployment.FlowTableWithPorts;
            _enabled = (uint)deployment.Conditions;
            _word = 0;
            _index = -1;
            _bits = FlowTable.FlowWords == 0 ? 0 : RequiredWord(_enabled, 0);
        }

        /// <summary>The current flow, its port substituted when the deployment changed it.</summary>
        public readonly Flow Current
        {
            // One array read, no call: the JIT reads just the fields the loop uses.
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => _flows[_index];
        }

        readonly object IEnumerator.Current => Current;

        /// <summary>Starts the enumeration again.</summary>
        public void Reset()
        {
            _word = 0;
            _index = -1;
            _bits = FlowTable.FlowWords == 0 ? 0 : RequiredWord(_enabled, 0);
        }

        /// <summary>Does nothing: the enumerator holds no resources.</summary>
        public readonly void Dispose()
        {
        }

        /// <summary>Moves to the next flow the deployment needs: the next set bit of the required-flow bitmap.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool MoveNext()
        {
            ulong bits = _bits;

            // A table of at most 64 flows (FlowWords is a constant) has one word: the JIT drops the
            // word counter and the next-word search, and the loop keeps every value in a register.
            int word = FlowTable.FlowWords > 1 ? _word : 0;
            while (bits == 0)
            {
                // The next word (tables of more than 64 flows); the same word again once past the end.
                if (word + 1 >= FlowTable.FlowWords)
                {
                    return false;
                }

                word++;
                bits = RequiredWord(_enabled, word);
            }

            _word = word;
            int bit = Bits.TrailingZeroCount(bits);
            _index = FlowTable.FlowWords > 1 ? (word << 6) + bit : bit;
            _bits = bits & (bits - 1);
            return true;
        }
    }
}
