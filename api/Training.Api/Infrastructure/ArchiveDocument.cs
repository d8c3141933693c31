using System.Globalization;
using System.Text;
using System.Text.Json;
using DomainHistoryEntry = Training.Grains.HistoryEntry;

namespace Training.Api.Infrastructure;

/// <summary>
/// A staff member's archive (their record's events merged with their attendance facts from each batch, by time) written
/// as CSV (RFC 4180, header row) or as a JSON array, one piece per page of rows, so that a long archive is never held
/// whole in memory. The same columns in both: version (in its source's history), record_time (UTC, ISO 8601), source
/// (<c>staff record</c> or the batch's name), event_type, actor, role, client, request_id, summary.
/// </summary>
public sealed class ArchiveDocument(ArchiveFormat format)
{
    private static readonly string[] Columns = ["version", "record_time", "source", "event_type", "actor", "role", "client", "request_id", "summary"];

    private bool started;

    /// <summary>The media type of the document.</summary>
    public string ContentType { get; } = format == ArchiveFormat.Csv ? "text/csv; charset=utf-8" : "application/json";

    /// <summary>The next piece: the opening (header row or '[') before the first entries, then the entries.</summary>
    public byte[] Piece(IReadOnlyList<ArchiveRow> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return format == ArchiveFormat.Csv ? Csv(entries) : Json(entries);
    }

    /// <summary>The closing piece (']' for JSON; nothing for CSV, or the header alone for an empty archive).</summary>
    public byte[] End() => format == ArchiveFormat.Csv
        ? (started ? [] : Csv([]))
        : Encoding.UTF8.GetBytes(started ? "\n]\n" : "[]\n");

    private byte[] Csv(IReadOnlyList<ArchiveRow> entries)
    {
        var text = new StringBuilder();
        if (!started)
        {
            text.Append(string.Join(',', Columns)).Append("\r\n");
            started = true;
        }

        foreach (var e in entries)
        {
            string[] fields = [e.Version.ToString(CultureInfo.InvariantCulture), Time(e), e.Source, e.EventType, e.Actor, e.Role, e.Client, e.RequestId, e.Summary];
            text.AppendJoin(',', fields.Select(Quote)).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private byte[] Json(IReadOnlyList<ArchiveRow> entries)
    {
        using var buffer = new MemoryStream();
        foreach (var e in entries)
        {
            buffer.Write(started ? ",\n"u8 : "[\n"u8);
            started = true;
            using var json = new Utf8JsonWriter(buffer);
            json.WriteStartObject();
            json.WriteNumber("version", e.Version);
            json.WriteString("record_time", Time(e));
            json.WriteString("source", e.Source);
            json.WriteString("event_type", e.EventType);
            json.WriteString("actor", e.Actor);
            json.WriteString("role", e.Role);
            json.WriteString("client", e.Client);
            json.WriteString("request_id", e.RequestId);
            json.WriteString("summary", e.Summary);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static string Time(ArchiveRow e) => e.RecordTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A CSV field: quoted when it holds a comma, quote or line break; a leading =, +, - or @ is prefixed with ' (no formula injection in spreadsheets).</summary>
    private static string Quote(string field)
    {
        if (field.Length > 0 && field[0] is '=' or '+' or '-' or '@')
        {
            field = "'" + field;
        }

        return field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
    }
}

/// <summary>One row of an archive: an event of the staff record or an attendance fact of a batch.</summary>
/// <param name="Source"><see cref="StaffRecord"/>, or the batch's name.</param>
public sealed record ArchiveRow(long Version, DateTimeOffset RecordTime, string Source, string EventType, string Actor, string Role, string Client, string RequestId, string Summary)
{
    /// <summary>The source of the staff member's own record's events.</summary>
    public const string StaffRecord = "staff record";

    /// <summary>An event of the staff member's record.</summary>
    public static ArchiveRow Of(DomainHistoryEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.Version, e.RecordedAt, StaffRecord, e.EventType, e.Actor, e.Role, e.Client, e.RequestId, e.Summary);
    }

    /// <summary>An attendance fact of <paramref name="batchName"/>.</summary>
    public static ArchiveRow Of(string batchName, AttendanceFact f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return new(f.Version, f.RecordTime, batchName, f.EventType, f.Actor, f.Role, f.Client, f.RequestId, f.Summary);
    }
}
