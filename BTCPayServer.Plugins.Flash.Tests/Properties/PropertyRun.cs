using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using CsCheck;
using Xunit.Abstractions;

namespace BTCPayServer.Plugins.Flash.Tests.Properties;

/// <summary>
/// Runs one CsCheck property for an exact number of generated cases and writes to the test output how many ran, how
/// many failed and what the cases came to (each property names its outcome, e.g. "accepted" or an exception type), so
/// a report says what a green property actually covered. CsCheck shrinks a failure to its simplest case and names the
/// seed that replays it (<c>CsCheck_Seed</c>).
/// </summary>
internal sealed class PropertyRun(ITestOutputHelper output, string name, long cases)
{
    private readonly ConcurrentDictionary<string, long> _outcomes = new(StringComparer.Ordinal);
    private long _ran;
    private long _failed;

    public void Check<T>(Gen<T> gen, Func<T, string> property, Func<T, string>? print = null)
    {
        try
        {
            gen.Sample(value => Tally(() => property(value)), iter: cases, print: print);
        }
        finally
        {
            Report();
        }
        AssertAllRan();
    }

    /// <param name="threads">1 where the cases share something ordered, such as a server's queue of answers.</param>
    public async Task CheckAsync<T>(Gen<T> gen, Func<T, Task<string>> property, Func<T, string>? print = null, int threads = -1)
    {
        try
        {
            await gen.SampleAsync(value => TallyAsync(() => property(value)), iter: cases, threads: threads, print: print);
        }
        finally
        {
            Report();
        }
        AssertAllRan();
    }

    /// <summary>A generated text for a failure report, with every character outside printable ASCII as an escape.</summary>
    public static string Escape(string text) =>
        string.Concat(text.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:x4}"));

    /// <summary>An outcome label for a failure: its type and its message without the server and numbers, so like failures count together.</summary>
    public static string Outcome(Exception failure)
    {
        var message = failure.Message;
        var server = message.LastIndexOf(" (server ", StringComparison.Ordinal);
        return $"{failure.GetType().Name}: {Regex.Replace(server < 0 ? message : message[..server], "[0-9]+", "N")}";
    }

    private void Tally(Func<string> property)
    {
        Interlocked.Increment(ref _ran);
        try
        {
            _outcomes.AddOrUpdate(property(), 1, (_, count) => count + 1);
        }
        catch
        {
            Interlocked.Increment(ref _failed);
            throw;
        }
    }

    private async Task TallyAsync(Func<Task<string>> property)
    {
        Interlocked.Increment(ref _ran);
        try
        {
            _outcomes.AddOrUpdate(await property(), 1, (_, count) => count + 1);
        }
        catch
        {
            Interlocked.Increment(ref _failed);
            throw;
        }
    }

    private void Report()
    {
        output.WriteLine($"{name}: {Interlocked.Read(ref _ran)} cases, {Interlocked.Read(ref _failed)} failures");
        foreach (var (outcome, count) in _outcomes.OrderByDescending(o => o.Value).ThenBy(o => o.Key, StringComparer.Ordinal))
            output.WriteLine($"  {count,7} {outcome}");
    }

    // The first line of the report is the claim it relies on: a run that silently did fewer cases must not pass.
    private void AssertAllRan() => Assert.Equal(cases, Interlocked.Read(ref _ran));
}
