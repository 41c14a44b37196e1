using BenchmarkDotNet.Reports;

namespace Flash.Benchmarks;

/// <summary>
/// What the benchmarks must show, as ratios to a baseline measured in the same run: a store must not slow down as Flash
/// holds more tokens, and the plugin must add little to a hand-written call. A run prints each target met or missed.
/// </summary>
internal static class RatioTargets
{
    private static readonly (string Benchmark, string? Parameter, double MaxRatio, string Meaning)[] Targets =
    [
        ("VerifyStoredToken", "StoredTokens=100000", 1.5, "token verification with 100,000 stored tokens vs 100"),
        ("FindByLookup", "StoredTokens=100000", 1.5, "indexed credential lookup with 100,000 stored tokens vs 100"),
        ("AuthenticatedMe", null, 1.3, "authenticated `me` vs unauthenticated `{ __typename }`"),
        ("TransportQuery", null, 1.1, "warm authenticated call through the plugin's transport vs a hand-written HttpClient POST"),
        ("CreateInvoiceThroughClient", null, 1.15, "CreateInvoice through FlashLightningClient vs a hand-written POST of the same document"),
    ];

    /// <summary>Targets on a benchmark's own median, for latencies with no meaningful baseline.</summary>
    private static readonly (string Benchmark, double MaxMedianMilliseconds, string Meaning)[] MedianTargets =
    [
        ("MarkPaidToWaitInvoice", 100, "from the mock marking an invoice paid to WaitInvoice returning it"),
    ];

    /// <summary>Prints one line per target found in the summaries; false when any is missed.</summary>
    public static bool Report(IEnumerable<Summary> summaries)
    {
        var ok = true;
        foreach (var summary in summaries)
        {
            foreach (var report in summary.Reports)
            {
                var name = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
                foreach (var target in MedianTargets.Where(t => t.Benchmark == name))
                    ok &= ReportMedian(report, target.MaxMedianMilliseconds, target.Meaning);
                var parameters = report.BenchmarkCase.Parameters.DisplayInfo;
                foreach (var target in Targets.Where(t => t.Benchmark == name && (t.Parameter is null || parameters.Contains(t.Parameter, StringComparison.Ordinal))))
                {
                    var baseline = Baseline(summary, report);
                    if (baseline?.ResultStatistics is null || report.ResultStatistics is null)
                    {
                        Console.WriteLine($"target NOT MEASURED: {target.Meaning} (the benchmark or its baseline failed)");
                        ok = false;
                        continue;
                    }
                    var ratio = report.ResultStatistics.Median / baseline.ResultStatistics!.Median;
                    var met = ratio <= target.MaxRatio;
                    ok &= met;
                    Console.WriteLine($"target {(met ? "met" : "MISSED")}: {target.Meaning}: ratio {ratio:0.00} (limit {target.MaxRatio:0.00}; " +
                        $"{report.ResultStatistics.Median / 1000:0.0} us vs {baseline.ResultStatistics.Median / 1000:0.0} us)");
                }
            }
        }
        return ok;
    }

    private static bool ReportMedian(BenchmarkReport report, double maxMilliseconds, string meaning)
    {
        if (report.ResultStatistics is null)
        {
            Console.WriteLine($"target NOT MEASURED: {meaning} (the benchmark failed)");
            return false;
        }
        var median = report.ResultStatistics.Median / 1_000_000;
        var met = median <= maxMilliseconds;
        Console.WriteLine($"target {(met ? "met" : "MISSED")}: {meaning}: median {median:0.00} ms (limit {maxMilliseconds:0} ms; " +
            $"p95 {report.ResultStatistics.Percentiles.P95 / 1_000_000:0.00} ms, n={report.ResultStatistics.N})");
        return met;
    }

    /// <summary>The baseline of a case: the [Benchmark(Baseline = true)] of its class, or the same method with the first parameter value.</summary>
    private static BenchmarkReport? Baseline(Summary summary, BenchmarkReport report)
    {
        var marked = summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.Baseline
            && r.BenchmarkCase.Descriptor.Type == report.BenchmarkCase.Descriptor.Type);
        if (marked is not null && marked != report)
            return marked;
        return summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod == report.BenchmarkCase.Descriptor.WorkloadMethod
            && r != report && r.BenchmarkCase.Parameters.DisplayInfo != report.BenchmarkCase.Parameters.DisplayInfo);
    }
}
