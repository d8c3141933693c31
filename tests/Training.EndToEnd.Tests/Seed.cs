using Google.Protobuf.WellKnownTypes;

namespace Training.EndToEnd.Tests;

/// <summary>Creates a small but complete dataset over gRPC, with unique ids so tests can share a host.</summary>
internal sealed class Seed
{
    private Seed(string suffix) => Suffix = suffix;

    public string Suffix { get; }

    public string Region => $"regions/sd-{Suffix}";

    public string County => $"{Region}/counties/zouping";

    public string Center => $"{County}/centers/t-town";

    public string OtherCenter => $"{County}/centers/han-dian";

    public string Framework => $"frameworks/ps-{Suffix}";

    public string Course => $"courses/hotline-{Suffix}";

    public string Bank => $"questionBanks/hotline-{Suffix}";

    public static string RequestId() => Guid.NewGuid().ToString("N");

    public static async Task<Seed> CreateAsync(TrainingHostProcess host, int staffCount = 3)
    {
        var seed = new Seed(Guid.NewGuid().ToString("N")[..8]);
        var org = host.Organization;
        await org.CreateRegionAsync(new CreateRegionRequest { RegionId = $"sd-{seed.Suffix}", Region = new Region { DisplayName = "山东省" }, RequestId = RequestId() });
        await org.CreateCountyAsync(new CreateCountyRequest { Parent = seed.Region, CountyId = "zouping", County = new County { DisplayName = "邹平市" }, RequestId = RequestId() });
        await org.CreateCenterAsync(new CreateCenterRequest { Parent = seed.County, CenterId = "t-town", Center = new Center { DisplayName = "T镇便民服务中心", Address = "T镇政府路1号", Phone = "0543-4260000" }, RequestId = RequestId() });
        await org.CreateCenterAsync(new CreateCenterRequest { Parent = seed.County, CenterId = "han-dian", Center = new Center { DisplayName = "韩店镇便民服务中心" }, RequestId = RequestId() });

        var frameworks = host.Frameworks;
        await frameworks.CreateFrameworkAsync(new CreateFrameworkRequest
        {
            FrameworkId = $"ps-{seed.Suffix}",
            RequestId = RequestId(),
            Framework = new CompetencyFramework
            {
                DisplayName = "便民服务能力框架",
                LevelScale = { new Level { Level_ = 1, Label = "了解" }, new Level { Level_ = 2, Label = "熟悉" }, new Level { Level_ = 3, Label = "掌握" } },
            },
        });
        await AddCompetency(frameworks, seed.Framework, "service-awareness", string.Empty, "服务意识", Dimension.ServiceExcellent);
        await AddCompetency(frameworks, seed.Framework, "hotline-12345", "service-awareness", "12345热线诉求办理", Dimension.ServiceExcellent);
        await AddCompetency(frameworks, seed.Framework, "communication", "service-awareness", "群众沟通", Dimension.ServiceExcellent);
        await frameworks.PublishFrameworkAsync(new PublishFrameworkRequest { Name = seed.Framework, RequestId = RequestId() });

        await host.Courses.CreateCourseAsync(new CreateCourseRequest
        {
            CourseId = $"hotline-{seed.Suffix}",
            RequestId = RequestId(),
            Course = new Course
            {
                DisplayName = "12345热线诉求办理",
                Framework = seed.Framework,
                TargetPosts = { Post.Hotline12345 },
                DeliveryMode = DeliveryMode.Blended,
                Stages =
                {
                    Stage(StageKind.Theory, "理论学习"),
                    Stage(StageKind.PracticalDrill, "模拟来电演练"),
                    Stage(StageKind.OnTheJob, "岗位实践"),
                },
            },
        });

        await host.QuestionBanks.CreateQuestionBankAsync(new CreateQuestionBankRequest
        {
            QuestionBankId = $"hotline-{seed.Suffix}",
            RequestId = RequestId(),
            QuestionBank = new QuestionBank { DisplayName = "12345热线题库", Framework = seed.Framework, CompetencyId = "hotline-12345" },
        });
        await host.QuestionBanks.CreateQuestionItemAsync(new CreateQuestionItemRequest
        {
            Parent = seed.Bank,
            ItemId = "q1",
            RequestId = RequestId(),
            Item = new QuestionItem
            {
                Kind = QuestionKind.SingleChoice,
                Stem = "12345工单应在多长时间内首次联系诉求人？",
                Options = { "2小时", "24小时", "3天" },
                CorrectOptions = { 0 },
                Difficulty = 2,
            },
        });

        var batch = new BatchCreateStaffMembersRequest { RequestId = RequestId() };
        for (var i = 1; i <= staffCount; i++)
        {
            batch.Requests.Add(new CreateStaffMemberRequest
            {
                StaffMemberId = seed.StaffId(i),
                StaffMember = new StaffMember { DisplayName = $"员工{i:D2}", Center = seed.Center, Post = Post.Hotline12345, Phone = "0543-1234567" },
            });
        }

        var created = await host.Staff.BatchCreateStaffMembersAsync(batch);
        Assert.Equal(staffCount, created.CreatedCount);
        return seed;
    }

    /// <summary>The batch id <see cref="CreateBatchAsync"/> gives a centre's batch unless told otherwise.</summary>
    public const string BatchId = "hotline-2026";

