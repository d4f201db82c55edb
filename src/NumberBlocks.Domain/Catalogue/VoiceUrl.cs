using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Outbound;

namespace NumberBlocks.Domain.Catalogue;

/// <summary>
/// Seed 004's ProgrammableVoiceUrl: a URL the platform may call, so the one outbound-URL rule applies
/// (<see cref="OutboundUrl"/>); whoever calls it connects through the Api's outbound guard, which checks the resolved
/// address again. The URL is kept in its normalised form.
/// </summary>
public static class VoiceUrl
{
    public const int MaxLength = OutboundUrl.MaxLength;

    public static Result<string> Parse(string text, string pointer) =>
        OutboundUrl.Parse(text, pointer, OutboundAllowList.None).Map(uri => uri.OriginalString);
}
