using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using NumberBlocks.Api.Hosting;
using NumberBlocks.Data;

namespace NumberBlocks.Api.Http;

/// <summary>
/// The context for reads that may be served by a standby (<see cref="StandbyRouting"/>): a handler asks for it with
/// <c>[FromStandby] NumberBlocksDbContext db</c>. Only catalogue and list views do; a view of one resource by id stays
/// on the primary, so a client that creates something and reads it back finds it. When no read connection is
/// configured this is the request's ordinary (primary) context, so nothing changes.
/// </summary>
public static class StandbyReads
{
    public const string Key = "standby-reads";

    /// <summary>Registers the read context beside the primary one, whatever way the primary one is registered (pooled or not).</summary>
    public static IServiceCollection AddStandbyReads(this IServiceCollection services)
    {
        services.AddSingleton<StandbyReadContexts>();
        services.AddKeyedScoped<NumberBlocksDbContext>(Key, (sp, _) =>
            sp.GetRequiredService<StandbyReadContexts>().Lease() ?? sp.GetRequiredService<NumberBlocksDbContext>());
        return services;
    }
}

/// <summary>Binds a handler's <see cref="NumberBlocksDbContext"/> parameter to the context for reads that may lag.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class FromStandbyAttribute() : FromKeyedServicesAttribute(StandbyReads.Key);

/// <summary>
/// Contexts on the read connection, pooled (EF Core's <see cref="PooledDbContextFactory{TContext}"/>: disposing one at the
/// end of the request returns it to the pool). Null leases when reads go to the primary.
/// </summary>
public sealed class StandbyReadContexts
{
    private readonly PooledDbContextFactory<NumberBlocksDbContext>? _factory;

    public StandbyReadContexts(ResolvedDatabase database)
    {
        if (database.ReadConnectionString is not { } read) return;
        var options = new DbContextOptionsBuilder<NumberBlocksDbContext>();
        DatabaseSetup.Configure(options, database.Provider, read);
        _factory = new PooledDbContextFactory<NumberBlocksDbContext>(options.Options);
    }

    public bool Separate => _factory is not null;

    public NumberBlocksDbContext? Lease() => _factory?.CreateDbContext();
}