    /// <summary>The seeded batch run by <paramref name="center"/>.</summary>
    public static string BatchAt(string center, string batchId = BatchId) => $"{center}/batches/{batchId}";

    /// <summary>A session of a batch.</summary>
    public static string SessionOf(string batch, string sessionId) => $"{batch}/sessions/{sessionId}";

    /// <summary>
    /// A batch of this seed's course run by <paramref name="center"/> (one of the seed's two centres; staff of both may
    /// enrol, hotline and general-services posts, 500 places), with three sessions scheduled a few days ahead —
    /// <c>theory-1</c> (offline), <c>drill-1</c> (offline) and <c>online-1</c> (online, on-the-job) — and, when
    /// <paramref name="open"/>, enrolment open, <paramref name="enrol"/> enrolled and a fourth session <c>closed-1</c>
    /// closed at once (its enrolled staff absent). Answers the batch's name.
    /// </summary>
    public async Task<string> CreateBatchAsync(TrainingHostProcess host, string center, string batchId = BatchId, bool open = true, params string[] enrol)
    {
        ArgumentNullException.ThrowIfNull(host);
        var batches = host.CourseBatches;
        var batch = (await batches.CreateCourseBatchAsync(new CreateCourseBatchRequest
        {
            Parent = center,
            CourseBatchId = batchId,
            RequestId = RequestId(),
            CourseBatch = new CourseBatch
            {
                DisplayName = "2026年第一期 12345热线接诉即办",
                Course = Course,
                Centers = { Center, OtherCenter },
                Capacity = 500,
                EligiblePosts = { Post.Hotline12345, Post.GeneralServices },
                EnrolmentOpenTime = DateTimeOffset.UtcNow.AddDays(-1).ToTimestamp(),
                EnrolmentCloseTime = DateTimeOffset.UtcNow.AddDays(30).ToTimestamp(),
            },
        })).Name;
        await AddSessionAsync(host, batch, "theory-1", NewSession(StageKind.Theory, days: 3));
        await AddSessionAsync(host, batch, "drill-1", NewSession(StageKind.PracticalDrill, days: 4));
        await AddSessionAsync(host, batch, "online-1", NewSession(StageKind.OnTheJob, days: 5, online: true));
        if (!open)
        {
            return batch;
        }

        await batches.OpenCourseBatchEnrolmentAsync(new OpenCourseBatchEnrolmentRequest { Name = batch, RequestId = RequestId() });
        if (enrol.Length > 0)
        {
            var enrolled = await batches.EnrolStaffMembersAsync(new EnrolStaffMembersRequest { CourseBatch = batch, StaffMembers = { enrol }, RequestId = RequestId() });
            Assert.All(enrolled.Results, r => Assert.True(r.Enrolment is not null, $"{r.StaffMember} was not enrolled in {batch}: {r.Status}"));
        }

        await AddSessionAsync(host, batch, "closed-1", NewSession(StageKind.Theory, days: 2));
        await batches.CloseSessionAsync(new CloseSessionRequest { Name = SessionOf(batch, "closed-1"), RequestId = RequestId() });
        return batch;
    }

    /// <summary>Schedules a session; answers its name.</summary>
    public static async Task<string> AddSessionAsync(TrainingHostProcess host, string batch, string sessionId, Session session)
    {
        ArgumentNullException.ThrowIfNull(host);
        return (await host.CourseBatches.CreateSessionAsync(new CreateSessionRequest { Parent = batch, SessionId = sessionId, Session = session, RequestId = RequestId() })).Name;
    }

    /// <summary>A three-hour session <paramref name="days"/> days ahead at 09:00 UTC: offline in the host centre's training room, or online.</summary>
    public static Session NewSession(StageKind stage, int days, bool online = false, bool makeUp = false)
    {
        var start = new DateTimeOffset(DateTimeOffset.UtcNow.Date.AddDays(days).AddHours(9), TimeSpan.Zero);
        return new Session
        {
            Stage = stage,
            DisplayName = stage switch
            {
                StageKind.Theory => "政策理论",
                StageKind.PracticalDrill => "模拟来电演练",
                _ => "岗位实践",
            } + (makeUp ? "（补课）" : string.Empty),
            Mode = online ? SessionMode.Online : SessionMode.Offline,
            Room = online ? string.Empty : "二楼培训室",
            StartTime = start.ToTimestamp(),
            EndTime = start.AddHours(3).ToTimestamp(),
            Instructor = "县人社局 王老师",
            MakeUp = makeUp,
        };
    }

    public string StaffId(int i) => $"TT-{Suffix}-{i:D3}";

    public string StaffName(int i) => $"staff/{StaffId(i)}";

    private static CourseStage Stage(StageKind kind, string name) =>
        new() { Kind = kind, DisplayName = name, CompetencyIds = { "hotline-12345", "communication" }, PlannedHours = 8, Assessment = "quick test" };

    private static Task<Competency> AddCompetency(CompetencyFrameworkService.CompetencyFrameworkServiceClient client, string framework, string id, string parent, string name, Dimension dimension) =>
        client.CreateCompetencyAsync(new CreateCompetencyRequest
        {
            Parent = framework,
            CompetencyId = id,
            RequestId = RequestId(),
            Competency = new Competency { ParentId = parent, DisplayName = name, Dimension = dimension },
        }).ResponseAsync;
}
