using System.Text;

namespace Training.Desktop.Import;

/// <summary>One record of a CSV file and the line it starts on (from 1).</summary>
internal sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// A small RFC 4180 reader: comma-separated, fields optionally in double quotes, "" for a quote inside
/// quotes, quoted fields may hold commas and line breaks; LF or CRLF line ends; blank lines are skipped.
/// </summary>
internal static class Csv
{
    public static IReadOnlyList<CsvRecord> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var inQuotes = false;
        var quotedField = false;
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;

        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when !quotedField && string.IsNullOrWhiteSpace(field.ToString()):
                    field.Clear();
                    inQuotes = true;
                    quotedField = true;
                    break;
                case ' ' or '\t' when quotedField:
                    // Spaces between a closing quote and the comma.
                    break;
                case ',':
                    EndField();
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\r' or '\n':
                    EndRecord();
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (inQuotes)
        {
            throw new InvalidDataException($"line {recordLine}: a quoted field is not closed.");
        }

        EndRecord();
        return records;

        void EndField()
        {
            fields.Add(quotedField ? field.ToString() : field.ToString().Trim());
            field.Clear();
            quotedField = false;
        }

        void EndRecord()
        {
            EndField();
            if (fields.Count > 1 || fields[0].Length > 0)
            {
                records.Add(new CsvRecord(recordLine, fields.ToArray()));
            }

            fields.Clear();
        }
    }
}
