using System.Security.Cryptography;
using System.Text;

namespace Training.Desktop.Import;

/// <summary>A CSV row the client refused before sending it.</summary>
internal sealed record RowError(int Line, string StaffId, string Code, string Message);

/// <summary>One chunk of the import stream: its rows, their CSV lines (same order) and its request id.</summary>
internal sealed record ImportChunk(int Number, BatchCreateStaffMembersRequest Request, IReadOnlyList<int> Lines);

/// <summary>
/// A staff CSV file (<c>staff_id,display_name,post,phone,email</c>) turned into the chunks of an
/// ImportStaffMembers stream. Each chunk's request_id is derived from the file's bytes, the centre and the
/// chunk number, so importing the same file to the same centre again registers nothing twice.
/// </summary>
internal sealed class StaffImportPlan
{
    /// <summary>Rows per chunk of the stream (the server takes up to 5,000).</summary>
    public const int DefaultChunkSize = 1000;

    /// <summary>The header columns, in the documented order.</summary>
    public static readonly IReadOnlyList<string> Columns = ["staff_id", "display_name", "post", "phone", "email"];

    private StaffImportPlan(int rowCount, IReadOnlyList<ImportChunk> chunks, IReadOnlyList<RowError> errors, string importId)
    {
        RowCount = rowCount;
        Chunks = chunks;
        Errors = errors;
        ImportId = importId;
    }

    /// <summary>Data rows in the file.</summary>
    public int RowCount { get; }

    /// <summary>The chunks to send, numbered from 1.</summary>
    public IReadOnlyList<ImportChunk> Chunks { get; }

    /// <summary>Rows refused locally (not sent).</summary>
    public IReadOnlyList<RowError> Errors { get; }

    /// <summary>The stem of the chunks' request ids.</summary>
    public string ImportId { get; }

    /// <summary>Plans the import of <paramref name="content"/> (UTF-8, with or without BOM) into <paramref name="center"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not UTF-8, is malformed or its header is wrong.</exception>
    public static StaffImportPlan Create(ReadOnlySpan<byte> content, string center, int chunkSize = DefaultChunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidDataException("the file is not UTF-8 text; save it as \"CSV UTF-8\".");
        }

        var records = Csv.Parse(text);
        if (records.Count == 0)
        {
            throw new InvalidDataException($"the file is empty; it needs the header {string.Join(',', Columns)}.");
        }

        var columns = MapHeader(records[0]);
        var rows = new List<(int Line, CreateStaffMemberRequest Row)>();
        var errors = new List<RowError>();
        foreach (var record in records.Skip(1))
        {
            var (row, error) = ToRow(record, columns, center);
            if (row is not null)
            {
                rows.Add((record.Line, row));
            }
            else
            {
                errors.Add(error!);
            }
        }

        var importId = ImportIdOf(content, center);
        var chunks = rows.Chunk(chunkSize).Select((chunk, i) => new ImportChunk(
            i + 1,
            new BatchCreateStaffMembersRequest { RequestId = ChunkRequestId(importId, i + 1), Requests = { chunk.Select(r => r.Row) } },
            chunk.Select(r => r.Line).ToArray())).ToList();
        return new StaffImportPlan(records.Count - 1, chunks, errors, importId);
    }

    /// <summary>"import-" and 32 hex digits of SHA-256 over the centre name and the file's bytes.</summary>
    public static string ImportIdOf(ReadOnlySpan<byte> content, string center)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(center));
        hash.AppendData([0]);
        hash.AppendData(content);
        return "import-" + Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
    }

    /// <summary>The request id of chunk <paramref name="number"/> (from 1): "{importId}-0001".</summary>
    public static string ChunkRequestId(string importId, int number) =>
        $"{importId}-{number.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)}";

    private static int[] MapHeader(CsvRecord header)
    {
        var names = header.Fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
        var unknown = names.Where(n => !Columns.Contains(n)).ToList();
        var missing = Columns.Where(c => !names.Contains(c)).ToList();
        if (unknown.Count > 0 || missing.Count > 0 || names.Distinct().Count() != names.Count)
        {
            throw new InvalidDataException(
                $"line {header.Line}: the header must name the columns {string.Join(',', Columns)} (any order)" +
                (missing.Count > 0 ? $"; missing: {string.Join(',', missing)}" : string.Empty) +
                (unknown.Count > 0 ? $"; unknown: {string.Join(',', unknown)}" : string.Empty) + ".");
        }

        return Columns.Select(c => names.IndexOf(c)).ToArray();
    }

    private static (CreateStaffMemberRequest? Row, RowError? Error) ToRow(CsvRecord record, int[] columns, string center)
    {
        string Field(int column) => record.Fields[columns[column]];
        var staffId = record.Fields.Count > columns[0] ? Field(0) : string.Empty;
        if (record.Fields.Count != columns.Length)
        {
            return (null, new RowError(record.Line, staffId, "INVALID_ROW", $"has {record.Fields.Count} fields; the header has {columns.Length}."));
        }

        if (!ProtoEnums.TryParse<Post>(Field(2), out var post))
        {
            var what = Field(2).Length == 0 ? "post is required" : $"post '{Field(2)}' is unknown";
            return (null, new RowError(record.Line, staffId, "INVALID_POST", $"{what}; one of {ProtoEnums.Choices<Post>()}."));
        }

        var row = new CreateStaffMemberRequest
        {
            StaffMemberId = staffId,
            StaffMember = new StaffMember { DisplayName = Field(1), Center = center, Post = post, Phone = Field(3), Email = Field(4) },
        };
        return (row, null);
    }
}
