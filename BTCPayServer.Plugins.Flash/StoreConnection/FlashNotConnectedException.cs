namespace BTCPayServer.Plugins.Flash.StoreConnection;

/// <summary>An action needs the store's Flash connection, and there is none (for instance it was removed in another tab).</summary>
public sealed class FlashNotConnectedException() : InvalidOperationException("Flash is not connected for this store: it may have been disconnected in another window. Connect it again.");
