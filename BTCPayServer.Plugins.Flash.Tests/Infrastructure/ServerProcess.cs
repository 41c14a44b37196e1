using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace BTCPayServer.Plugins.Flash.Tests.Infrastructure;

/// <summary>
/// One of the repository's programs run as a person runs it (<c>dotnet Program.dll ...</c> from this build's output):
/// its printed lines as they come, POSIX signals sent to it, and how it ends. Killed on dispose if still running.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    public const int SIGINT = 2;
    public const int SIGTERM = 15;

    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _output = new();
    private readonly Lock _outputGate = new();
    private readonly Task _readers;

    private ServerProcess(Process process)
    {
        _process = process;
        _readers = Task.WhenAll(ReadAsync(process.StandardOutput, toLines: true), ReadAsync(process.StandardError, toLines: false));
    }

    /// <summary>Everything printed so far, standard output and error interleaved, for assertion messages.</summary>
    public string Output
    {
        get
        {
            lock (_outputGate)
                return _output.ToString();
        }
    }

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public static ServerProcess Start(string assemblyFileName, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assemblyFileName));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        return new ServerProcess(Process.Start(start)!);
    }

    /// <summary>Reads printed lines until one matches, and returns the match; throws with the output so far if none does in time.</summary>
    public async Task<Match> WaitForLineAsync(Regex pattern, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await foreach (var line in _lines.Reader.ReadAllAsync(cancellation.Token))
            {
                if (pattern.Match(line) is { Success: true } match)
                    return match;
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
        throw new TimeoutException($"No line matching {pattern} within {timeout} (exit code {ExitCode?.ToString() ?? "none"}). Output:\n{Output}");
    }

    /// <summary>Sends a POSIX signal, as <c>kill -s</c> or a terminal's Ctrl+C would.</summary>
    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>True when the process ended within <paramref name="timeout"/>; its output is then complete.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
            await _readers;
            return true;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    private async Task ReadAsync(StreamReader reader, bool toLines)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_outputGate)
                _output.AppendLine(line);
            if (toLines)
                _lines.Writer.TryWrite(line);
        }
        if (toLines)
            _lines.Writer.TryComplete();
    }

    // DllImport rather than LibraryImport: the generated stub would need unsafe code enabled for the whole project.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
