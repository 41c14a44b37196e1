using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Flash.Benchmarks;
using Flash.Benchmarks.Harness;

// dotnet run -c Release --project benchmarks/Flash.Benchmarks -- --filter '*'
// Runs in-process (no generated projects) with a modest number of iterations; each class compares against a
// baseline measured in the same run, and RatioTargets checks the ratios, since absolute times on shared machines are noise.
// Harnesses measure what BenchmarkDotNet cannot (retained memory, counts under load) and print their own targets.
if (args is ["--harness", "connection-memory"])
    return await ConnectionMemoryHarness.RunAsync() ? 0 : 1;
if (args is ["--harness", "cold-checkout"])
    return await ColdCheckoutHarness.RunAsync() ? 0 : 1;
if (args is ["--harness", "soak", ..])
    return await SoakHarness.RunAsync(stores: args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1_000) ? 0 : 1;

var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(6).WithIterationCount(15))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
var summaries = BenchmarkSwitcher.FromAssembly(typeof(RatioTargets).Assembly).Run(args, config);
return RatioTargets.Report(summaries) ? 0 : 1;
