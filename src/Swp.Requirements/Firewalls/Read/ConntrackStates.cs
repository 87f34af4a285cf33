using System;
using System.Text;

namespace Swp.Requirements.Firewalls.Read;

/// <summary>The connection-tracking states a rule may match (iptables <c>--ctstate</c>/<c>--state</c>, nftables <c>ct state</c>).</summary>
[Flags]
internal enum ConntrackState
{
    None = 0,

    /// <summary>The first packet of a connection: what the flows' coverage is about.</summary>
    New = 1,

    /// <summary>Packets of a connection that has seen traffic both ways: replies, and the rest of a connection.</summary>
    Established = 2,

    /// <summary>A new connection related to an existing one (an ICMP error, an FTP data connection).</summary>
    Related = 4,

    Invalid = 8,

    Untracked = 16,

    /// <summary>Virtual state: the original source differs from the reply destination (iptables only).</summary>
    Snat = 32,

    /// <summary>Virtual state: the original destination differs from the reply source (iptables only).</summary>
    Dnat = 64,

    All = New | Established | Related | Invalid | Untracked | Snat | Dnat,
}

/// <summary>Reading and naming <see cref="ConntrackState"/>s.</summary>
internal static class ConntrackStates
{
    private static readonly (string Name, ConntrackState State)[] Names =
    [
        ("new", ConntrackState.New), ("established", ConntrackState.Established), ("related", ConntrackState.Related),
        ("invalid", ConntrackState.Invalid), ("untracked", ConntrackState.Untracked), ("snat", ConntrackState.Snat),
        ("dnat", ConntrackState.Dnat),
    ];

    /// <summary>Reads one state name, any case (<c>ESTABLISHED</c>, <c>established</c>).</summary>
    public static bool TryParse(string name, out ConntrackState state)
    {
        foreach ((string n, ConntrackState s) in Names)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            {
                state = s;
                return true;
            }
        }

        state = ConntrackState.None;
        return false;
    }

    /// <summary>The states as upper-case names joined by commas, e.g. <c>ESTABLISHED,RELATED</c>.</summary>
    public static string Describe(ConntrackState states)
    {
        var text = new StringBuilder();
        foreach ((string name, ConntrackState state) in Names)
        {
            if ((states & state) != 0)
            {
                text.Append(text.Length == 0 ? "" : ",").Append(name.ToUpperInvariant());
            }
        }

        return text.Length == 0 ? "no state" : text.ToString();
    }
}
