using NumberBlocks.Data.Entities;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Data.Catalogue;

/// <summary>Properties (seed 004's sub-accounts) as rows.</summary>
public static class PropertyOperations
{
    /// <summary>Adds a property named <paramref name="name"/> (already checked by Domain.Catalogue.PropertyName) to the account.</summary>
    public static async Task<Property> CreateAsync(NumberBlocksDbContext db, Guid accountId, string name, DateTimeOffset now, CancellationToken ct)
    {
        var property = new Property { Id = Guid.NewGuid(), AccountId = accountId, Name = name, CreatedAt = now };
        db.Properties.Add(property);
        await db.RunAsync(_ => Task.FromResult(Result.Ok(property)), ct);
        return property;
    }
}
