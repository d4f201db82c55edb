using System.Text.RegularExpressions;
using NetArchTest.Rules;

namespace NumberBlocks.Api.Tests.Architecture;

/// <summary>
/// The architecture's rules (STYLE.md, "surfaces are adapters over one kernel"): a wire surface uses the kernel
/// (NumberBlocks.Api.Http and the shared mechanisms), the domain and the data layer, never another surface; the kernel
/// uses no surface; and no answer body is built by hand outside the surfaces' error mappers.
/// </summary>
public sealed class DependencyRuleTests
{
    private static readonly string[] Surfaces = ["Telnyx", "Cm", "Fone", "Admin", "Console"];

    /// <summary>Shared by every surface; Hosting (the composition root) is the only namespace that sees them all.</summary>
    private static readonly string[] Kernel = ["Http", "Hardening", "Auth", "Callbacks", "Requests", "Workers"];

    public static TheoryData<string> SurfaceNames => new(Surfaces);

    [Theory]
    [MemberData(nameof(SurfaceNames))]
    public void Surface_UsesNoOtherSurface(string surface)
    {
        var others = Surfaces.Where(s => s != surface).Select(s => $"NumberBlocks.Api.{s}").ToArray();
        var result = Types.InAssembly(typeof(Program).Assembly)
            .That().ResideInNamespace($"NumberBlocks.Api.{surface}")
            .ShouldNot().HaveDependencyOnAny(others)
            .GetResult();
        Assert.True(result.IsSuccessful, $"types of {surface} using another surface: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void Kernel_UsesNoSurface()
    {
        var result = Types.InAssembly(typeof(Program).Assembly)
            .That().ResideInNamespaceMatching($"^NumberBlocks\\.Api\\.({string.Join('|', Kernel)})(\\.|$)")
            .ShouldNot().HaveDependencyOnAny(Surfaces.Select(s => $"NumberBlocks.Api.{s}").ToArray())
            .GetResult();
        Assert.True(result.IsSuccessful, $"kernel types using a surface: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void Data_UsesNeitherApiNorAnyWireSurface()
    {
        var result = Types.InAssembly(typeof(NumberBlocks.Data.NumberBlocksDbContext).Assembly)
            .ShouldNot().HaveDependencyOn("NumberBlocks.Api")
            .GetResult();
        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }

    // Answers are typed results (TypedResults / Results<…>) so the OpenAPI document describes them; the only code that
    // writes a body itself is a surface's error mapper, through WireResponses.
    private static readonly Regex HandBuiltAnswer = new(@"(?<!Typed)Results\.Json\(|WriteAsJsonAsync\(|new\s*\{\s*errors\s*=|ResponseStatus\s*=\s*new\s*\{", RegexOptions.Compiled);

    public static TheoryData<string> Folders => new([.. Surfaces, .. Kernel, "Hosting"]);

    [Theory]
    [MemberData(nameof(Folders))]
    public void Answers_InFolder_AreNeverBuiltByHand(string folder)
    {
        var root = Path.Combine(RepositoryRoot(), "src", "NumberBlocks.Api", folder);
        if (!Directory.Exists(root)) return;
        var found = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => HandBuiltAnswer.IsMatch(x.line) && !IsTheOneWriter(x.f))
            .Select(x => $"{Path.GetRelativePath(root, x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.True(found.Count == 0, $"{found.Count} hand-built answers in {folder}:\n" + string.Join("\n", found));
    }

    /// <summary>WireResponses (Http/WireJson.cs) is the single place the mappers' bodies are written.</summary>
    private static bool IsTheOneWriter(string file) => file.EndsWith(Path.Combine("Http", "WireJson.cs"), StringComparison.Ordinal);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NumberBlocks.slnx"))) return dir.FullName;
        throw new InvalidOperationException("NumberBlocks.slnx not found above " + AppContext.BaseDirectory);
    }
}
