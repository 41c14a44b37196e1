namespace Flash.PluginPacker;

/// <summary>Why a package was not written, in words the person packing can act on.</summary>
internal sealed class PackingException(string message) : Exception(message);
