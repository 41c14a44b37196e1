using System.Collections.Concurrent;

namespace Flash.MockServer.GraphQL;

/// <summary>The open WebSocket sessions, so the control API can cut them all (a simulated network drop).</summary>
internal sealed class WebSocketSessionRegistry
{
    private readonly ConcurrentDictionary<GraphQLWebSocketSession, byte> _sessions = new();

    public int Count => _sessions.Count;

    public IDisposable Register(GraphQLWebSocketSession session)
    {
        _sessions[session] = 0;
        return new Registration(this, session);
    }

    public int AbortAll()
    {
        var sessions = _sessions.Keys.ToList();
        foreach (var session in sessions)
            session.Abort();
        return sessions.Count;
    }

    private sealed class Registration(WebSocketSessionRegistry registry, GraphQLWebSocketSession session) : IDisposable
    {
        public void Dispose() => registry._sessions.TryRemove(session, out _);
    }
}
