using System.Net;
using System.Net.Sockets;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Domain.Catalogue;

public enum AnswerPointKind { PhoneNumber, SipUri }

/// <summary>
/// Where a block's calls are answered (seed 004: AnswerPoint; the configure call's EndpointNumber): an E.164 number
/// ("+61298765432") or a SIP URI ("sip:reception@pbx.example.com:5060;transport=tls"). Stored as given, after checks.
/// </summary>
public sealed record AnswerPoint(string Value, AnswerPointKind Kind)
{
    public const int MaxLength = 256;

    public static Result<AnswerPoint> Parse(string? text, string pointer)
    {
        var name = pointer.TrimStart('/');
        if (string.IsNullOrEmpty(text)) return DomainError.Required(pointer);
        if (text.Length > MaxLength)
            return Invalid(pointer, $"{name} is longer than {MaxLength} characters.");
        if (text[0] == '+')
        {
            var number = E164Number.Parse(text, pointer);
            return number.IsSuccess
                ? new AnswerPoint(number.Value.ToString(), AnswerPointKind.PhoneNumber)
                : Invalid(pointer, $"{name} must be an E.164 number (+ and 7 to 15 digits) or a SIP URI (sip:user@host); '{Shorten(text)}' is neither.");
        }
        var why = SipUriProblem(text);
        return why is null
            ? new AnswerPoint(text, AnswerPointKind.SipUri)
            : Invalid(pointer, $"{name} must be an E.164 number (+ and 7 to 15 digits) or a SIP URI (sip:user@host); '{Shorten(text)}': {why}.");
    }

    /// <summary>
    /// RFC 3261 section 19.1, the parts an answer point needs: "sip:" or "sips:", an optional user (no password),
    /// a host name, IPv4 address or [IPv6] literal, an optional port 1..65535, and optional ";name=value" parameters.
    /// Headers ("?…"), whitespace and control characters are refused.
    /// </summary>
    internal static string? SipUriProblem(string text)
    {
        string rest;
        if (text.StartsWith("sip:", StringComparison.OrdinalIgnoreCase)) rest = text[4..];
        else if (text.StartsWith("sips:", StringComparison.OrdinalIgnoreCase)) rest = text[5..];
        else return "a SIP URI starts with sip: or sips:";
        foreach (var c in rest)
            if (c <= ' ' || c >= 0x7F) return "whitespace, control and non-ASCII characters are not allowed";

        var paramsAt = rest.IndexOf(';');
        var parameters = paramsAt >= 0 ? rest[paramsAt..] : "";
        var main = paramsAt >= 0 ? rest[..paramsAt] : rest;
        if (main.Contains('?') || parameters.Contains('?')) return "URI headers (?…) are not allowed";

        var at = main.LastIndexOf('@');
        if (at >= 0)
        {
            var user = main[..at];
            if (user.Length == 0) return "the user part before @ is empty";
            if (user.Contains(':')) return "a password in the URI is not allowed";
            foreach (var c in user)
                if (!(char.IsAsciiLetterOrDigit(c) || "-_.!~*'()%&=+$,/".Contains(c))) return $"'{c}' is not allowed in the user part";
            main = main[(at + 1)..];
        }

        string host = main, port = "";
        if (main.StartsWith('['))
        {
            var close = main.IndexOf(']');
            if (close < 0) return "the IPv6 address is missing its ]";
            host = main[1..close];
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6) return "the address in [] is not IPv6";
            port = main[(close + 1)..];
            if (port.Length > 0 && port[0] != ':') return "only :port may follow the IPv6 address";
            port = port.Length > 0 ? port[1..] : "";
        }
        else
        {
            var colon = main.IndexOf(':');
            if (colon >= 0) { host = main[..colon]; port = main[(colon + 1)..]; if (port.Length == 0) return "the port after : is empty"; }
            if (!IsHostName(host)) return "the host is not a valid host name or IPv4 address";
        }
        if (port.Length > 0 && !(port.Length <= 5 && port.All(char.IsAsciiDigit) && int.Parse(port, System.Globalization.CultureInfo.InvariantCulture) is >= 1 and <= 65535))
            return "the port must be a number from 1 to 65535";

        foreach (var p in parameters.Split(';', StringSplitOptions.None).Skip(1))
        {
            if (p.Length == 0) return "an empty ;parameter";
            foreach (var c in p)
                if (!(char.IsAsciiLetterOrDigit(c) || "-_.!~*'()%=[]/:&+$".Contains(c))) return $"'{c}' is not allowed in a parameter";
        }
        return null;
    }

    /// <summary>RFC 1123 host names (letters, digits, hyphens; labels of 1..63) or a dotted IPv4 address.</summary>
    internal static bool IsHostName(string host)
    {
        if (host.Length is 0 or > 253) return false;
        var labels = host.Split('.');
        if (labels.All(l => l.Length > 0 && l.All(char.IsAsciiDigit)))
            return labels.Length == 4 && IPAddress.TryParse(host, out _);
        foreach (var l in labels)
        {
            if (l.Length is 0 or > 63 || l[0] == '-' || l[^1] == '-') return false;
            if (!l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')) return false;
        }
        return true;
    }

    private static DomainError Invalid(string pointer, string detail) => new(ErrorCodes.InvalidAnswerPoint, detail, pointer);

    private static string Shorten(string v) => v.Length <= 40 ? v : v[..40] + "…";
}
