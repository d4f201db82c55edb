using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data;

namespace NumberBlocks.Api.Tests.Infrastructure;

/// <summary>
/// SQLite databases for the suite that start with the schema already applied: the migrations run once per test run into
/// a template file, and every <see cref="ServiceFactory"/> without a connection string gets a copy of it. The service's
/// own start then finds nothing to apply. Migrating from an empty file stays covered by the tests that start the service
/// on a new file of their own (FaultTests, the SQLite migration of the template itself).
/// </summary>
public static class TestSqlite
{
    private static readonly Lazy<string> Template = new(CreateTemplate, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A new file holding the current schema and no data; returns its connection string.</summary>
    public static string CreateMigratedDatabase()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nb-test-{Guid.NewGuid():N}.db");
        File.Copy(Template.Value, path);
        return $"Data Source={path}";
    }

    /// <summary>
    /// Migrates an empty file with the service's own migrator, then writes a standalone copy with VACUUM INTO (no WAL
    /// beside it, so copying the one file is a consistent copy). The template is left in WAL mode, as the service leaves
    /// a database it created.
    /// </summary>
    private static string CreateTemplate()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"nb-sqlite-template-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var migrating = Path.Combine(dir, "migrating.db");
        var template = Path.Combine(dir, "template.db");
        var options = new DbContextOptionsBuilder<NumberBlocksDbContext>();
        DatabaseSetup.Configure(options, DatabaseProvider.Sqlite, $"Data Source={migrating}");
        using (var db = new NumberBlocksDbContext(options.Options))
        {
            // Microsoft.Data.Sqlite runs its async methods synchronously, so waiting here blocks no other test's thread.
            SchemaMigrator.MigrateAsync(db).GetAwaiter().GetResult();
            SqliteConnection.ClearPool((SqliteConnection)db.Database.GetDbConnection());
        }
        using (var source = new SqliteConnection($"Data Source={migrating};Pooling=False"))
        {
            source.Open();
            using var vacuum = source.CreateCommand();
            vacuum.CommandText = "VACUUM INTO $target";
            vacuum.Parameters.AddWithValue("$target", template);
            vacuum.ExecuteNonQuery();
        }
        using (var copy = new SqliteConnection($"Data Source={template};Pooling=False"))
        {
            copy.Open();
            using var wal = copy.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode=WAL";
            wal.ExecuteNonQuery();
        }
        if (File.Exists(template + "-wal")) throw new InvalidOperationException($"The SQLite template {template} kept a WAL file after its last connection closed.");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(dir, recursive: true); }
            catch (IOException) { /* left in the temp directory; nothing reads it again */ }
            catch (UnauthorizedAccessException) { /* idem */ }
        };
        return template;
    }
}
