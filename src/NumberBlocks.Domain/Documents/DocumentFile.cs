using System.Security.Cryptography;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Domain.Documents;

/// <summary>The kinds of file a customer may upload as a porting document: what an LOA, a bill or a scan is sent as.</summary>
public enum DocumentKind { Pdf, Png, Jpeg }

/// <summary>
/// A document's bytes, checked: at most <see cref="MaxBytes"/>, and a PDF, PNG or JPEG by its first bytes (the type a
/// client declares is not trusted; a renamed executable is not a PDF). Carries its SHA-256 as Telnyx's DocServiceDocument does.
/// </summary>
public sealed class DocumentFile
{
    /// <summary>10 MiB: a scanned multi-page LOA or bill fits; Telnyx's document service gives no smaller figure.</summary>
    public const int MaxBytes = 10 * 1024 * 1024;
    public const int MaxFilenameLength = 255;

    public byte[] Content { get; }
    public DocumentKind Kind { get; }
    public string Sha256 { get; }
    public string Filename { get; }

    private DocumentFile(byte[] content, DocumentKind kind, string filename)
    {
        Content = content;
        Kind = kind;
        Filename = filename;
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
    }

    public string ContentType => ContentTypeOf(Kind);

    public static string ContentTypeOf(DocumentKind kind) => kind switch
    {
        DocumentKind.Pdf => "application/pdf",
        DocumentKind.Png => "image/png",
        DocumentKind.Jpeg => "image/jpeg",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The file, or why it is refused (at <paramref name="pointer"/>, the field that held the bytes).</summary>
    public static Result<DocumentFile> Of(byte[] content, string? filename, string pointer, string filenamePointer)
    {
        if (content.Length == 0) return new DomainError(ErrorCodes.InvalidValue, "The document is empty.", pointer);
        if (content.Length > MaxBytes)
            return new DomainError(ErrorCodes.DocumentTooLarge, $"The document is {content.Length} bytes; at most {MaxBytes} (10 MiB) are accepted.", pointer);
        var kind = Sniff(content);
        if (kind is null)
            return new DomainError(ErrorCodes.DocumentTypeNotAllowed,
                "The document is not a PDF, PNG or JPEG file (judged by its first bytes, not its name or declared type).", pointer);
        var name = string.IsNullOrWhiteSpace(filename) ? DefaultName(kind.Value) : filename.Trim();
        if (FilenameError(name, filenamePointer) is { } bad) return bad;
        return new DocumentFile(content, kind.Value, name);
    }

    public static DomainError? FilenameError(string name, string pointer)
    {
        if (name.Length > MaxFilenameLength)
            return new DomainError(ErrorCodes.InvalidValue, $"'filename' is longer than {MaxFilenameLength} characters.", pointer);
        // A name is shown back in Content-Disposition: no path separators and no control characters.
        if (name.Any(c => char.IsControl(c) || c is '/' or '\\'))
            return new DomainError(ErrorCodes.InvalidValue, "'filename' must not contain control characters or path separators.", pointer);
        return null;
    }

    private static string DefaultName(DocumentKind kind) => kind switch
    {
        DocumentKind.Pdf => "document.pdf",
        DocumentKind.Png => "document.png",
        _ => "document.jpg",
    };

    /// <summary>Magic numbers: PDF "%PDF-" (ISO 32000-1 7.5.2), PNG's 8-byte signature (RFC 2083 3.1), JPEG's SOI marker FF D8 FF.</summary>
    public static DocumentKind? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("%PDF-"u8)) return DocumentKind.Pdf;
        if (bytes.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })) return DocumentKind.Png;
        if (bytes.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF })) return DocumentKind.Jpeg;
        return null;
    }
}
