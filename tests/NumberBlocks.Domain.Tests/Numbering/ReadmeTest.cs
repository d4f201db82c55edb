using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Domain.Tests.Numbering;

/// <summary>The README lists the regions and policy rules the code has; a metadata update that changes them shows here.</summary>
public class ReadmeTest
{
    private static string Readme()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NumberBlocks.slnx"))) dir = dir.Parent;
        return File.ReadAllText(Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("NumberBlocks.slnx not found above the test binaries."), "README.md"));
    }

    [Fact]
    public void Readme_RegionList_IsEveryRegionOfThePlan()
    {
        var text = Readme();
        var start = text.IndexOf("<!-- regions:begin -->", StringComparison.Ordinal);
        var end = text.IndexOf("<!-- regions:end -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "README has no region list");
        var listed = text[start..end].Split([' ', '\n', '\r', '`'], StringSplitOptions.RemoveEmptyEntries).Where(t => t.Length == 2).ToArray();
        Assert.Equal(NumberingPlan.Countries, listed);
    }

    [Fact]
    public void Readme_PolicyTable_NamesEveryRule()
    {
        var text = Readme();
        Assert.All(NumberPolicy.Rules, rule => Assert.Contains($"`{rule.Id}`", text, StringComparison.Ordinal));
    }
}
