using System;
using System.Diagnostics;
using System.Linq;
using System.Text;
using Swp.Requirements.Firewalls.Read;
using static Swp.Requirements.Tests.Firewalls.Read.ReadTesting;

namespace Swp.Requirements.Tests.Firewalls.Read;

/// <summary>
/// Every reader answers any text with a model or a located <see cref="FirewallReadException"/>,
/// never another exception and never a hang: random text, truncations and mutations of the real
/// fixtures (seeded; the seed and the input are in the failure). <c>SWP_FUZZ_CASES</c> sets the
/// number of inputs per reader and kind (default 150).
/// </summary>
public class ReaderFuzzTests
{
    private static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("SWP_FUZZ_CASES"), out int n) && n > 0 ? n : 150;

    /// <summary>A hang guard, not a speed claim: the largest fixture reads in milliseconds.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    public static TheoryData<string> Samples => [.. ReadTesting.Samples];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Truncations_and_mutations_of_a_real_export_are_read_or_refused_at_a_place(string sample)
    {
        string text = ReadTesting.Text(sample);
        var random = new Random(sample.GetHashCode(StringComparison.Ordinal) ^ 17);
        for (int i = 0; i < Cases; i++)
        {
            string input = (i % 3) switch
            {
                0 => text[..random.Next(text.Length)],
                1 => Mutate(text, random),
                _ => Mutate(Mutate(text, random), random),
            };
            AssertReadOrRefused(FormatOf(sample), input, sample + " case " + i);
        }
    }

    /// <summary>The index of each format of the registry.</summary>
    public static TheoryData<int> FormatNumbers() => [.. Enumerable.Range(0, FirewallReaders.All.Count)];

    [Theory]
    [MemberData(nameof(FormatNumbers))]
    public void Random_text_is_read_or_refused_at_a_place(int formatNumber)
    {
        FirewallFormat format = FirewallReaders.All[formatNumber];
        var random = new Random(formatNumber + 1);
        const string Alphabet = "{}[]\":,.-/*0123456789 \n\tabcdefghijklmnopqrstuvwxyzACEFNOPRT-!#=";
        for (int i = 0; i < Cases; i++)
        {
            var input = new StringBuilder();
            for (int k = random.Next(1, 2000); k > 0; k--)
            {
                input.Append(random.Next(10) == 0 ? (char)random.Next(1, 0xD7FF) : Alphabet[random.Next(Alphabet.Length)]);
            }

            AssertReadOrRefused(format, input.ToString(), format + " case " + i);
        }
    }

    [Fact]
    public void Deep_nesting_and_long_lines_are_refused_or_read_in_bounded_time()
    {
        AssertReadOrRefused(NftablesJsonFormat.Instance, new string('[', 200_000), "deep arrays");
        AssertReadOrRefused(AwsSecurityGroupsFormat.Instance, "{\"SecurityGroups\": " + new string('[', 100_000), "deep arrays");
        AssertReadOrRefused(IptablesSaveFormat.Instance, "*filter\n-A INPUT " + string.Concat(Enumerable.Repeat("-s 10.0.0.1 ", 50_000)) + "-j ACCEPT\nCOMMIT\n", "a long line");
        AssertReadOrRefused(AzureNsgFormat.Instance, "{\"securityRules\": [" + string.Join(",", Enumerable.Repeat("{}", 50_000)) + "]}", "many empty rules");
    }

    private static string Mutate(string text, Random random)
    {
        int at = random.Next(text.Length);
        int length = Math.Min(text.Length - at, random.Next(1, 40));
        return random.Next(4) switch
        {
            0 => text.Remove(at, length),
            1 => text.Insert(at, text.Substring(random.Next(text.Length - length), length)),
            2 => text[..at] + "\"{[,:-0" [random.Next(7)] + text[(at + 1)..],
            _ => text.Insert(at, "\n" + text[..Math.Min(text.Length, 200)]),
        };
    }

    private static void AssertReadOrRefused(FirewallFormat format, string input, string what)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            ObservedFirewall firewall = ReadTesting.Read(format, input, "fuzz");
            Assert.NotNull(firewall.Ingress);
            Assert.NotNull(firewall.Egress);
        }
        catch (FirewallReadException e)
        {
            Assert.True(e.Line >= 1 && e.Column >= 1, $"{what}: a read error must be located: {e.Line}:{e.Column} {e.Message}");
            Assert.False(string.IsNullOrWhiteSpace(e.Message), what);
        }
        catch (Exception e)
        {
            Assert.Fail($"{what} ({format}): {e.GetType().Name}: {e.Message}\ninput (first 400 chars):\n{input[..Math.Min(400, input.Length)]}");
        }

        Assert.True(watch.Elapsed < Bound, $"{what} ({format}): took {watch.Elapsed.TotalSeconds:F1} s");
    }
}
