using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data;
using NumberBlocks.Data.Entities;

namespace NumberBlocks.Api.Auth;

/// <summary>
/// The operator's key: NumberBlocks:OperatorKey when configured; otherwise generated on first start, printed once,
/// and kept only as its SHA-256 in operator_settings.
/// </summary>
public sealed class OperatorKey
{
    private const string SettingName = "operator_key_sha256";
    private byte[]? _hash;

    public bool IsReady => _hash is not null;

    /// <summary>Loads or creates the key hash; returns the new key when one was generated (to print once).</summary>
    public async Task<string?> InitializeAsync(NumberBlocksDbContext db, string? configured, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            _hash = SHA256.HashData(Encoding.UTF8.GetBytes(configured.Trim()));
            return null;
        }
        var stored = await db.OperatorSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == SettingName, ct);
        if (stored is not null)
        {
            _hash = Convert.FromHexString(stored.Value);
            return null;
        }
        var key = ApiKeys.Issue(ApiKeys.OperatorScheme).Key;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        db.OperatorSettings.Add(new OperatorSetting { Key = SettingName, Value = Convert.ToHexString(hash) });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another process started at the same moment and stored its key first: use that one.
            db.ChangeTracker.Clear();
            stored = await db.OperatorSettings.AsNoTracking().FirstAsync(s => s.Key == SettingName, ct);
            _hash = Convert.FromHexString(stored.Value);
            return null;
        }
        _hash = hash;
        return key;
    }

    public bool Matches(string? presented) =>
        presented is not null && _hash is not null
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _hash);
}
