namespace Training.Desktop.Tests;

/// <summary>The CLI against the real host, in this process: import a CSV, list it, import it again; run a course batch.</summary>
public sealed class EndToEndTests : IClassFixture<EndToEndTests.HostFixture>
{
    private const string County = "regions/shandong/counties/zouping";

    private readonly TestHost host;

    public EndToEndTests(HostFixture fixture) => host = fixture.Host;

    [Fact]
    public async Task Imports_a_csv_lists_the_staff_and_a_second_import_registers_nothing_new()
    {
        var center = await CreateCenter("t-town", "T镇便民服务中心");
        var csv = Path.Combine(Path.GetTempPath(), $"staff-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, """
            staff_id,display_name,post,phone,email
            T0001,张伟,HOTLINE_12345,0543-4260001,zhangwei@example.cn
            T0002,王芳,social_security,,
            T0003,李娜,VETERANS_SERVICES,13800000003,"lina@example.cn"
            T0004,刘洋,village_construction,,
            T0005,陈静,GENERAL_SERVICES,,chenjing@example.cn
            """);
        try
        {
            var first = await CliRun.Run("--server", host.Server, "--token", host.Token, "staff", "import", csv, "--center", center);
            Assert.True(first.Code == 0, first.Stdout + first.Stderr);
            Assert.Contains("rows: 5, registered: 5, failed: 0", first.Stdout, StringComparison.Ordinal);

            var list = await CliRun.Run("--server", host.Server, "--token", host.Token, "staff", "list", "--center", center, "--page-size", "2", "--all");
            Assert.True(list.Code == 0, list.Stdout + list.Stderr);
            foreach (var name in new[] { "张伟", "王芳", "李娜", "刘洋", "陈静", "staff/T0003", "HOTLINE_12345", "ACTIVE" })
            {
                Assert.Contains(name, list.Stdout, StringComparison.Ordinal);
            }

            Assert.Contains("5 rows", list.Stdout, StringComparison.Ordinal);

            var again = await CliRun.Run("--server", host.Server, "--token", host.Token, "staff", "import", csv, "--center", center);
            Assert.True(again.Code == 0, again.Stdout + again.Stderr);
            Assert.Contains("failed: 0", again.Stdout, StringComparison.Ordinal);

            var staff = await host.Staff.ListStaffMembersAsync(new ListStaffMembersRequest { Parent = center });
            Assert.Equal(["staff/T0001", "staff/T0002", "staff/T0003", "staff/T0004", "staff/T0005"], staff.StaffMembers.Select(s => s.Name));
            foreach (var member in staff.StaffMembers)
            {
                var history = await host.Staff.ListStaffMemberHistoryAsync(new ListStaffMemberHistoryRequest { Name = member.Name });
                Assert.Single(history.Entries);
            }

            var archive = await CliRun.Run("--server", host.Server, "--token", host.Token, "staff", "history", "T0001");
            Assert.True(archive.Code == 0, archive.Stdout + archive.Stderr);
            Assert.Contains("1 row", archive.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public async Task Errors_show_the_status_code_and_the_field_violations_and_exit_with_1()
    {
        var center = await CreateCenter("han-dian", "韩店镇便民服务中心");
        await host.Staff.CreateStaffMemberAsync(new CreateStaffMemberRequest
        {
            StaffMemberId = "H0001",
            StaffMember = new StaffMember { DisplayName = "赵磊", Center = center, Post = Post.GeneralServices },
            RequestId = Guid.NewGuid().ToString(),
        });

        var anonymous = await CliRun.Run("--server", host.Server, "staff", "show", "H0001");
        Assert.Equal(1, anonymous.Code);
        Assert.Contains("UNAUTHENTICATED (16)", anonymous.Stderr, StringComparison.Ordinal);
        Assert.Contains("--token", anonymous.Stderr, StringComparison.Ordinal);

        var missing = await CliRun.Run("--server", host.Server, "--token", host.Token, "staff", "show", "NOBODY");
        Assert.Equal(1, missing.Code);
        Assert.Contains("NOT_FOUND (5)", missing.Stderr, StringComparison.Ordinal);

        var invalid = await CliRun.Run("--server", host.Server, "--token", host.Token, "staff", "transfer", "H0001", "--to", "nowhere");
        Assert.Equal(1, invalid.Code);
        Assert.Contains("INVALID_ARGUMENT (3)", invalid.Stderr, StringComparison.Ordinal);
        Assert.Contains("field to_center:", invalid.Stderr, StringComparison.Ordinal);

        var leave = await CliRun.Run("--server", host.Server, "--token", host.Token, "staff", "leave", "H0001", "--reason", "产假");
        Assert.True(leave.Code == 0, leave.Stdout + leave.Stderr);
        Assert.Contains("ON_LEAVE (产假)", leave.Stdout, StringComparison.Ordinal);

        var twice = await CliRun.Run("--server", host.Server, "--token", host.Token, "staff", "leave", "H0001", "--reason", "产假");
        Assert.Equal(1, twice.Code);
        Assert.Contains("FAILED_PRECONDITION (9)", twice.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creates_a_batch_schedules_a_session_enrols_staff_by_post_and_shows_it()
    {
        var center = await CreateCenter("jiu-hu", "九户镇便民服务中心");
        var course = await CreateCourse("hotline-cli");
        await host.Staff.BatchCreateStaffMembersAsync(new BatchCreateStaffMembersRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            Requests =
            {
                new CreateStaffMemberRequest { StaffMemberId = "J0001", StaffMember = new StaffMember { DisplayName = "孙丽", Center = center, Post = Post.Hotline12345 } },
                new CreateStaffMemberRequest { StaffMemberId = "J0002", StaffMember = new StaffMember { DisplayName = "周强", Center = center, Post = Post.Hotline12345 } },
                new CreateStaffMemberRequest { StaffMemberId = "J0003", StaffMember = new StaffMember { DisplayName = "吴敏", Center = center, Post = Post.GeneralServices } },
            },
        });
        var batch = $"{center}/batches/hotline-1";
        var start = DateTimeOffset.UtcNow.Date.AddDays(2).AddHours(9);
        string[] server = ["--server", host.Server, "--token", host.Token];

        var created = await CliRun.Run([.. server, "batches", "create", "--center", center, "--id", "hotline-1", "--course", "hotline-cli", "--display-name", "2026年第一期",
            "--capacity", "10", "--post", "hotline_12345", "--opens", DateTimeOffset.UtcNow.AddHours(-1).ToString("O"), "--closes", DateTimeOffset.UtcNow.AddDays(7).ToString("O")]);
        Assert.True(created.Code == 0, created.Stdout + created.Stderr);
        Assert.Contains(batch, created.Stdout, StringComparison.Ordinal);
        Assert.Contains("PLANNED", created.Stdout, StringComparison.Ordinal);
        Assert.Contains(course, created.Stdout, StringComparison.Ordinal);

        var session = await CliRun.Run([.. server, "sessions", "add", batch, "--id", "theory-1", "--stage", "theory", "--display-name", "政策理论", "--room", "二楼培训室",
            "--start", new DateTimeOffset(start, TimeSpan.Zero).ToString("O"), "--end", new DateTimeOffset(start.AddHours(3), TimeSpan.Zero).ToString("O"), "--instructor", "县人社局 王老师"]);
        Assert.True(session.Code == 0, session.Stdout + session.Stderr);
        Assert.Contains($"{batch}/sessions/theory-1", session.Stdout, StringComparison.Ordinal);
        Assert.Contains($"二楼培训室, {center}", session.Stdout, StringComparison.Ordinal);

        await new CourseBatchService.CourseBatchServiceClient(host.Channel).OpenCourseBatchEnrolmentAsync(new OpenCourseBatchEnrolmentRequest { Name = batch, RequestId = Guid.NewGuid().ToString() });
        var enrolled = await CliRun.Run([.. server, "batches", "enrol", batch, "--post", "HOTLINE_12345"]);
        Assert.True(enrolled.Code == 0, enrolled.Stdout + enrolled.Stderr);
        Assert.Contains("staff/J0001", enrolled.Stdout, StringComparison.Ordinal);
        Assert.Contains("staff/J0002", enrolled.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("staff/J0003", enrolled.Stdout, StringComparison.Ordinal);
        Assert.Contains("enrolled or wait-listed: 2, refused: 0", enrolled.Stdout, StringComparison.Ordinal);

        var shown = await CliRun.Run([.. server, "batches", "get", batch]);
        Assert.True(shown.Code == 0, shown.Stdout + shown.Stderr);
        Assert.Contains("2/10, waiting list 0/0", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("theory-1", shown.Stdout, StringComparison.Ordinal);

        var listed = await CliRun.Run([.. server, "batches", "list", "--center", center]);
        Assert.True(listed.Code == 0, listed.Stdout + listed.Stderr);
        Assert.Contains(batch, listed.Stdout, StringComparison.Ordinal);
        Assert.Contains("OPEN", listed.Stdout, StringComparison.Ordinal);

        var attendance = await CliRun.Run([.. server, "batches", "attendance", $"{batch}/sessions/theory-1"]);
        Assert.True(attendance.Code == 0, attendance.Stdout + attendance.Stderr);
        Assert.Contains("staff/J0001, staff/J0002", attendance.Stdout, StringComparison.Ordinal);

        var again = await CliRun.Run([.. server, "batches", "enrol", batch, "--staff", "J0001"]);
        Assert.Equal(1, again.Code);
        Assert.Contains("ALREADY_EXISTS", again.Stdout, StringComparison.Ordinal);
    }

    /// <summary>A course of a published one-competency framework; answers its name.</summary>
    private async Task<string> CreateCourse(string courseId)
    {
        var frameworks = new CompetencyFrameworkService.CompetencyFrameworkServiceClient(host.Channel);
        await frameworks.CreateFrameworkAsync(new CreateFrameworkRequest
        {
            FrameworkId = "cli",
            RequestId = "framework-cli",
            Framework = new CompetencyFramework { DisplayName = "便民服务能力框架", LevelScale = { new Level { Level_ = 1, Label = "了解" }, new Level { Level_ = 2, Label = "掌握" } } },
        });
        await frameworks.CreateCompetencyAsync(new CreateCompetencyRequest
        {
            Parent = "frameworks/cli",
            CompetencyId = "hotline-12345",
            RequestId = "competency-cli",
            Competency = new Competency { DisplayName = "12345热线诉求办理", Dimension = Dimension.ServiceExcellent },
        });
        await frameworks.PublishFrameworkAsync(new PublishFrameworkRequest { Name = "frameworks/cli", RequestId = "publish-cli" });
        static CourseStage Stage(StageKind kind) => new() { Kind = kind, DisplayName = kind.ToString(), CompetencyIds = { "hotline-12345" }, PlannedHours = 4 };
        var course = await new CourseService.CourseServiceClient(host.Channel).CreateCourseAsync(new CreateCourseRequest
        {
            CourseId = courseId,
            RequestId = "course-" + courseId,
            Course = new Course
            {
                DisplayName = "12345热线诉求办理",
                Framework = "frameworks/cli",
                TargetPosts = { Post.Hotline12345 },
                DeliveryMode = DeliveryMode.Blended,
                Stages = { Stage(StageKind.Theory), Stage(StageKind.PracticalDrill), Stage(StageKind.OnTheJob) },
            },
        });
        return course.Name;
    }

    private async Task<string> CreateCenter(string centerId, string displayName)
    {
        var organization = host.Organization;
        // Fixed request ids: the second test's calls are replays, answered as the first were.
        await organization.CreateRegionAsync(new CreateRegionRequest { RegionId = "shandong", Region = new Region { DisplayName = "山东省" }, RequestId = "region-shandong" });
        await organization.CreateCountyAsync(new CreateCountyRequest { Parent = "regions/shandong", CountyId = "zouping", County = new County { DisplayName = "邹平市" }, RequestId = "county-zouping" });
        await organization.CreateCenterAsync(new CreateCenterRequest { Parent = County, CenterId = centerId, Center = new Center { DisplayName = displayName }, RequestId = "center-" + centerId });
        return $"{County}/centers/{centerId}";
    }

    /// <summary>One host for the tests of this class.</summary>
    public sealed class HostFixture : IAsyncLifetime
    {
        public TestHost Host { get; private set; } = null!;

        public async Task InitializeAsync() => Host = await TestHost.StartAsync();

        public async Task DisposeAsync() => await Host.DisposeAsync();
    }
}
