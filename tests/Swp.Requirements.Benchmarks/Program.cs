using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Swp.Requirements.Benchmarks;

/// <summary>
/// dotnet run -c Release --project tests/Swp.Requirements.Benchmarks -- [options]
///   (no option)                     every benchmark, BenchmarkDotNet's default job (the published numbers)
///   --quick                         every benchmark, a short in-process job (3 warm-ups, 3 iterations): a few minutes on 2 cores
///   --filter PATTERN, --job ...     any BenchmarkDotNet option (e.g. --filter *Query* --job short)
///   --verify [queries|generator|rules ...]  check the three implementations agree, the generator compiles every spec, and
///                                   every rule scenario allows every flow (all parts when none is named); prints best-of-N
///                                   CPU times of the generator and rule checks (indicative only, not BenchmarkDotNet);
///                                   SWP_BEST_OF=N runs, SWP_SPECS=real,10000, SWP_LAYOUTS=shared, SWP_RULES=1000,3000 narrow them
///   --first-answer MODE             answer one query in this fresh process and exit (generated|json|index|none)
/// </summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is ["--first-answer", ..])
        {
            // Kept apart so that this path loads neither BenchmarkDotNet nor Roslyn.
            return FirstAnswer.Run(args.Length > 1 ? args[1] : "");
        }

        if (args is ["--verify", .. string[] parts])
        {
            return Verify(parts.Length == 0 ? ["queries", "generator", "rules"] : parts);
        }

        return RunBenchmarks(args);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Verify(string[] parts)
    {
        try
        {
            if (parts.Contains("queries"))
            {
                RuntimeJsonSpec json = RuntimeJsonSpec.Load(RuntimeJsonSpec.FindSpecPath());
                Verification.Run(json, new StartupIndex(json), Console.Out);
            }

            foreach (string spec in parts.Contains("generator") ? (Environment.GetEnvironmentVariable("SWP_SPECS") ?? "real,1000,5000,10000").Split(",") : [])
            {
                var generator = new GeneratorBenchmarks { Spec = spec };
                generator.Setup();
                (double total, double own, double parse, long chars) = generator.Breakdown(runs: 5);
                Console.WriteLine($"generator, {spec} spec: compiles cleanly; best of 5 warm runs: driver run {total:F1} ms CPU, "
                    + $"generator's own time (as reported, wall) {own:F1} ms; the emitted {chars:N0} characters take {parse:F1} ms CPU to parse alone");
            }

            foreach (string layout in parts.Contains("rules") ? (Environment.GetEnvironmentVariable("SWP_LAYOUTS") ?? "per-subnet,per-subnet-shuffled,shared").Split(",") : [])
            {
                foreach (int rules in (Environment.GetEnvironmentVariable("SWP_RULES") ?? "1000,10000").Split(",").Select(int.Parse))
                {
                    var coverage = new RuleCoverageBenchmarks { Layout = layout, Rules = rules };
                    coverage.Setup();
                    double check = BestOf(int.TryParse(Environment.GetEnvironmentVariable("SWP_BEST_OF"), out int n) ? n : 3, () => coverage.RuleSetCheck());
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    coverage.RuleSetCheck();
                    long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                    double file = BestOf(3, () => coverage.DeploymentFile());
                    Console.WriteLine($"rules, {layout}, {rules}: every required flow allowed by RuleSet and by the deployment file; "
                        + $"best of N, CPU time: RuleSet.Check {check:F1} ms ({allocated / 1024.0 / 1024.0:F1} MB allocated), deployment file through the generator {file:F1} ms");
                }
            }

            Console.WriteLine("verify: OK");
            return 0;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine(e);
            return 1;
        }
    }

    /// <summary>
    /// The best of <paramref name="runs"/> runs, in milliseconds of the process's CPU time (every
    /// thread, the GC's included), not wall time: on a machine shared with other work, the CPU
    /// time of a run is what its code costs, whoever else is running.
    /// </summary>
    private static double BestOf(int runs, Func<int> action)
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        double best = double.MaxValue;
        for (int i = 0; i < runs; i++)
        {
            process.Refresh();
            TimeSpan start = process.TotalProcessorTime;
            action();
            process.Refresh();
            best = Math.Min(best, (process.TotalProcessorTime - start).TotalMilliseconds);
        }

        return best;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int RunBenchmarks(string[] args)
    {
        var rest = new List<string>(args.Where(a => a != "--quick"));
        bool filtered = rest.Any(a => a.StartsWith("--filter", StringComparison.Ordinal) || a == "-f");
        if (!filtered)
        {
            rest.AddRange(["--filter", "*"]);   // run everything instead of asking interactively
        }

        IConfig config = DefaultConfig.Instance;
        if (args.Contains("--quick"))
        {
            // Short (3 warm-ups, 3 iterations) and in-process: no per-benchmark project build
            // and no child processes, so the whole suite runs in a few minutes on 2 cores.
            // Indicative numbers only; the published ones come from the default job. The
            // cold-start generator runs need fresh processes, so they are left out unless asked
            // for by name (--filter *Cold*).
            config = config.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("Quick"));
            if (!filtered)
            {
                config = config.AddFilter(new SimpleFilter(b => b.Descriptor.Type != typeof(GeneratorColdBenchmarks)));
            }
        }

        IEnumerable<Summary> summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. rest], config);
        bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
        return failed ? 1 : 0;
    }
}
