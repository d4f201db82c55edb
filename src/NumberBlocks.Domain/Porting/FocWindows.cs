using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Domain.Porting;

/// <summary>One window in which the number may move (FOC: firm order commitment): both ends inclusive, UTC.</summary>
public sealed record FocWindow(DateTimeOffset StartedAt, DateTimeOffset EndedAt)
{
    public bool Contains(DateTimeOffset t) => t >= StartedAt && t <= EndedAt;
}

/// <summary>
/// When a port may happen, by the losing carrier's country (the order's country; docs/porting-family.md lists the rules):
/// <list type="bullet">
/// <item>Only on business days of that country: no Saturdays, Sundays or its public holidays (<see cref="Holidays"/>).</item>
/// <item>Within the carriers' working hours there, 09:00 to 17:00 local time.</item>
/// <item>Not before a lead time of business days after today: US 3 (the losing carrier's FOC answer plus the NPAC
/// concurrence window), DE 7 (the WBCI porting request is made at least seven working days ahead), elsewhere 5.</item>
/// <item>At most <see cref="WindowCount"/> windows ahead: a later date is agreed once the order is submitted.</item>
/// </list>
/// </summary>
public static class FocWindows
{
    public const int WindowCount = 30;
    private static readonly TimeSpan OpensAt = TimeSpan.FromHours(9);
    private static readonly TimeSpan ClosesAt = TimeSpan.FromHours(17);

    public static int LeadBusinessDays(string countryCode) => countryCode switch { "US" => 3, "DE" => 7, _ => 5 };

    /// <summary>The time zone the carriers of the country work in (US: Eastern, where the NPAC regions' FOC desks answer).</summary>
    public static TimeZoneInfo ZoneOf(string countryCode)
    {
        var id = countryCode switch { "US" => "America/New_York", "DE" => "Europe/Berlin", "GB" => "Europe/London", _ => null };
        if (id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)) return zone;
        return TimeZoneInfo.Utc;
    }

    /// <summary>The allowed windows for an order of <paramref name="countryCode"/> as of <paramref name="now"/>, earliest first.</summary>
    public static IReadOnlyList<FocWindow> Allowed(string countryCode, DateTimeOffset now)
    {
        var zone = ZoneOf(countryCode);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var day = today;
        for (var lead = LeadBusinessDays(countryCode); lead > 0;)
        {
            day = day.AddDays(1);
            if (Holidays.IsBusinessDay(countryCode, day)) lead--;
        }
        var windows = new List<FocWindow>(WindowCount);
        for (; windows.Count < WindowCount; day = day.AddDays(1))
        {
            if (!Holidays.IsBusinessDay(countryCode, day)) continue;
            windows.Add(new FocWindow(At(day, OpensAt, zone), At(day, ClosesAt, zone)));
        }
        return windows;
    }

    /// <summary>Null when <paramref name="requested"/> is in an allowed window; else the 422 naming the field and the earliest window.</summary>
    public static DomainError? Check(string countryCode, DateTimeOffset requested, DateTimeOffset now, string pointer)
    {
        var windows = Allowed(countryCode, now);
        if (windows.Any(w => w.Contains(requested))) return null;
        var first = windows[0];
        return new DomainError(ErrorCodes.FocOutsideWindow,
            $"The requested FOC {Rfc3339.Format(requested)} is outside every allowed FOC window of a {countryCode} port: business days " +
            $"from {Rfc3339.Format(first.StartedAt)} to {Rfc3339.Format(windows[^1].EndedAt)}, 09:00-17:00 local time, no weekends or public holidays " +
            "(GET /v2/porting_orders/{id}/allowed_foc_windows lists them).", pointer);
    }

    private static DateTimeOffset At(DateOnly day, TimeSpan time, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.FromTimeSpan(time), DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}

/// <summary>
/// Public holidays on which the carriers of a country do not port. DE: the nine nationwide holidays (Feiertage of every
/// Land: Neujahr, Karfreitag, Ostermontag, 1. Mai, Christi Himmelfahrt, Pfingstmontag, 3. Oktober, 1. and 2.
/// Weihnachtstag). US: the eleven federal holidays (5 U.S.C. 6103), a Saturday one observed the Friday before and a
/// Sunday one the Monday after. Other countries: weekends only.
/// </summary>
public static class Holidays
{
    public static bool IsBusinessDay(string countryCode, DateOnly day) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !Of(countryCode, day.Year).Contains(day);

    public static IReadOnlySet<DateOnly> Of(string countryCode, int year) => countryCode switch
    {
        "DE" => Germany(year),
        "US" => UnitedStates(year),
        _ => new HashSet<DateOnly>(),
    };

    private static HashSet<DateOnly> Germany(int year)
    {
        var easter = EasterSunday(year);
        return
        [
            new(year, 1, 1), easter.AddDays(-2), easter.AddDays(1), new(year, 5, 1), easter.AddDays(39), easter.AddDays(50),
            new(year, 10, 3), new(year, 12, 25), new(year, 12, 26),
        ];
    }

    private static HashSet<DateOnly> UnitedStates(int year) =>
    [
        Observed(new(year, 1, 1)), Nth(year, 1, DayOfWeek.Monday, 3), Nth(year, 2, DayOfWeek.Monday, 3), LastMonday(year, 5),
        Observed(new(year, 6, 19)), Observed(new(year, 7, 4)), Nth(year, 9, DayOfWeek.Monday, 1), Nth(year, 10, DayOfWeek.Monday, 2),
        Observed(new(year, 11, 11)), Nth(year, 11, DayOfWeek.Thursday, 4), Observed(new(year, 12, 25)),
    ];

    private static DateOnly Observed(DateOnly d) => d.DayOfWeek switch
    {
        DayOfWeek.Saturday => d.AddDays(-1),
        DayOfWeek.Sunday => d.AddDays(1),
        _ => d,
    };

    private static DateOnly Nth(int year, int month, DayOfWeek weekday, int n)
    {
        var first = new DateOnly(year, month, 1);
        return first.AddDays(((int)weekday - (int)first.DayOfWeek + 7) % 7 + 7 * (n - 1));
    }

    private static DateOnly LastMonday(int year, int month)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        return last.AddDays(-(((int)last.DayOfWeek - (int)DayOfWeek.Monday + 7) % 7));
    }

    /// <summary>Gregorian Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
        var month = (h + l - 7 * m + 114) / 31;
        var day = (h + l - 7 * m + 114) % 31 + 1;
        return new DateOnly(year, month, day);
    }
}
