namespace Swp.Requirements;

/// <summary>
/// Bit scans over 64-bit words for the flow bitmaps (<see cref="DeploymentFlows"/>): the
/// hardware instructions on net8.0, a portable fallback on netstandard2.0 (tested against them).
/// </summary>
internal static class Bits
{
    private const ulong DeBruijn = 0x03F79D71B4CB0A89UL;

    private static readonly byte[] s_deBruijnIndex = CreateIndex();

    /// <summary>The index of the lowest set bit; 64 for 0.</summary>
    public static int TrailingZeroCount(ulong value)
    {
#if NET
        return System.Numerics.BitOperations.TrailingZeroCount(value);
#else
        return TrailingZeroCountPortable(value);
#endif
    }

    /// <summary>How many bits are set.</summary>
    public static int PopCount(ulong value)
    {
#if NET
        return System.Numerics.BitOperations.PopCount(value);
#else
        return PopCountPortable(value);
#endif
    }

    /// <summary>The netstandard2.0 <see cref="TrailingZeroCount"/>: a de Bruijn multiplication and a 64-byte table.</summary>
    internal static int TrailingZeroCountPortable(ulong value) =>
        value == 0 ? 64 : s_deBruijnIndex[unchecked((value & (0 - value)) * DeBruijn) >> 58];

    /// <summary>The netstandard2.0 <see cref="PopCount"/>: the classic SWAR sum.</summary>
    internal static int PopCountPortable(ulong value)
    {
        unchecked
        {
            value -= (value >> 1) & 0x5555555555555555UL;
            value = (value & 0x3333333333333333UL) + ((value >> 2) & 0x3333333333333333UL);
            value = (value + (value >> 4)) & 0x0F0F0F0F0F0F0F0FUL;
            return (int)((value * 0x0101010101010101UL) >> 56);
        }
    }

    private static byte[] CreateIndex()
    {
        var index = new byte[64];
        for (int i = 0; i < 64; i++)
        {
            index[unchecked(DeBruijn << i) >> 58] = (byte)i;
        }

        return index;
    }
}
