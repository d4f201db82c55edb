using System.Globalization;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Domain.Catalogue;

/// <summary>A setting as a request gave it: <see cref="IsSet"/> false when the request did not mention it.</summary>
public readonly record struct Given<T>(bool IsSet, T Value);

/// <summary>How calls to a purchased block are routed (configure call: RoutingMethod endpoint | flow | application).</summary>
public enum RoutingMethod { Endpoint, Flow, Application }

public enum BlockSettingsUse
{
    /// <summary>POST /v2/Properties/{PropertySid}/NumberBlocks: AnswerPoint is required (seed 004).</summary>
    Purchase,
    /// <summary>POST /v2/numberblocks/{NumberBlockSid}: every setting is optional; only the given ones change.</summary>
    Configure,
}

/// <summary>
/// The routing settings of a purchased block (seed 004's parameters, and the configure call's RoutingMethod,
/// EndpointNumber, Flow, Application and Recording). Only fields the request gave are set; a string sent empty clears it.
/// </summary>
public sealed record BlockSettings
{
    public Given<AnswerPoint?> AnswerPoint { get; init; }
    public Given<RoutingMethod> RoutingMethod { get; init; }
    public Given<string?> Flow { get; init; }
    public Given<string?> Application { get; init; }
    public Given<bool> CallRecordingEnabled { get; init; }
    public Given<bool> CallWhisperEnabled { get; init; }
    public Given<string?> CallWhisperPath { get; init; }
    public Given<string?> Campaign { get; init; }
    public Given<string?> Content { get; init; }
    public Given<string?> Medium { get; init; }
    public Given<string?> Source { get; init; }
    public Given<string?> Description { get; init; }
    public Given<string?> GroupName { get; init; }
    public Given<short> GroupType { get; init; }
    public Given<short> Preamble { get; init; }
    public Given<short> RoutingAction { get; init; }
    public Given<string?> ProgrammableVoiceUrl { get; init; }
    public Given<short> MasterMode { get; init; }
    public Given<string?> Diaplan { get; init; }
    public Given<bool> CallWrapUpEnabled { get; init; }
    public Given<bool> Active { get; init; }
    public Given<bool> EnableRules { get; init; }
    public Given<bool> PortInProgress { get; init; }
    public Given<bool> Ported { get; init; }

