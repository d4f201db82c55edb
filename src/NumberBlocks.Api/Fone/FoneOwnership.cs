using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data;
using NumberBlocks.Data.Entities;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Fone;

/// <summary>
/// The ids a Fone Dynamics request names for the caller: an AccountSid must be the caller's own account and a PropertySid
/// one of its properties. Another tenant's id is reported exactly like one that does not exist.
/// </summary>
public static class FoneOwnership
{
    public static DomainError? CheckAccount(string? accountText, Guid caller, string field) =>
        accountText is null || (Guid.TryParse(accountText, out var id) && id == caller)
            ? null
            : new DomainError(ErrorCodes.AccountNotFound, $"AccountSid {Shorten(accountText)}: no such account for these credentials.", "/" + field, ErrorKind.NotFound);

    public static async Task<Result<Property>> FindPropertyAsync(NumberBlocksDbContext db, string? propertyText, Guid caller, CancellationToken ct)
    {
        var property = Guid.TryParse(propertyText, out var id)
            ? await db.Properties.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && p.AccountId == caller, ct)
            : null;
        return property is null
            ? new DomainError(ErrorCodes.PropertyNotFound, $"PropertySid {Shorten(propertyText ?? "")}: no such property on this account.", "/PropertySid", ErrorKind.NotFound)
            : property;
    }

    /// <summary>Checks AccountSid and PropertySid (either may be absent); returns the property's id, or null without one.</summary>
    public static async Task<Result<Guid?>> AddressAsync(NumberBlocksDbContext db, Guid caller, string? accountText, string? propertyText, CancellationToken ct)
    {
        if (CheckAccount(accountText, caller, "AccountSid") is { } accountError) return accountError;
        if (propertyText is null) return Result<Guid?>.Ok(null);
        var property = await FindPropertyAsync(db, propertyText, caller, ct);
        return property.IsFailure ? Result<Guid?>.Fail(property.Errors) : Result<Guid?>.Ok(property.Value.Id);
    }

    /// <summary>An id as the client sent it, cut short enough to quote in a message.</summary>
    public static string Shorten(string v) => v.Length <= 40 ? v : v[..40] + "…";
}
