namespace Flash.MockServer.Hosting;

/// <summary>Kinds of failure the control API can make the next GraphQL requests suffer.</summary>
public enum FaultKind
{
    /// <summary>Answer with an HTTP status (5xx) and a JSON error body.</summary>
    HttpStatus,

    /// <summary>Answer 502 with an HTML page, as a proxy in front of Flash would.</summary>
    HtmlBadGateway,

    /// <summary>Answer 200 with a JSON body cut off half way.</summary>
    TruncatedJson,

    /// <summary>Wait before answering.</summary>
    Delay,

    /// <summary>Refuse WebSocket connection_init with close code 4403.</summary>
    RejectWebSocketInit,

    /// <summary>Fail while handling the next WebSocket message, which closes the connection with 4500.</summary>
    WebSocketInternalError,

    /// <summary>
    /// Run the request, then drop the connection without an answer: a server that restarts after doing the work (a
    /// token made, an invoice created) and before its answer goes out.
    /// </summary>
    DropAfterExecuting,
}

/// <summary>A fault armed for the next <see cref="Remaining"/> requests.</summary>
public sealed record Fault(FaultKind Kind, int Remaining, int Status = 503, int DelayMilliseconds = 0);

/// <summary>Armed faults, consumed one request at a time in arming order.</summary>
internal sealed class FaultInjector
{
    private readonly List<Fault> _faults = [];
    private readonly Lock _gate = new();

    public void Arm(Fault fault)
    {
        lock (_gate)
            _faults.Add(fault);
    }

    public void Clear()
    {
        lock (_gate)
            _faults.Clear();
    }

    /// <summary>The first armed fault, without taking it (tests wait for a fault to be used up).</summary>
    public Fault? TryPeek()
    {
        lock (_gate)
            return _faults.Count > 0 ? _faults[0] : null;
    }

    /// <summary>Takes one use of the first armed fault whose kind is in <paramref name="kinds"/>, if any.</summary>
    public Fault? TryTake(params FaultKind[] kinds)
    {
        lock (_gate)
        {
            var index = _faults.FindIndex(f => kinds.Contains(f.Kind));
            if (index < 0)
                return null;
            var fault = _faults[index];
            if (fault.Remaining > 1)
                _faults[index] = fault with { Remaining = fault.Remaining - 1 };
            else
                _faults.RemoveAt(index);
            return fault;
        }
    }
}
