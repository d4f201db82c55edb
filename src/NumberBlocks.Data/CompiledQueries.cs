using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace NumberBlocks.Data;

/// <summary>
/// A class of EF Core compiled queries (EF.CompileAsyncQuery fields), one instance per model. A compiled query is
/// translated once instead of having its LINQ tree built, hashed and looked up in the query cache on every call; and
/// EF Core refuses to run one against a model other than the one it was compiled for (its CompiledQueryDifferentModel
/// error), while a process holding both providers, as the test suite does, has two models.
/// </summary>
public static class CompiledQueries<TQueries> where TQueries : class, new()
{
    /// <summary>Weak by model, so a model a test host dropped takes its queries with it.</summary>
    private static readonly ConditionalWeakTable<IModel, TQueries> ByModel = new();

    public static TQueries For(DbContext db) => ByModel.GetValue(db.Model, static _ => new TQueries());
}
