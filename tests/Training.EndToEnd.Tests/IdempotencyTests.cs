using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Training.EndToEnd.Tests;

/// <summary>
/// Every mutating RPC retried with the same request_id (as a client does after a lost answer) answers
/// as the first time and writes nothing more (DESIGN.md: "a retry returns the first answer and writes nothing").
/// </summary>
public sealed class IdempotencyTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    /// <summary>Builds one request (with its request_id) and answers a function sending it.</summary>
    private delegate Func<Task<IMessage>> Request(TrainingHostProcess host, Seed seed);

    private TrainingHostProcess Host => fixture.Host;

    public static TheoryData<string> Mutations => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Mutations))]
    public async Task A_retry_with_the_same_request_id_answers_the_same_and_writes_nothing(string name)
    {
        var (arrange, request) = Cases[name];
        var seed = await Seed.CreateAsync(Host, staffCount: 3);
        if (arrange is not null)
        {
            await arrange(Host, seed);
        }

        var send = request(Host, seed);
        var first = await send();
        var before = await World.TakeAsync(Host, seed);
        var retried = await send();
        Assert.Equal(first, retried);
        await World.AssertUnchangedAsync(Host, seed, before);
    }

    [Fact]
    public async Task A_retry_after_a_later_change_still_answers_the_first_answer_and_undoes_nothing()
    {
        var seed = await Seed.CreateAsync(Host, staffCount: 1);
        var update = new UpdateStaffMemberRequest
        {
            StaffMember = new StaffMember { Name = seed.StaffName(1), Phone = "13900000000" },
            UpdateMask = new FieldMask { Paths = { "phone" } },
            RequestId = Seed.RequestId(),
        };
        var first = await Host.Staff.UpdateStaffMemberAsync(update);
        var transferred = await Host.Staff.TransferStaffMemberAsync(new TransferStaffMemberRequest { Name = seed.StaffName(1), ToCenter = seed.OtherCenter, RequestId = Seed.RequestId() });

        var retried = await Host.Staff.UpdateStaffMemberAsync(update);

        Assert.Equal(transferred, await Host.Staff.GetStaffMemberAsync(new GetStaffMemberRequest { Name = seed.StaffName(1) }));
        Assert.Equal(first, retried);
    }

    private static readonly Dictionary<string, (Func<TrainingHostProcess, Seed, Task>? Arrange, Request Request)> Cases = new(StringComparer.Ordinal)
    {
        ["CreateRegion"] = (null, (h, s) => Once(new CreateRegionRequest { RegionId = "r-" + s.Suffix, Region = new Region { DisplayName = "河南省" }, RequestId = Seed.RequestId() }, r => h.Organization.CreateRegionAsync(r))),
        ["UpdateRegion"] = (null, (h, s) => Once(new UpdateRegionRequest { Region = new Region { Name = s.Region, Description = "改" }, UpdateMask = new FieldMask { Paths = { "description" } }, RequestId = Seed.RequestId() }, r => h.Organization.UpdateRegionAsync(r))),
        ["CreateCounty"] = (null, (h, s) => Once(new CreateCountyRequest { Parent = s.Region, CountyId = "boxing", County = new County { DisplayName = "博兴县" }, RequestId = Seed.RequestId() }, r => h.Organization.CreateCountyAsync(r))),
        ["UpdateCounty"] = (null, (h, s) => Once(new UpdateCountyRequest { County = new County { Name = s.County, DisplayName = "邹平" }, UpdateMask = new FieldMask { Paths = { "display_name" } }, RequestId = Seed.RequestId() }, r => h.Organization.UpdateCountyAsync(r))),
        ["CreateCenter"] = (null, (h, s) => Once(new CreateCenterRequest { Parent = s.County, CenterId = "chang-shan", Center = new Center { DisplayName = "长山镇" }, RequestId = Seed.RequestId() }, r => h.Organization.CreateCenterAsync(r))),
        ["UpdateCenter"] = (null, (h, s) => Once(new UpdateCenterRequest { Center = new Center { Name = s.Center, Phone = "0543-4261111" }, UpdateMask = new FieldMask { Paths = { "phone" } }, RequestId = Seed.RequestId() }, r => h.Organization.UpdateCenterAsync(r))),
        ["ArchiveCenter"] = (null, (h, s) => Once(new ArchiveCenterRequest { Name = s.OtherCenter, RequestId = Seed.RequestId() }, r => h.Organization.ArchiveCenterAsync(r))),
        ["CreateStaffMember"] = (null, (h, s) => Once(new CreateStaffMemberRequest { StaffMemberId = $"NEW-{s.Suffix}", StaffMember = new StaffMember { DisplayName = "孙丽", Center = s.Center, Post = Post.VeteransServices }, RequestId = Seed.RequestId() }, r => h.Staff.CreateStaffMemberAsync(r))),
        ["UpdateStaffMember"] = (null, (h, s) => Once(new UpdateStaffMemberRequest { StaffMember = new StaffMember { Name = s.StaffName(1), Email = "a@b.cn" }, UpdateMask = new FieldMask { Paths = { "email" } }, RequestId = Seed.RequestId() }, r => h.Staff.UpdateStaffMemberAsync(r))),
        ["TransferStaffMember"] = (null, (h, s) => Once(new TransferStaffMemberRequest { Name = s.StaffName(1), ToCenter = s.OtherCenter, RequestId = Seed.RequestId() }, r => h.Staff.TransferStaffMemberAsync(r))),
        ["StartStaffLeave"] = (null, (h, s) => Once(new StartStaffLeaveRequest { Name = s.StaffName(1), Reason = "病假", RequestId = Seed.RequestId() }, r => h.Staff.StartStaffLeaveAsync(r))),
        ["EndStaffLeave"] = (
            async (h, s) => await h.Staff.StartStaffLeaveAsync(new StartStaffLeaveRequest { Name = s.StaffName(1), Reason = "病假", RequestId = Seed.RequestId() }),
            (h, s) => Once(new EndStaffLeaveRequest { Name = s.StaffName(1), RequestId = Seed.RequestId() }, r => h.Staff.EndStaffLeaveAsync(r))),
        ["DepartStaffMember"] = (null, (h, s) => Once(new DepartStaffMemberRequest { Name = s.StaffName(1), Reason = "退休", RequestId = Seed.RequestId() }, r => h.Staff.DepartStaffMemberAsync(r))),
        ["BatchCreateStaffMembers"] = (null, (h, s) => Once(
            new BatchCreateStaffMembersRequest
            {
                RequestId = Seed.RequestId(),
                Requests =
                {
                    new CreateStaffMemberRequest { StaffMemberId = $"B1-{s.Suffix}", StaffMember = new StaffMember { DisplayName = "甲", Center = s.Center, Post = Post.GeneralServices } },
                    new CreateStaffMemberRequest { StaffMemberId = s.StaffId(1), StaffMember = new StaffMember { DisplayName = "重复", Center = s.Center, Post = Post.GeneralServices } },
                },
            },
            r => h.Staff.BatchCreateStaffMembersAsync(r))),
        ["CreateFramework"] = (null, (h, s) => Once(new CreateFrameworkRequest { FrameworkId = "f-" + s.Suffix, Framework = new CompetencyFramework { DisplayName = "框架", LevelScale = { new Level { Level_ = 1, Label = "一" }, new Level { Level_ = 2, Label = "二" } } }, RequestId = Seed.RequestId() }, r => h.Frameworks.CreateFrameworkAsync(r))),
        ["UpdateFramework"] = (null, (h, s) => Once(new UpdateFrameworkRequest { Framework = new CompetencyFramework { Name = s.Framework, Description = "说明" }, UpdateMask = new FieldMask { Paths = { "description" } }, RequestId = Seed.RequestId() }, r => h.Frameworks.UpdateFrameworkAsync(r))),
        ["CreateCompetency"] = (null, (h, s) => Once(new CreateCompetencyRequest { Parent = s.Framework, CompetencyId = "emergency", Competency = new Competency { DisplayName = "应急处置", Dimension = Dimension.BusinessProficient }, RequestId = Seed.RequestId() }, r => h.Frameworks.CreateCompetencyAsync(r))),
        ["UpdateCompetency"] = (null, (h, s) => Once(new UpdateCompetencyRequest { Competency = new Competency { Name = $"{s.Framework}/competencies/communication", Dimension = Dimension.PolicySavvy }, UpdateMask = new FieldMask { Paths = { "dimension" } }, RequestId = Seed.RequestId() }, r => h.Frameworks.UpdateCompetencyAsync(r))),
        ["RetireCompetency"] = (null, (h, s) => Once(new RetireCompetencyRequest { Name = $"{s.Framework}/competencies/communication", RequestId = Seed.RequestId() }, r => h.Frameworks.RetireCompetencyAsync(r))),
        ["PublishFramework"] = (
            async (h, s) => await h.Frameworks.UpdateFrameworkAsync(new UpdateFrameworkRequest { Framework = new CompetencyFramework { Name = s.Framework, Description = "第二版" }, UpdateMask = new FieldMask { Paths = { "description" } }, RequestId = Seed.RequestId() }),
            (h, s) => Once(new PublishFrameworkRequest { Name = s.Framework, RequestId = Seed.RequestId() }, r => h.Frameworks.PublishFrameworkAsync(r))),
        ["CreateCourse"] = (null, (h, s) => Once(
            new CreateCourseRequest
            {
                CourseId = "c-" + s.Suffix,
                Course = new Course
                {
                    DisplayName = "沟通",
                    Framework = s.Framework,
                    TargetPosts = { Post.GeneralServices },
                    DeliveryMode = DeliveryMode.Offline,
                    Stages =
                    {
                        new CourseStage { Kind = StageKind.Theory, DisplayName = "理论", CompetencyIds = { "communication" }, PlannedHours = 2 },
                        new CourseStage { Kind = StageKind.PracticalDrill, DisplayName = "演练", CompetencyIds = { "communication" }, PlannedHours = 2 },
                        new CourseStage { Kind = StageKind.OnTheJob, DisplayName = "实践", CompetencyIds = { "communication" }, PlannedHours = 2 },
                    },
                },
                RequestId = Seed.RequestId(),
            },
            r => h.Courses.CreateCourseAsync(r))),
        ["UpdateCourse"] = (null, (h, s) => Once(new UpdateCourseRequest { Course = new Course { Name = s.Course, DeliveryMode = DeliveryMode.Online }, UpdateMask = new FieldMask { Paths = { "delivery_mode" } }, RequestId = Seed.RequestId() }, r => h.Courses.UpdateCourseAsync(r))),
        ["ArchiveCourse"] = (null, (h, s) => Once(new ArchiveCourseRequest { Name = s.Course, RequestId = Seed.RequestId() }, r => h.Courses.ArchiveCourseAsync(r))),
        ["CreateQuestionBank"] = (null, (h, s) => Once(new CreateQuestionBankRequest { QuestionBankId = "b-" + s.Suffix, QuestionBank = new QuestionBank { DisplayName = "沟通题库", Framework = s.Framework, CompetencyId = "communication" }, RequestId = Seed.RequestId() }, r => h.QuestionBanks.CreateQuestionBankAsync(r))),
        ["UpdateQuestionBank"] = (null, (h, s) => Once(new UpdateQuestionBankRequest { QuestionBank = new QuestionBank { Name = s.Bank, DisplayName = "热线题库" }, UpdateMask = new FieldMask { Paths = { "display_name" } }, RequestId = Seed.RequestId() }, r => h.QuestionBanks.UpdateQuestionBankAsync(r))),
        ["CreateQuestionItem"] = (null, (h, s) => Once(new CreateQuestionItemRequest { Parent = s.Bank, ItemId = "q2", Item = new QuestionItem { Kind = QuestionKind.TrueFalse, Stem = "12345热线24小时受理。", Options = { "对", "错" }, CorrectOptions = { 0 }, Difficulty = 1 }, RequestId = Seed.RequestId() }, r => h.QuestionBanks.CreateQuestionItemAsync(r))),
        ["ReviseQuestionItem"] = (null, (h, s) => Once(new ReviseQuestionItemRequest { Item = new QuestionItem { Name = $"{s.Bank}/items/q1", Kind = QuestionKind.SingleChoice, Stem = "首次联系诉求人的时限是？", Options = { "2小时", "24小时" }, CorrectOptions = { 0 }, Difficulty = 2 }, RequestId = Seed.RequestId() }, r => h.QuestionBanks.ReviseQuestionItemAsync(r))),
        ["RetireQuestionItem"] = (null, (h, s) => Once(new RetireQuestionItemRequest { Name = $"{s.Bank}/items/q1", RequestId = Seed.RequestId() }, r => h.QuestionBanks.RetireQuestionItemAsync(r))),
    };

    /// <summary>Fixes one request; every send sends exactly it.</summary>
    private static Func<Task<IMessage>> Once<TRequest, TResponse>(TRequest request, Func<TRequest, AsyncUnaryCall<TResponse>> call)
        where TResponse : IMessage =>
        async () => await call(request);
}
