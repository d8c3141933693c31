using Training.Desktop.Import;

namespace Training.Desktop.Tests;

public class CsvTests
{
    [Fact]
    public void Reads_plain_records_with_their_line_numbers()
    {
        var records = Csv.Parse("a,b,c\n1,2,3\n4,5,6\n");

        Assert.Equal(3, records.Count);
        Assert.Equal(["1", "2", "3"], records[1].Fields);
        Assert.Equal([1, 2, 3], records.Select(r => r.Line));
    }

    [Fact]
    public void Reads_quoted_fields_with_commas_escaped_quotes_and_line_breaks()
    {
        var records = Csv.Parse("id,name,note\r\n1,\"王, 芳\",\"she said \"\"hello\"\"\"\r\n2,李雷,\"two\nlines\"\r\n3,韩梅梅,last\r\n");

        Assert.Equal(4, records.Count);
        Assert.Equal(["1", "王, 芳", "she said \"hello\""], records[1].Fields);
        Assert.Equal(["2", "李雷", "two\nlines"], records[2].Fields);
        Assert.Equal(5, records[3].Line);
    }

    [Fact]
    public void Keeps_chinese_text_and_drops_a_byte_order_mark()
    {
        var records = Csv.Parse("\uFEFFstaff_id,display_name\n10001,张伟\n");

        Assert.Equal("staff_id", records[0].Fields[0]);
        Assert.Equal("张伟", records[1].Fields[1]);
    }

    [Fact]
    public void Trims_unquoted_fields_but_keeps_spaces_inside_quotes_and_empty_fields()
    {
        var records = Csv.Parse(" a , \" b \" ,,\n");

        Assert.Equal(["a", " b ", string.Empty, string.Empty], records[0].Fields);
    }

    [Fact]
    public void Skips_blank_lines_and_handles_a_missing_final_line_break()
    {
        var records = Csv.Parse("h1,h2\n\n1,2\r\n\r\n3,4");

        Assert.Equal(3, records.Count);
        Assert.Equal(["3", "4"], records[2].Fields);
        Assert.Equal(5, records[2].Line);
    }

    [Fact]
    public void Refuses_an_unclosed_quote()
    {
        var error = Assert.Throws<InvalidDataException>(() => Csv.Parse("a,b\n1,\"open\n"));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }
}
