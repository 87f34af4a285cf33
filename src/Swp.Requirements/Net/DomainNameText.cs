namespace Swp.Requirements.Net;

/// <summary>
/// The one rule of what a domain name is, for the spec, deployment files and the renderers (shared
/// source): labels of 1–63 letters, digits and <c>-</c> (not first or last), separated by <c>.</c>,
/// at least two labels, at most 253 characters; optionally starting with <c>*.</c>, which stands
/// for any subdomain of the rest. Case does not matter (DNS ignores it); compare lower-cased.
/// </summary>
internal static class DomainNameText
{
    /// <summary>True when <paramref name="name"/> is a domain name by the rule above.</summary>
    public static bool IsValid(string name)
    {
        string rest = IsWildcard(name) ? name.Substring(2) : name;
        if (name.Length > 253 || rest.Length == 0)
        {
            return false;
        }

        int labels = 0;
        foreach (string label in rest.Split('.'))
        {
            labels++;
            if (label.Length is 0 or > 63 || label[0] == '-' || label[label.Length - 1] == '-')
            {
                return false;
            }

            foreach (char c in label)
            {
                if (!(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-'))
                {
                    return false;
                }
            }
        }

        return labels >= 2;
    }

    /// <summary>True for <c>*.suffix</c>: any subdomain of the suffix.</summary>
    public static bool IsWildcard(string name) => name.StartsWith("*.", System.StringComparison.Ordinal);

    /// <summary>The name without a leading <c>*.</c>: the domain whose subdomains a wildcard stands for.</summary>
    public static string Suffix(string name) => IsWildcard(name) ? name.Substring(2) : name;
}
