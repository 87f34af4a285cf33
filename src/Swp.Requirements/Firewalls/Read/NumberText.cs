namespace Swp.Requirements.Firewalls.Read;

/// <summary>
/// Decimal numbers in firewall exports (ports, protocol numbers, priorities), read without
/// allocating and without culture: the one parser of what exports write. It is not
/// <see cref="Net.PortText"/> (the one parser of what users write: 1–65535, no leading zero) on
/// purpose: an export is read as its tool wrote it, and exports hold port 0 (AWS's <c>FromPort</c>
/// of ICMP and all-traffic rules, an open range end) and may pad numbers; refusing them would make a
/// real export unreadable rather than wrong.
/// </summary>
internal static class NumberText
{
    /// <summary>
    /// Reads <paramref name="text"/>[<paramref name="start"/>, <paramref name="end"/>) as decimal
    /// digits only (no sign, no spaces) with a value no greater than <paramref name="max"/>.
    /// </summary>
    public static bool TryParse(string text, int start, int end, int max, out int value)
    {
        value = 0;
        if (start >= end)
        {
            return false;
        }

        long result = 0;
        for (int i = start; i < end; i++)
        {
            char c = text[i];
            if (c < '0' || c > '9')
            {
                return false;
            }

            result = (result * 10) + (c - '0');
            if (result > max)
            {
                return false;
            }
        }

        value = (int)result;
        return true;
    }

    /// <summary>Reads the whole of <paramref name="text"/> as decimal digits with a value no greater than <paramref name="max"/>.</summary>
    public static bool TryParse(string text, int max, out int value) => TryParse(text, 0, text.Length, max, out value);

    /// <summary>
    /// Reads a port or a port range whose two ends are split by <paramref name="separator"/>
    /// (<c>22</c>, <c>1000:2000</c>, <c>:1024</c>, <c>1024:</c> for iptables, <c>1000-2000</c> for
    /// Azure). An open end is 0 or 65535 when <paramref name="openEnds"/> allows it.
    /// </summary>
    public static bool TryParsePortRange(string text, char separator, bool openEnds, out int first, out int last)
    {
        first = 0;
        last = 0;
        int split = text.IndexOf(separator);
        if (split < 0)
        {
            bool ok = TryParse(text, 65535, out first);
            last = first;
            return ok;
        }

        bool firstOk = split == 0 ? openEnds : TryParse(text, 0, split, 65535, out first);
        bool lastOk = split == text.Length - 1 ? openEnds : TryParse(text, split + 1, text.Length, 65535, out last);
        if (split == text.Length - 1)
        {
            last = 65535;
        }

        return firstOk && lastOk && first <= last;
    }
}
