namespace Flash.PluginPacker;

/// <summary>The files a packing wrote, and which files of the build output went into the package and which did not.</summary>
internal sealed record PackedPlugin(
    string PackagePath,
    string ManifestPath,
    string ChecksumsPath,
    IReadOnlyList<string> Packed,
    IReadOnlyList<string> LeftOut);
