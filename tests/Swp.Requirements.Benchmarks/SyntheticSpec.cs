using System;
using System.Globalization;
using System.Text;

namespace Swp.Requirements.Benchmarks;

/// <summary>
/// Valid specs of any size, for timing the generator as the table grows. Flow i goes from
/// component (i mod C) to component ((i mod C) + 1 + i div C) mod C on port
/// 1024 + (i div C) + 1000 × (source mod 10): within one source every port is different, so every
/// (source, destination, port, IP protocol) is unique. Components (C), distinct ports and
/// conditions grow with the size as in a real table; every fifth component is optional (has a
/// condition), every seventh flow lists a condition, every thirteenth an <c>unless</c> condition,
/// every eleventh has a note, a third are UDP. Spec format 1.1.0: a product, a list of sources,
/// nine regions of two or three subnets each (<c>cidrs</c>), one named port. One row per IP
/// protocol and no inheritance, so the compiled table has exactly <c>flows</c> rows.
/// </summary>
public static class SyntheticSpec
{
    /// <summary>The number of components for a table of <paramref name="flows"/> flows (17 to 250: Component is a byte enum).</summary>
    public static int ComponentCount(int flows) => Math.Clamp(17 + (flows / 100), 17, 250);

    /// <summary>The spec's JSON text.</summary>
    public static string Create(int flows)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(flows);
        int components = ComponentCount(flows);
        if (flows / components >= 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(flows), flows, "Too many flows per component for unique ports.");
        }

        const int Conditions = 9;
        var json = new StringBuilder(flows * 200);
        json.Append("{\n  \"specVersion\": \"1.1.0\",\n  \"product\": \"Synthetic\",\n")
            .Append("  \"sources\": [\n    { \"pageId\": \"synthetic\", \"title\": \"Synthetic\", \"copyright\": \"none\", \"dateRead\": \"2025-01-01\" }\n  ],\n")
            .Append("  \"conditions\": [\n");
        for (int c = 1; c <= Conditions; c++)
        {
            json.Append(Inv($"    {{ \"id\": \"condition-{c}\", \"description\": \"Condition {c}.\" }}")).Append(c < Conditions ? ",\n" : "\n");
        }

        json.Append("  ],\n  \"applicationProtocols\": [\n")
            .Append("    { \"id\": \"http\", \"name\": \"HTTP\" },\n    { \"id\": \"https\", \"name\": \"HTTPS\" },\n")
            .Append("    { \"id\": \"dns\", \"name\": \"DNS\" },\n    { \"id\": \"syslog\", \"name\": \"Syslog\" }\n  ],\n")
            .Append("  \"components\": [\n");
        for (int c = 0; c < components; c++)
        {
            string condition = c % 5 == 4 ? Inv($", \"condition\": \"condition-{(c % Conditions) + 1}\"") : "";
            json.Append(Inv($"    {{ \"id\": \"node-{c}\", \"name\": \"Node {c}\", \"description\": \"Synthetic component {c}.\"{condition} }}"))
                .Append(c < components - 1 ? ",\n" : "\n");
        }

        json.Append("  ],\n  \"regions\": [\n");
        for (int r = 0; r < 9; r++)
        {
            string cidrs = r % 3 == 0
                ? Inv($"\"10.{r}.0.0/16\", \"172.16.{r}.0/24\", \"192.168.{r}.32/27\"")
                : Inv($"\"10.{r}.0.0/16\", \"172.16.{r}.0/24\"");
            json.Append(Inv($"    {{ \"id\": \"region-{r}\", \"name\": \"Region {r}\", \"cidrs\": [{cidrs}] }}")).Append(r < 8 ? ",\n" : "\n");
        }

        json.Append("  ],\n  \"notes\": [\n    { \"id\": \"synthetic\", \"text\": \"A synthetic table for benchmarks.\" }\n  ],\n")
            .Append("  \"flows\": [\n");
        string[] protocols = ["http", "https", "dns", "syslog"];
        for (int i = 0; i < flows; i++)
        {
            int source = i % components;
            int round = i / components;
            int destination = (source + 1 + round) % components;
            int port = 1024 + round + (1000 * (source % 10));
            string ip = i % 3 == 0 ? "udp" : "tcp";
            string conditions = i % 7 == 0 ? Inv($", \"conditions\": [\"condition-{(i % Conditions) + 1}\"]") : "";
            string unless = i % 13 == 0 ? Inv($", \"unless\": [\"condition-{((i + 4) % Conditions) + 1}\"]") : "";
            string note = i % 11 == 0 ? Inv($", \"note\": \"Synthetic note {i}.\"") : "";
            json.Append(Inv($"    {{ \"source\": \"node-{source}\", \"destination\": \"node-{destination}\", \"port\": {port}, \"ipProtocols\": [\"{ip}\"], \"applicationProtocol\": \"{protocols[i % protocols.Length]}\"{conditions}{unless}{note} }}"))
                .Append(i < flows - 1 ? ",\n" : "\n");
        }

        return json.Append("  ],\n  \"namedPorts\": [\n    { \"id\": \"node-port\", \"description\": \"Node 1's first port.\", \"destination\": \"node-1\", \"port\": 1024 }\n  ]\n}\n").ToString();
    }

    private static string Inv(FormattableString text) => FormattableString.Invariant(text);
}
