using NumberBlocks.Data.Entities;

namespace NumberBlocks.Api.Fone;

/// <summary>
/// The Fone Dynamics records of properties and number blocks, under the names the operator API's catalogue endpoints
/// still call them by (they answer the same PascalCase objects inside their {"data": …} envelope).
/// </summary>
public static class FoneViews
{
    public static FoneProperty Property(Property p) => FoneProperty.From(p);

    public static FoneNumberBlock Block(CatalogueBlock b) => FoneNumberBlock.From(b);
}