    public static string ToWire(RoutingMethod method) => method switch
    {
        Catalogue.RoutingMethod.Endpoint => "endpoint",
        Catalogue.RoutingMethod.Flow => "flow",
        Catalogue.RoutingMethod.Application => "application",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    public static bool TryParseRoutingMethod(string? text, out RoutingMethod method)
    {
        foreach (var m in Enum.GetValues<RoutingMethod>())
            if (string.Equals(text, ToWire(m), StringComparison.OrdinalIgnoreCase)) { method = m; return true; }
        method = default;
        return false;
    }

    /// <summary>
    /// Reads every setting, reporting each broken rule at "/FieldName" (the seed's PascalCase name, however the client
    /// cased it). Rules: seed 004 for AnswerPoint (required on purchase), GroupType 0|1, Preamble 0|1|2, RoutingAction
    /// 0..3, MasterMode a short; the configure call for RoutingMethod and the parameters each method requires.
    /// </summary>
    public static Result<BlockSettings> Parse(WireFields fields, BlockSettingsUse use)
    {
        var r = new Reader(fields);

        // Seed 004: "AnswerPoint ... Required." The configure call names the same thing EndpointNumber.
        var answer = r.AnswerPoint("AnswerPoint", required: use == BlockSettingsUse.Purchase);
        var endpoint = r.AnswerPoint("EndpointNumber", required: false);
        if (answer.IsSet && endpoint.IsSet && answer.Value is { } a && endpoint.Value is { } e && a.Value != e.Value)
            r.Add(new DomainError(ErrorCodes.ConflictingParameters, "AnswerPoint and EndpointNumber are both given, with different values; send one.", "/EndpointNumber"));
        var anyAnswer = answer.IsSet ? answer : endpoint;

        var method = default(Given<RoutingMethod>);
        if (fields["RoutingMethod"] is { Length: > 0 } methodText)
        {
            if (TryParseRoutingMethod(methodText, out var m)) method = new(true, m);
            else r.Add(new DomainError(ErrorCodes.InvalidValue, "RoutingMethod must be one of: endpoint, flow, application.", "/RoutingMethod"));
        }
        var flow = r.Text("Flow", 255);
        var application = r.Text("Application", 255);
        // Configure call: endpoint needs EndpointNumber; flow needs Flow and EndpointNumber; application needs Application.
        if (method.IsSet)
        {
            if (method.Value is Catalogue.RoutingMethod.Endpoint or Catalogue.RoutingMethod.Flow && !anyAnswer.IsSet && !r.HasErrorAt("/AnswerPoint"))
                r.Add(new DomainError(ErrorCodes.Required, $"EndpointNumber is required when RoutingMethod is {ToWire(method.Value)}.", "/EndpointNumber"));
            if (method.Value == Catalogue.RoutingMethod.Flow && flow.Value is null)
                r.Add(new DomainError(ErrorCodes.Required, "Flow is required when RoutingMethod is flow.", "/Flow"));
            if (method.Value == Catalogue.RoutingMethod.Application && application.Value is null)
                r.Add(new DomainError(ErrorCodes.Required, "Application is required when RoutingMethod is application.", "/Application"));
        }

        var recording = r.Bool("CallRecordingEnabled");
        if (fields["Recording"] is { Length: > 0 } recordingText)
        {
            bool? fromRecording = recordingText.ToLowerInvariant() switch { "enabled" => true, "disabled" => false, _ => null };
            if (fromRecording is null)
                r.Add(new DomainError(ErrorCodes.InvalidValue, "Recording must be enabled or disabled.", "/Recording"));
            else if (recording.IsSet && recording.Value != fromRecording)
                r.Add(new DomainError(ErrorCodes.ConflictingParameters, "Recording and CallRecordingEnabled disagree; send one.", "/Recording"));
            else recording = new(true, fromRecording.Value);
        }

        var voiceUrl = r.Text("ProgrammableVoiceUrl", VoiceUrl.MaxLength);
        if (voiceUrl.Value is { } url)
        {
            var checkedUrl = VoiceUrl.Parse(url, "/ProgrammableVoiceUrl");
            if (checkedUrl.IsFailure) r.AddRange(checkedUrl.Errors);
            else voiceUrl = new(true, checkedUrl.Value); // kept with its host normalised (IDNA, Unicode full stops)
        }

        var settings = new BlockSettings
        {
            AnswerPoint = anyAnswer,
            RoutingMethod = method,
            Flow = flow,
            Application = application,
            CallRecordingEnabled = recording,
            CallWhisperEnabled = r.Bool("CallWhisperEnabled"),
            CallWhisperPath = r.Text("CallWhisperPath", 1024),
            Campaign = r.Text("Campaign", 255),
            Content = r.Text("Content", 255),
            Medium = r.Text("Medium", 255),
            Source = r.Text("Source", 255),
            Description = r.Text("Description", 1000),
            GroupName = r.Text("GroupName", 255),
            GroupType = r.Short("GroupType", 0, 1),
            Preamble = r.Short("Preamble", 0, 2),
            RoutingAction = r.Short("RoutingAction", 0, 3),
            ProgrammableVoiceUrl = voiceUrl,
            // Seed 004 types MasterMode as a short and lists no values: any 16-bit integer is kept.
            MasterMode = r.Short("MasterMode", short.MinValue, short.MaxValue),
            Diaplan = r.Text("Diaplan", 1024),
            CallWrapUpEnabled = r.Bool("CallWrapUpEnabled"),
            Active = r.Bool("Active"),
            EnableRules = r.Bool("EnableRules"),
            PortInProgress = r.Bool("PortInProgress"),
            Ported = r.Bool("Ported"),
        };
        return r.Errors.Count > 0 ? Result<BlockSettings>.Fail(r.Errors) : settings;
    }

    /// <summary>Reads typed fields from text, collecting errors. An empty value for a boolean or number is "not given".</summary>
    private sealed class Reader(WireFields fields)
    {
        public List<DomainError> Errors { get; } = [];

        public void Add(DomainError e) => Errors.Add(e);
        public void AddRange(IEnumerable<DomainError> e) => Errors.AddRange(e);
        public bool HasErrorAt(string pointer) => Errors.Any(e => e.Pointer == pointer);

        public Given<AnswerPoint?> AnswerPoint(string name, bool required)
        {
            var text = fields[name];
            if (string.IsNullOrEmpty(text))
            {
                if (required) Add(new DomainError(ErrorCodes.Required, $"{name} is required.", "/" + name));
                return default;
            }
            var parsed = Catalogue.AnswerPoint.Parse(text, "/" + name);
            if (parsed.IsFailure) { AddRange(parsed.Errors); return default; }
            return new(true, parsed.Value);
        }

        /// <summary>Seed 004 booleans: true or false in any case (1 and 0 too, as form posts often send them).</summary>
        public Given<bool> Bool(string name)
        {
            var text = fields[name];
            if (string.IsNullOrEmpty(text)) return default;
            if (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text == "1") return new(true, true);
            if (text.Equals("false", StringComparison.OrdinalIgnoreCase) || text == "0") return new(true, false);
            Add(new DomainError(ErrorCodes.InvalidValue, $"{name} must be true or false, not '{Shorten(text)}'.", "/" + name));
            return default;
        }

        public Given<short> Short(string name, short min, short max)
        {
            var text = fields[name];
            if (string.IsNullOrEmpty(text)) return default;
            if (short.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
                return new(true, n);
            var allowed = min == short.MinValue && max == short.MaxValue
                ? $"an integer from {min} to {max}"
                : $"one of {string.Join(", ", Enumerable.Range(min, max - min + 1))}";
            Add(new DomainError(ErrorCodes.InvalidValue, $"{name} must be {allowed}, not '{Shorten(text)}'.", "/" + name));
            return default;
        }

        /// <summary>Free text: at most <paramref name="maxLength"/> characters, no control characters; empty clears.</summary>
        public Given<string?> Text(string name, int maxLength)
        {
            var text = fields[name];
            if (text is null) return default;
            if (text.Length == 0) return new(true, null);
            if (text.Length > maxLength)
            {
                Add(new DomainError(ErrorCodes.InvalidValue, $"{name} is longer than {maxLength} characters.", "/" + name));
                return default;
            }
            if (text.Any(char.IsControl))
            {
                Add(new DomainError(ErrorCodes.InvalidValue, $"{name} must not contain control characters.", "/" + name));
                return default;
            }
            return new(true, text);
        }

        private static string Shorten(string v) => v.Length <= 20 ? v : v[..20] + "…";
    }
}
