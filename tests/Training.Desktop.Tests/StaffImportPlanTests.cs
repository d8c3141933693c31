using System.Text;
using Training.Desktop.Import;

namespace Training.Desktop.Tests;

public class StaffImportPlanTests
{
    private const string Center = "regions/shandong/counties/zouping/centers/t-town";

    private static readonly byte[] FiveRows = Encoding.UTF8.GetBytes(
        """
        staff_id,display_name,post,phone,email
        T0001,张伟,HOTLINE_12345,0543-4260001,zhangwei@example.cn
        T0002,"王, 芳",social_security,,
        T0003,李娜,VETERANS_SERVICES,13800000003,"lina@example.cn"
        T0004,刘洋,village_construction,,
        T0005,陈静,GENERAL_SERVICES,,chenjing@example.cn
        """);

    [Fact]
    public void Turns_rows_into_registrations_at_the_centre()
    {
        var plan = StaffImportPlan.Create(FiveRows, Center);

        Assert.Equal(5, plan.RowCount);
        Assert.Empty(plan.Errors);
        var chunk = Assert.Single(plan.Chunks);
        Assert.Equal([2, 3, 4, 5, 6], chunk.Lines);
        var rows = chunk.Request.Requests;
        Assert.Equal(["T0001", "T0002", "T0003", "T0004", "T0005"], rows.Select(r => r.StaffMemberId));
        Assert.All(rows, r => Assert.Equal(Center, r.StaffMember.Center));
        Assert.Equal("王, 芳", rows[1].StaffMember.DisplayName);
        Assert.Equal(Post.SocialSecurity, rows[1].StaffMember.Post);
        Assert.Equal(Post.Hotline12345, rows[0].StaffMember.Post);
        Assert.Equal("0543-4260001", rows[0].StaffMember.Phone);
        Assert.Equal("lina@example.cn", rows[2].StaffMember.Email);
    }

    [Fact]
    public void Derives_the_same_request_ids_from_the_same_file_and_centre()
    {
        var first = StaffImportPlan.Create(FiveRows, Center);
        var again = StaffImportPlan.Create(FiveRows.ToArray(), Center);

        Assert.Equal(first.Chunks[0].Request.RequestId, again.Chunks[0].Request.RequestId);
        Assert.Matches("^import-[0-9a-f]{32}-0001$", first.Chunks[0].Request.RequestId);
        Assert.Equal(first.Chunks[0].Request, again.Chunks[0].Request);
    }

    [Fact]
    public void Derives_other_request_ids_from_other_content_or_another_centre()
    {
        var first = StaffImportPlan.Create(FiveRows, Center);
        var edited = StaffImportPlan.Create([.. FiveRows, .. "\nT0006,赵磊,HOTLINE_12345,,"u8], Center);
        var elsewhere = StaffImportPlan.Create(FiveRows, "regions/shandong/counties/zouping/centers/han-dian");

        Assert.NotEqual(first.ImportId, edited.ImportId);
        Assert.NotEqual(first.ImportId, elsewhere.ImportId);
    }

    [Fact]
    public void Sends_chunks_of_a_thousand_rows_each_with_its_own_request_id()
    {
        var csv = new StringBuilder("staff_id,display_name,post,phone,email\n");
        for (var i = 1; i <= 2500; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"S{i:D5},职员{i},GENERAL_SERVICES,,\n");
        }

        var plan = StaffImportPlan.Create(Encoding.UTF8.GetBytes(csv.ToString()), Center);

        Assert.Equal(2500, plan.RowCount);
        Assert.Equal([1000, 1000, 500], plan.Chunks.Select(c => c.Request.Requests.Count));
        Assert.Equal([1, 2, 3], plan.Chunks.Select(c => c.Number));
        Assert.Equal(
            [$"{plan.ImportId}-0001", $"{plan.ImportId}-0002", $"{plan.ImportId}-0003"],
            plan.Chunks.Select(c => c.Request.RequestId));
        Assert.Equal("S01001", plan.Chunks[1].Request.Requests[0].StaffMemberId);
        Assert.Equal(1002, plan.Chunks[1].Lines[0]);
        Assert.All(plan.Chunks, c => Assert.True(c.Request.RequestId.Length <= 100));
    }

    [Fact]
    public void Refuses_rows_with_an_unknown_post_or_a_wrong_field_count_before_sending()
    {
        var csv = "staff_id,display_name,post,phone,email\nA1,甲,HOTLINE_12345,,\nA2,乙,CLERK,,\nA3,丙,,,\nA4,丁,HOTLINE_12345\nA5,戊,GENERAL_SERVICES,,\n"u8.ToArray();

        var plan = StaffImportPlan.Create(csv, Center);

        Assert.Equal(5, plan.RowCount);
        Assert.Equal(["A1", "A5"], plan.Chunks.Single().Request.Requests.Select(r => r.StaffMemberId));
        Assert.Equal([2, 6], plan.Chunks.Single().Lines);
        Assert.Equal([(3, "A2", "INVALID_POST"), (4, "A3", "INVALID_POST"), (5, "A4", "INVALID_ROW")], plan.Errors.Select(e => (e.Line, e.StaffId, e.Code)));
        Assert.Contains("HOTLINE_12345", plan.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_the_columns_in_any_order()
    {
        var plan = StaffImportPlan.Create("email,post,staff_id,phone,display_name\nx@example.cn,hotline_12345,B1,110,孙悟空\n"u8, Center);

        var row = plan.Chunks.Single().Request.Requests.Single();
        Assert.Equal(("B1", "孙悟空", Post.Hotline12345, "110", "x@example.cn"), (row.StaffMemberId, row.StaffMember.DisplayName, row.StaffMember.Post, row.StaffMember.Phone, row.StaffMember.Email));
    }

    [Fact]
    public void Refuses_a_wrong_header_an_empty_file_and_text_that_is_not_utf8()
    {
        Assert.Contains("missing: email", Assert.Throws<InvalidDataException>(() => StaffImportPlan.Create("staff_id,display_name,post,phone\n"u8, Center)).Message, StringComparison.Ordinal);
        Assert.Contains("unknown: name", Assert.Throws<InvalidDataException>(() => StaffImportPlan.Create("staff_id,name,display_name,post,phone,email\n"u8, Center)).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => StaffImportPlan.Create([], Center));

        // "张伟" in GBK, as older spreadsheet programs save it.
        byte[] gbk = [.. "staff_id,display_name,post,phone,email\nC1,"u8, 0xD5, 0xC5, 0xCE, 0xB0, .. ",HOTLINE_12345,,\n"u8];
        Assert.Contains("UTF-8", Assert.Throws<InvalidDataException>(() => StaffImportPlan.Create(gbk, Center)).Message, StringComparison.Ordinal);
    }
}
