using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Flash.Benchmarks;

// dotnet run -c Release --project benchmarks/Flash.Benchmarks -- --filter '*'
// Runs in-process (no generated projects), short jobs; each class compares against a baseline measured in the
// same run, and the targets below are checked on the ratios, since absolute times on shared machines are noise.
var config = DefaultConfig.Instance
    .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
var summaries = BenchmarkSwitcher.FromAssembly(typeof(RatioTargets).Assembly).Run(args, config);
return RatioTargets.Report(summaries) ? 0 : 1;
