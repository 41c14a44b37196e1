using System.Diagnostics;

namespace BTCPayServer.Plugins.Flash.Tests.Infrastructure;

/// <summary>
/// The .NET CLI run as a developer runs it (<c>dotnet publish ...</c>, <c>dotnet msbuild ...</c>, <c>dotnet Tool.dll ...</c>),
/// without build servers left behind; a command that hangs fails the test with everything it printed.
/// </summary>
internal static class DotnetCli
{
    /// <summary>Runs the command and returns its standard output; a non-zero exit fails the test with all it printed.</summary>
    public static string Run(params string[] arguments)
    {
        var result = Execute(arguments);
        Assert.True(result.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed (exit code {result.ExitCode}):\n{result.Output}\n{result.Error}");
        return result.Output;
    }

    public static CommandResult Execute(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(' ', arguments)} did not finish in 3 minutes:\n{stdout.Result}\n{stderr.Result}");
        }
        return new CommandResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    public sealed record CommandResult(int ExitCode, string Output, string Error);
}
