using System.Text.RegularExpressions;
using Google.Rpc;

namespace Training.Api.Infrastructure;

/// <summary>
/// Collects field violations of one request and refuses it with InvalidArgument + google.rpc.BadRequest
/// when there are any. Services validate shape and limits here; domain rules stay in the grains.
/// </summary>
public sealed partial class Validator
{
    /// <summary>Longest accepted request_id.</summary>
    public const int MaxRequestIdLength = 100;

    private readonly List<BadRequest.Types.FieldViolation> violations = [];

    /// <summary>True when no violation was recorded.</summary>
    public bool IsValid => violations.Count == 0;

    /// <summary>The violations recorded so far (for per-row results of batch calls, which must not throw).</summary>
    public IReadOnlyList<Training.Grains.FieldViolation> Violations =>
        violations.ConvertAll(v => new Training.Grains.FieldViolation(v.Field, v.Description));

    /// <summary>Longest field path or description carried back in a violation: errors stay small whatever was sent.</summary>
    public const int MaxDetailLength = 300;

    /// <summary>A client value quoted back in an error, cut to <paramref name="max"/> characters.</summary>
    public static string Excerpt(string value, int max = 60) =>
        value.Length <= max ? value : string.Concat(value.AsSpan(0, max), "…");

    /// <summary>Records a violation.</summary>
    public Validator Fail(string field, string description)
    {
        violations.Add(new BadRequest.Types.FieldViolation { Field = Excerpt(field, MaxDetailLength), Description = Excerpt(description, MaxDetailLength) });
        return this;
    }

    /// <summary>A required request_id: 1..100 printable ASCII characters.</summary>
    public Validator RequestId(string field, string value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return Fail(field, "is required: a client-chosen idempotency key (e.g. a UUID).");
        }

        if (value.Length > MaxRequestIdLength || !PrintableAscii().IsMatch(value))
        {
            return Fail(field, $"must be 1..{MaxRequestIdLength} printable ASCII characters.");
        }

        return this;
    }

    /// <summary>A resource id segment: [a-z0-9][a-z0-9-]{0,62}.</summary>
    public Validator ResourceId(string field, string value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return Fail(field, "is required.");
        }

        return ResourceNames.IsValidId(value) ? this : Fail(field, "must match [a-z0-9][a-z0-9-]{0,62}.");
    }

    /// <summary>Required text of 1..<paramref name="max"/> characters, not only whitespace, without control characters.</summary>
    public Validator RequiredText(string field, string value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Fail(field, "is required.");
        }

        return OptionalText(field, value, max);
    }

    /// <summary>Optional text of at most <paramref name="max"/> characters, without control characters other than newlines and tabs.</summary>
    public Validator OptionalText(string field, string value, int max)
    {
        if (value.Length > max)
        {
            return Fail(field, $"must be at most {max} characters.");
        }

        foreach (var c in value)
        {
            if (char.IsControl(c) && c != '\n' && c != '\r' && c != '\t')
            {
                return Fail(field, "must not contain control characters.");
            }
        }

        return this;
    }

    /// <summary>An enum value that is defined and not the _UNSPECIFIED zero.</summary>
    public Validator Defined<TEnum>(string field, TEnum value)
        where TEnum : struct, System.Enum
    {
        if (Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return Fail(field, "is required (not _UNSPECIFIED).");
        }

        return System.Enum.IsDefined(value) ? this : Fail(field, "is not a known value.");
    }

    /// <summary>The earliest time a request may carry.</summary>
    public static readonly DateTimeOffset EarliestTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How far ahead of now a time in a request may lie.</summary>
    public const int MaxYearsAhead = 5;

    /// <summary>
    /// A required timestamp within a sane range: a valid protobuf Timestamp, not before <see cref="EarliestTime"/> and
    /// not more than <see cref="MaxYearsAhead"/> years ahead of now. Answers the time, or null with a violation recorded.
    /// </summary>
    public DateTimeOffset? RequiredTime(string field, Timestamp? value)
    {
        if (value is null)
        {
            Fail(field, "is required.");
            return null;
        }

        var latest = DateTimeOffset.UtcNow.AddYears(MaxYearsAhead);
        if (value.Nanos is < 0 or > 999_999_999 || value.Seconds < EarliestTime.ToUnixTimeSeconds() || value.Seconds > latest.ToUnixTimeSeconds())
        {
            Fail(field, $"must lie between 2000-01-01 and {MaxYearsAhead} years from now.");
            return null;
        }

        return value.ToDateTimeOffset();
    }

    /// <summary>A check: when <paramref name="condition"/> is false, records the violation.</summary>
    public Validator Check(bool condition, string field, string description) =>
        condition ? this : Fail(field, description);

    /// <summary>Throws InvalidArgument with every violation recorded so far.</summary>
    public void ThrowIfInvalid()
    {
        if (violations.Count == 0)
        {
            return;
        }

        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(violations);
        var message = violations.Count == 1
            ? $"{violations[0].Field}: {violations[0].Description}"
            : $"{violations.Count} invalid fields; first: {violations[0].Field}: {violations[0].Description}";
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = message,
            Details = { Any.Pack(badRequest) },
        };
        throw status.ToRpcException();
    }

    [GeneratedRegex("^[\\x21-\\x7E]+$")]
    private static partial Regex PrintableAscii();
}
