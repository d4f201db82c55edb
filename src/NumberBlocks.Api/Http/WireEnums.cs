namespace NumberBlocks.Api.Http;

/// <summary>
/// A domain enum and a surface's wire enum that spells it: the wire enum has a member of the same name for every domain
/// member, mapped by name both ways. <see cref="Check{TDomain,TWire}"/> at a surface's start makes a gap fail the start,
/// not a request.
/// </summary>
public static class WireEnums
{
    public static TWire To<TDomain, TWire>(TDomain value) where TDomain : struct, Enum where TWire : struct, Enum => Map<TDomain, TWire>.To(value);

    public static TDomain From<TDomain, TWire>(TWire value) where TDomain : struct, Enum where TWire : struct, Enum => Map<TDomain, TWire>.From(value);

    /// <summary>Every domain member has the wire member of the same name (throws otherwise).</summary>
    public static void Check<TDomain, TWire>() where TDomain : struct, Enum where TWire : struct, Enum => _ = Map<TDomain, TWire>.To(default);

    private static class Map<TDomain, TWire> where TDomain : struct, Enum where TWire : struct, Enum
    {
        private static readonly Dictionary<TDomain, TWire> Forward = Enum.GetValues<TDomain>().ToDictionary(d => d,
            d => Enum.TryParse<TWire>(d.ToString(), out var w) && Enum.IsDefined(w) ? w
                : throw new InvalidOperationException($"{typeof(TWire).Name} has no member for {typeof(TDomain).Name}.{d}."));
        private static readonly Dictionary<TWire, TDomain> Back = Forward.ToDictionary(p => p.Value, p => p.Key);

        public static TWire To(TDomain value) => Forward[value];
        public static TDomain From(TWire value) => Back.TryGetValue(value, out var d) ? d
            : throw new InvalidOperationException($"{typeof(TDomain).Name} has no member for {typeof(TWire).Name}.{value}.");
    }
}
