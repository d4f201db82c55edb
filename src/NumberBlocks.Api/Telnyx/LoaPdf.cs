using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace NumberBlocks.Api.Telnyx;

/// <summary>Who the LOA is made out to: the company, its address and contact (an LOA configuration), and its logo (PNG bytes).</summary>
public sealed record LoaLetterhead(string CompanyName, IReadOnlyList<string> AddressLines, string ContactEmail, string ContactPhoneNumber, byte[]? LogoPng);

/// <summary>What the LOA authorizes: whose numbers, which, and from which carrier.</summary>
public sealed record LoaContent(
    string Reference,
    DateOnly Date,
    string? EntityName,
    string? AuthPersonName,
    string? AccountNumber,
    string? BillingPhoneNumber,
    IReadOnlyList<string> ServiceAddressLines,
    string? LosingCarrier,
    IReadOnlyList<string> NumberLines);

/// <summary>
/// The Letter of Authorization as a PDF (PDFsharp): the letterhead, the end user and service address, every number
/// (consecutive numbers as one range), the authorization text and the signature lines. Pages are added as the number
/// list needs them.
/// </summary>
public static class LoaPdf
{
    private const string Family = "NumberBlocks Sans";
    private const double Margin = 56;

    static LoaPdf()
    {
        // PDFsharp's core build finds no fonts by itself on Linux: it is told which TrueType files to embed.
        GlobalFontSettings.FontResolver ??= new EmbeddedFontResolver();
    }

    public static byte[] Build(LoaLetterhead head, LoaContent content)
    {
        using var document = new PdfDocument();
        document.Info.Title = "Letter of Authorization " + content.Reference;
        document.Info.Creator = "NumberBlocks";
        var regular = new XFont(Family, 10, XFontStyleEx.Regular);
        var bold = new XFont(Family, 10, XFontStyleEx.Bold);
        var title = new XFont(Family, 18, XFontStyleEx.Bold);

        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        var gfx = XGraphics.FromPdfPage(page);
        double y = Margin;

        if (head.LogoPng is { Length: > 0 } logo)
        {
            using var stream = new MemoryStream(logo);
            using var image = XImage.FromStream(stream);
            var height = 48.0;
            var width = Math.Min(160, image.PixelWidth * height / Math.Max(1, image.PixelHeight));
            gfx.DrawImage(image, page.Width.Point - Margin - width, y, width, height);
        }
        Line(head.CompanyName, bold);
        foreach (var l in head.AddressLines) Line(l, regular);
        Line($"{head.ContactEmail} · {head.ContactPhoneNumber}", regular);
        y += 24;
        Line("Letter of Authorization", title, 26);
        Line($"Porting order {content.Reference}    Date {content.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}", regular);
        y += 10;

        Line("End user", bold);
        Field("Name", content.EntityName);
        Field("Authorized person", content.AuthPersonName);
        Field("Account number", content.AccountNumber);
        Field("Billing telephone number", content.BillingPhoneNumber);
        Field("Service address", content.ServiceAddressLines.Count == 0 ? null : string.Join(", ", content.ServiceAddressLines));
        Field("Current carrier", content.LosingCarrier);
        y += 10;

        Line("Numbers to port", bold);
        foreach (var n in content.NumberLines) Line("  " + n, regular);
        y += 14;

        var who = content.AuthPersonName ?? "the undersigned";
        var whose = content.EntityName ?? "the end user";
        foreach (var l in Wrap($"I, {who}, authorized to act for {whose}, authorize {head.CompanyName} to act as our agent to port the numbers " +
            "above from our current carrier, to receive our account information for that purpose, and to release them from that carrier. " +
            "I confirm that the information above is correct and that we are the holder of these numbers.", gfx, regular, page.Width.Point - 2 * Margin))
            Line(l, regular);
        y += 36;
        Line("Signature: ____________________________________        Date: ________________", regular);
        Line($"Printed name: {content.AuthPersonName ?? "____________________________________"}", regular);
        gfx.Dispose();

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();

        void Field(string label, string? value) => Line($"{label}: {value ?? "—"}", regular);

        void Line(string text, XFont font, double height = 15)
        {
            if (y + height > page.Height.Point - Margin)
            {
                gfx.Dispose();
                page = document.AddPage();
                page.Size = PdfSharp.PageSize.A4;
                gfx = XGraphics.FromPdfPage(page);
                y = Margin;
            }
            gfx.DrawString(text, font, XBrushes.Black, new XRect(Margin, y, page.Width.Point - 2 * Margin, height), XStringFormats.TopLeft);
            y += height;
        }
    }

    private static IEnumerable<string> Wrap(string text, XGraphics gfx, XFont font, double width)
    {
        var line = "";
        foreach (var word in text.Split(' '))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (gfx.MeasureString(candidate, font).Width > width && line.Length > 0)
            {
                yield return line;
                line = word;
            }
            else line = candidate;
        }
        if (line.Length > 0) yield return line;
    }

    /// <summary>Sorted numbers as lines: a run of consecutive numbers is one "first – last (n numbers)" line.</summary>
    public static IReadOnlyList<string> NumberLines(IReadOnlyList<long> sortedNumbers)
    {
        var lines = new List<string>();
        for (var i = 0; i < sortedNumbers.Count;)
        {
            var j = i;
            while (j + 1 < sortedNumbers.Count && sortedNumbers[j + 1] == sortedNumbers[j] + 1) j++;
            lines.Add(j == i ? $"+{sortedNumbers[i]}" : $"+{sortedNumbers[i]} – +{sortedNumbers[j]} ({j - i + 1} numbers)");
            i = j + 1;
        }
        return lines;
    }

    /// <summary>
    /// The TrueType faces the LOA is set in: DejaVu Sans, embedded in this assembly (Telnyx/Fonts, Bitstream Vera
    /// licence), so the letter renders the same on every host, with or without system fonts.
    /// </summary>
    private sealed class EmbeddedFontResolver : IFontResolver
    {
        private static readonly Lazy<byte[]> Regular = new(() => Embedded("DejaVuSans.ttf"));
        private static readonly Lazy<byte[]> Bold = new(() => Embedded("DejaVuSans-Bold.ttf"));

        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
            new(bold ? "nb-bold" : "nb-regular");

        public byte[]? GetFont(string faceName) => faceName == "nb-bold" ? Bold.Value : Regular.Value;

        private static byte[] Embedded(string file)
        {
            using var stream = typeof(EmbeddedFontResolver).Assembly.GetManifestResourceStream("NumberBlocks.Fonts." + file)
                ?? throw new InvalidOperationException("The LOA font " + file + " is missing from the assembly.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
