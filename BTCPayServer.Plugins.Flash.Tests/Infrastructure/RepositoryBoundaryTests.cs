using System.Text.RegularExpressions;

namespace BTCPayServer.Plugins.Flash.Tests.Infrastructure;

/// <summary>A clone alone runs the tests: nothing they read lies outside the repository.</summary>
public sealed partial class RepositoryBoundaryTests
{
    [Theory]
    [InlineData("..", "beside-the-repository", "schema.graphql")]
    [InlineData("docs", "..", "..", "elsewhere")]
    [InlineData("/etc/hostname")]
    public void A_path_outside_the_repository_is_refused(params string[] parts)
    {
        var error = Assert.Throws<ArgumentException>(() => Repository.PathOf(parts));

        Assert.StartsWith($"{Path.Combine(parts)} is outside the repository; tests read and write only inside it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_inside_the_repository_is_given_in_full()
    {
        Assert.Equal(Path.Combine(Path.GetFullPath(Repository.Root), "docs", "x.png"), Repository.PathOf("docs", "sub", "..", "x.png"));
    }

    [Fact]
    public void No_test_source_names_a_file_outside_the_repository()
    {
        var offending = TestProjects.Select(project => Repository.PathOf(project))
            .SelectMany(tests => Directory.EnumerateFiles(tests, "*.cs", SearchOption.AllDirectories)
                .Where(file => !IsBuildOutput(Path.GetRelativePath(tests, file))))
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, index)))
            .Where(l => OutsideTheRepository().IsMatch(l.line))
            .Select(l => $"{Path.GetRelativePath(Repository.Root, l.file)}:{l.index + 1}: {l.line.Trim()}")
            .ToList();

        Assert.True(offending.Count == 0, "Test sources that read outside the repository:\n" + string.Join("\n", offending));
    }

    /// <summary>The folders of every project with test sources.</summary>
    private static readonly string[] TestProjects =
        ["BTCPayServer.Plugins.Flash.Tests", "BTCPayServer.Plugins.Flash.BrowserTests", "BTCPayServer.Plugins.Flash.TestSupport"];

    private static bool IsBuildOutput(string relative) =>
        relative.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj";

    // The folder beside the repository that holds the shared facts, named either way, and any repository path that
    // starts by leaving it. Written with character classes so that this file does not match itself.
    [GeneratedRegex("\"[.][.]/shared/|\"[.][.]\", *\"shared\"|\"shared[/]flash-api|PathOf\\(\\s*\"[.][.]\"", RegexOptions.CultureInvariant)]
    private static partial Regex OutsideTheRepository();
}
