using NumberBlocks.Data.Entities;
using NumberBlocks.Data.Porting;
using Npgsql;
using NpgsqlTypes;

namespace NumberBlocks.Data;

/// <summary>
/// Writes porting phone number rows in bulk, the hot path of a 1000-number block: one prepared statement reused per
/// row on SQLite, one binary COPY on PostgreSQL, both inside the caller's transaction.
/// </summary>
public static class PortingNumberWriter
{
    public static async Task InsertAsync(NumberBlocksDbContext db, IReadOnlyList<PortingPhoneNumber> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        await db.EnsureOpenAsync(ct);
        if (db.IsSqlite) await InsertSqliteAsync(db, rows, ct);
        else await CopyPostgresAsync(db, rows, ct);
    }

    private static async Task InsertSqliteAsync(NumberBlocksDbContext db, IReadOnlyList<PortingPhoneNumber> rows, CancellationToken ct)
    {
        await using var cmd = db.Command(
            "INSERT INTO porting_phone_numbers (id, porting_order_id, account_id, phone_number, block_id, activate, phone_number_type, country_code, activation_status, portability_status, requirements_status) " +
            "VALUES (@id, @o, @a, @n, @b, @act, @t, @c, @as, @ps, @rs)");
        var id = Add(cmd, "@id"); var o = Add(cmd, "@o"); var a = Add(cmd, "@a"); var n = Add(cmd, "@n"); var b = Add(cmd, "@b");
        var act = Add(cmd, "@act"); var t = Add(cmd, "@t"); var c = Add(cmd, "@c"); var @as = Add(cmd, "@as"); var ps = Add(cmd, "@ps"); var rs = Add(cmd, "@rs");
        cmd.Prepare();
        foreach (var r in rows)
        {
            id.Value = r.Id.ToString(); o.Value = r.PortingOrderId.ToString(); a.Value = r.AccountId.ToString(); n.Value = r.PhoneNumber;
            b.Value = r.BlockId?.ToString() ?? (object)DBNull.Value; act.Value = r.Activate ? 1L : 0L; t.Value = r.PhoneNumberType;
            c.Value = r.CountryCode; @as.Value = Stored(r.ActivationStatus) ?? (object)DBNull.Value;
            ps.Value = StoredStates.Portability.Name(r.PortabilityStatus); rs.Value = StoredStates.Requirements.Name(r.RequirementsStatus);
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    private static System.Data.Common.DbParameter Add(System.Data.Common.DbCommand cmd, string name)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        cmd.Parameters.Add(p);
        return p;
    }

    private static async Task CopyPostgresAsync(NumberBlocksDbContext db, IReadOnlyList<PortingPhoneNumber> rows, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnectionCompat();
        await using var import = await connection.BeginBinaryImportAsync(
            "COPY porting_phone_numbers (id, porting_order_id, account_id, phone_number, block_id, activate, phone_number_type, country_code, activation_status, portability_status, requirements_status) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var r in rows)
        {
            await import.StartRowAsync(ct);
            await import.WriteAsync(r.Id, NpgsqlDbType.Uuid, ct);
            await import.WriteAsync(r.PortingOrderId, NpgsqlDbType.Uuid, ct);
            await import.WriteAsync(r.AccountId, NpgsqlDbType.Uuid, ct);
            await import.WriteAsync(r.PhoneNumber, NpgsqlDbType.Bigint, ct);
            if (r.BlockId is { } block) await import.WriteAsync(block, NpgsqlDbType.Uuid, ct); else await import.WriteNullAsync(ct);
            await import.WriteAsync(r.Activate, NpgsqlDbType.Boolean, ct);
            await import.WriteAsync(r.PhoneNumberType, NpgsqlDbType.Text, ct);
            await import.WriteAsync(r.CountryCode, NpgsqlDbType.Text, ct);
            if (Stored(r.ActivationStatus) is { } status) await import.WriteAsync(status, NpgsqlDbType.Text, ct); else await import.WriteNullAsync(ct);
            await import.WriteAsync(StoredStates.Portability.Name(r.PortabilityStatus), NpgsqlDbType.Text, ct);
            await import.WriteAsync(StoredStates.Requirements.Name(r.RequirementsStatus), NpgsqlDbType.Text, ct);
        }
        await import.CompleteAsync(ct);
    }

    private static string? Stored(Domain.Porting.ActivationStatus? status) => status is { } s ? StoredStates.Activation.Name(s) : null;

    private static System.Data.Common.DbConnection GetDbConnectionCompat(this Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database) =>
        Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetDbConnection(database);
}
