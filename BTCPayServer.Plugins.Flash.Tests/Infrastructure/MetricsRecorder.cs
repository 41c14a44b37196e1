using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace BTCPayServer.Plugins.Flash.Tests.Infrastructure;

/// <summary>One measurement of the plugin's meter, with its tags.</summary>
internal sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, string?> Tags)
{
    public string? this[string tag] => Tags.GetValueOrDefault(tag);
}

/// <summary>
/// Records every measurement of the plugin's meter while it lives, as an OpenTelemetry collector would read them.
/// Tests run in parallel, so assertions pick their own server's measurements by its <c>flash.server</c> tag.
/// </summary>
internal sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();

    public MetricsRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "BTCPayServer.Plugins.Flash")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    public IReadOnlyCollection<Measurement> All => _measurements;

    /// <summary>The measurements of one instrument for one Flash server (host and port).</summary>
    public IReadOnlyList<Measurement> Of(string instrument, string server) =>
        [.. _measurements.Where(m => m.Instrument == instrument && m["flash.server"] == server)];

    /// <summary>What an up-down counter or counter adds up to for one server.</summary>
    public double Sum(string instrument, string server) => Of(instrument, server).Sum(m => m.Value);

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copied = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, tag) in tags)
            copied[key] = tag?.ToString();
        _measurements.Enqueue(new Measurement(instrument.Name, value, copied));
    }

    public void Dispose() => _listener.Dispose();
}
