using System.Text.Json;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Http;

/// <summary>
/// Reads a request body as JSON and its fields by name, collecting every refusal with the JSON pointer of the field.
/// Wire adapters read with this, then hand plain values to the domain.
/// </summary>
public sealed class JsonInput
{
    private readonly List<DomainError> _errors = [];
    public IReadOnlyList<DomainError> Errors => _errors;
    public bool HasErrors => _errors.Count > 0;

    /// <summary>Maximum depth of a body; deeper JSON is refused as malformed rather than walked.</summary>
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32, CommentHandling = JsonCommentHandling.Disallow };

    public static async Task<Result<JsonElement>> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            using var doc = await JsonDocument.ParseAsync(request.Body, DocumentOptions, ct);
            // Issue 8 (fuzzing): the parser leaves strings undecoded; broken UTF-8 in a name or value would throw later, in a handler.
            if (!IsValidUtf8(doc.RootElement))
                return new DomainError(ErrorCodes.MalformedJson, "The body is not valid UTF-8.", "", ErrorKind.Malformed);
            return doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            var detail = ex.LineNumber is { } line
                ? $"The body is not valid JSON (line {line + 1}, byte {ex.BytePositionInLine + 1})."
                : "The body is not valid JSON.";
            if (request.ContentLength == 0 || ex.BytePositionInLine == 0 && ex.LineNumber == 0)
                detail = "A JSON body is required.";
            return new DomainError(ErrorCodes.MalformedJson, detail, "", ErrorKind.Malformed);
        }
    }

    /// <summary>Decodes every property name and string once; false when one of them is not valid UTF-8.</summary>
    private static bool IsValidUtf8(JsonElement element)
    {
        try
        {
            Decode(element);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        static void Decode(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject())
                    {
                        _ = p.Name;
                        Decode(p.Value);
                    }
                    break;
                case JsonValueKind.Array:
                    foreach (var item in e.EnumerateArray()) Decode(item);
                    break;
                case JsonValueKind.String:
                    _ = e.GetString();
                    break;
            }
        }
    }

    public void Add(DomainError error) => _errors.Add(error);
    public void AddRange(IEnumerable<DomainError> errors) => _errors.AddRange(errors);

    /// <summary>The body must be an object; anything else is one error at the root.</summary>
    public bool RequireObject(JsonElement element, string pointer)
    {
        if (element.ValueKind == JsonValueKind.Object) return true;
        _errors.Add(new DomainError(ErrorCodes.InvalidType, $"Expected a JSON object, got {Describe(element)}.", pointer));
        return false;
    }

    public JsonElement? Property(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object) return null;
        return obj.TryGetProperty(name, out var value) ? value : null;
    }

    public string? String(JsonElement obj, string name, string pointer, bool required = false, int maxLength = 1000)
    {
        var value = Property(obj, name);
        if (value is null || value.Value.ValueKind == JsonValueKind.Null)
        {
            if (required) _errors.Add(DomainError.Required(pointer));
            return null;
        }
        if (value.Value.ValueKind != JsonValueKind.String)
        {
            _errors.Add(new DomainError(ErrorCodes.InvalidType, $"'{name}' must be a string, got {Describe(value.Value)}.", pointer));
            return null;
        }
        var text = value.Value.GetString()!;
        if (text.Length > maxLength)
        {
            _errors.Add(new DomainError(ErrorCodes.InvalidValue, $"'{name}' is longer than {maxLength} characters.", pointer));
            return null;
        }
        // Issue 3: PostgreSQL text cannot hold U+0000 (SQLite can); refuse it on both so neither answers differently.
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            _errors.Add(new DomainError(ErrorCodes.InvalidValue, $"'{name}' must not contain the NUL character (\\u0000).", pointer));
            return null;
        }
        return text;
    }

    public long? Integer(JsonElement obj, string name, string pointer, bool required = false)
    {
        var value = Property(obj, name);
        if (value is null || value.Value.ValueKind == JsonValueKind.Null)
        {
            if (required) _errors.Add(DomainError.Required(pointer));
            return null;
        }
        if (value.Value.ValueKind != JsonValueKind.Number || !value.Value.TryGetInt64(out var n))
        {
            _errors.Add(new DomainError(ErrorCodes.InvalidType, $"'{name}' must be an integer, got {Describe(value.Value)}.", pointer));
            return null;
        }
        return n;
    }

    public bool? Boolean(JsonElement obj, string name, string pointer, bool required = false)
    {
        var value = Property(obj, name);
        if (value is null || value.Value.ValueKind == JsonValueKind.Null)
        {
            if (required) _errors.Add(DomainError.Required(pointer));
            return null;
        }
        if (value.Value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.Value.GetBoolean();
        _errors.Add(new DomainError(ErrorCodes.InvalidType, $"'{name}' must be true or false, got {Describe(value.Value)}.", pointer));
        return null;
    }

    public JsonElement? Object(JsonElement obj, string name, string pointer, bool required = false)
    {
        var value = Property(obj, name);
        if (value is null || value.Value.ValueKind == JsonValueKind.Null)
        {
            if (required) _errors.Add(DomainError.Required(pointer));
            return null;
        }
        if (value.Value.ValueKind == JsonValueKind.Object) return value;
        _errors.Add(new DomainError(ErrorCodes.InvalidType, $"'{name}' must be an object, got {Describe(value.Value)}.", pointer));
        return null;
    }

    public IReadOnlyList<JsonElement>? Array(JsonElement obj, string name, string pointer, bool required = false, int maxItems = 10_000)
    {
        var value = Property(obj, name);
        if (value is null || value.Value.ValueKind == JsonValueKind.Null)
        {
            if (required) _errors.Add(DomainError.Required(pointer));
            return null;
        }
        if (value.Value.ValueKind != JsonValueKind.Array)
        {
            _errors.Add(new DomainError(ErrorCodes.InvalidType, $"'{name}' must be an array, got {Describe(value.Value)}.", pointer));
            return null;
        }
        if (value.Value.GetArrayLength() > maxItems)
        {
            _errors.Add(new DomainError(ErrorCodes.InvalidValue, $"'{name}' holds more than {maxItems} items.", pointer));
            return null;
        }
        return value.Value.EnumerateArray().ToList();
    }

    /// <summary>An ISO 8601 instant ("2022-04-08T15:00:00Z").</summary>
    public DateTimeOffset? Instant(JsonElement obj, string name, string pointer)
    {
        var text = String(obj, name, pointer);
        if (text is null) return null;
        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var t))
            return t;
        _errors.Add(new DomainError(ErrorCodes.InvalidValue, $"'{name}' must be an ISO 8601 date-time such as 2022-04-08T15:00:00Z.", pointer));
        return null;
    }

    public Guid? Uuid(JsonElement obj, string name, string pointer, bool required = false)
    {
        var text = String(obj, name, pointer, required);
        if (text is null) return null;
        if (Guid.TryParseExact(text, "D", out var g)) return g;
        _errors.Add(new DomainError(ErrorCodes.InvalidValue, $"'{name}' must be a UUID.", pointer));
        return null;
    }

    public static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
