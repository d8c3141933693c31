namespace Training.EndToEnd.Tests;

/// <summary>
/// The catalogue's lifecycle rules end to end: a framework's tree order, published versions frozen
/// while the draft moves on, retiring a module and what that refuses, question items revised and
/// retired, and optimistic concurrency on courses with etags.
/// </summary>
public sealed class CatalogueTests(SeededHostFixture fixture) : IClassFixture<SeededHostFixture>
{
    private TrainingHostProcess Host => fixture.Host;

    private CompetencyFrameworkService.CompetencyFrameworkServiceClient Frameworks => Host.Frameworks;

    [Fact]
    public async Task A_frameworks_competencies_come_in_tree_order_each_module_followed_by_its_descendants()
    {
        var framework = await NewFramework();
        await Add(framework, "policy", string.Empty);
        await Add(framework, "service", string.Empty);
        await Add(framework, "social-security", "policy");
        await Add(framework, "hotline", "service");
        await Add(framework, "veterans", "policy");
        await Add(framework, "pension", "social-security");
        await Add(framework, "emergency", string.Empty);

        var draft = await Frameworks.GetFrameworkAsync(new GetFrameworkRequest { Name = framework });
        Assert.Equal(
            ["policy", "social-security", "pension", "veterans", "service", "hotline", "emergency"],
            draft.Competencies.Select(c => Id(c.Name)));
        Assert.Equal(
            [string.Empty, "policy", "social-security", "policy", string.Empty, "service", string.Empty],
            draft.Competencies.Select(c => c.ParentId));
        Assert.All(draft.Competencies, c => Assert.StartsWith($"{framework}/competencies/", c.Name, StringComparison.Ordinal));

        // Three levels at most: nothing below a sub-sub-competency.
        var before = await Frameworks.GetFrameworkAsync(new GetFrameworkRequest { Name = framework });
        await Expect.InvalidArgument("competency.parent_id", () => Add(framework, "too-deep", "pension"));
        Assert.Equal(before, await Frameworks.GetFrameworkAsync(new GetFrameworkRequest { Name = framework }));
    }

    [Fact]
    public async Task A_published_version_never_changes_while_the_draft_moves_on()
    {
        var framework = await NewFramework();
        await Add(framework, "policy", string.Empty);
        await Add(framework, "pension", "policy");
        var published = await Frameworks.PublishFrameworkAsync(new PublishFrameworkRequest { Name = framework, RequestId = Seed.RequestId() });
        Assert.Equal(1, published.FrameworkVersion);
        Assert.Equal(1, published.LatestPublishedVersion);
        Assert.False(published.HasUnpublishedChanges);
        var v1 = await Frameworks.GetFrameworkAsync(new GetFrameworkRequest { Name = framework, FrameworkVersion = 1 });
        Assert.Equal(Content(published), Content(v1));

        // The draft changes: a new module, a renamed competency, a new description and scale.
        await Add(framework, "service", string.Empty);
        await Frameworks.UpdateCompetencyAsync(new UpdateCompetencyRequest
        {
            Competency = new Competency { Name = $"{framework}/competencies/pension", DisplayName = "城乡居民养老保险" },
            UpdateMask = new() { Paths = { "display_name" } },
            RequestId = Seed.RequestId(),
        });
        await Frameworks.UpdateFrameworkAsync(new UpdateFrameworkRequest
        {
            Framework = new CompetencyFramework
            {
                Name = framework,
                Description = "第二版",
                LevelScale = { new Level { Level_ = 1, Label = "入门" }, new Level { Level_ = 2, Label = "熟练" }, new Level { Level_ = 3, Label = "专家" } },
            },
            UpdateMask = new() { Paths = { "description", "level_scale" } },
            RequestId = Seed.RequestId(),
        });
        await Frameworks.RetireCompetencyAsync(new RetireCompetencyRequest { Name = $"{framework}/competencies/policy", RequestId = Seed.RequestId() });

        var draft = await Frameworks.GetFrameworkAsync(new GetFrameworkRequest { Name = framework });
        Assert.Equal(0, draft.FrameworkVersion);
        Assert.True(draft.HasUnpublishedChanges);
        Assert.Equal(1, draft.LatestPublishedVersion);
        Assert.Equal(3, draft.Competencies.Count);
        Assert.Equal("第二版", draft.Description);
        var stillV1 = await Frameworks.GetFrameworkAsync(new GetFrameworkRequest { Name = framework, FrameworkVersion = 1 });
        Assert.Equal(Content(v1), Content(stillV1));
        Assert.Equal(2, stillV1.Competencies.Count);
        Assert.All(stillV1.Competencies, c => Assert.False(c.Retired));
        Assert.Equal("养老保险", stillV1.Competencies[1].DisplayName);
        Assert.Equal(2, stillV1.LevelScale.Count);

        var v2 = await Frameworks.PublishFrameworkAsync(new PublishFrameworkRequest { Name = framework, RequestId = Seed.RequestId() });
        Assert.Equal(2, v2.FrameworkVersion);
        Assert.Equal(draft.Competencies, v2.Competencies);
        Assert.Equal(Content(v1), Content(await Frameworks.GetFrameworkAsync(new GetFrameworkRequest { Name = framework, FrameworkVersion = 1 })));
        Assert.Equal(Content(v2), Content(await Frameworks.GetFrameworkAsync(new GetFrameworkRequest { Name = framework, FrameworkVersion = 2 })));
        await Expect.NotFound(() => Frameworks.GetFrameworkAsync(new GetFrameworkRequest { Name = framework, FrameworkVersion = 3 }).ResponseAsync);
    }

    [Fact]
    public async Task Retiring_a_module_retires_its_descendants_and_courses_banks_and_children_over_them_are_refused()
    {
        var framework = await NewFramework();
        await Add(framework, "policy", string.Empty);
        await Add(framework, "social-security", "policy");
        await Add(framework, "pension", "social-security");
        await Add(framework, "service", string.Empty);
        await Add(framework, "hotline", "service");
        await Frameworks.PublishFrameworkAsync(new PublishFrameworkRequest { Name = framework, RequestId = Seed.RequestId() });

        var retired = await Frameworks.RetireCompetencyAsync(new RetireCompetencyRequest { Name = $"{framework}/competencies/policy", RequestId = Seed.RequestId() });
        Assert.True(retired.Retired);
        Assert.Equal($"{framework}/competencies/policy", retired.Name);
        var draft = await Frameworks.GetFrameworkAsync(new GetFrameworkRequest { Name = framework });
        Assert.Equal(
            [("policy", true), ("social-security", true), ("pension", true), ("service", false), ("hotline", false)],
            draft.Competencies.Select(c => (Id(c.Name), c.Retired)));
        Assert.All((await Frameworks.GetFrameworkAsync(new GetFrameworkRequest { Name = framework, FrameworkVersion = 1 })).Competencies, c => Assert.False(c.Retired));

        // Retiring again changes nothing.
        await Frameworks.RetireCompetencyAsync(new RetireCompetencyRequest { Name = $"{framework}/competencies/policy", RequestId = Seed.RequestId() });
        Assert.Equal(draft, await Frameworks.GetFrameworkAsync(new GetFrameworkRequest { Name = framework }));

        // A course over retired competencies is refused and not created; over active ones it is.
        var courseId = "c-" + Guid.NewGuid().ToString("N")[..10];
        await Expect.InvalidArgument("course.stages[1].competency_ids", () => Host.Courses.CreateCourseAsync(NewCourse(framework, courseId, "hotline", "pension", "hotline")).ResponseAsync);
        await Expect.NotFound(() => Host.Courses.GetCourseAsync(new GetCourseRequest { Name = $"courses/{courseId}" }).ResponseAsync);
        var course = await Host.Courses.CreateCourseAsync(NewCourse(framework, courseId, "hotline", "hotline", "hotline"));

        // …and an update moving a stage onto a retired competency is refused and writes nothing.
        var stages = course.Stages.Clone();
        stages[2].CompetencyIds[0] = "social-security";
        await Expect.InvalidArgument("course.stages[2].competency_ids", () => Host.Courses.UpdateCourseAsync(new UpdateCourseRequest
        {
            Course = new Course { Name = course.Name, Stages = { stages } },
            UpdateMask = new() { Paths = { "stages" } },
            RequestId = Seed.RequestId(),
        }).ResponseAsync);
        Assert.Equal(course, await Host.Courses.GetCourseAsync(new GetCourseRequest { Name = course.Name }));

        // A bank over a retired competency and a child under a retired module: not allowed in this state.
        var bankId = "b-" + Guid.NewGuid().ToString("N")[..10];
        await Expect.FailedPrecondition(() => Host.QuestionBanks.CreateQuestionBankAsync(new CreateQuestionBankRequest
        {
            QuestionBankId = bankId,
            QuestionBank = new QuestionBank { DisplayName = "养老题库", Framework = framework, CompetencyId = "pension" },
            RequestId = Seed.RequestId(),
        }).ResponseAsync);
        await Expect.NotFound(() => Host.QuestionBanks.GetQuestionBankAsync(new GetQuestionBankRequest { Name = $"questionBanks/{bankId}" }).ResponseAsync);
        await Expect.FailedPrecondition(() => Add(framework, "medical", "policy"));
        Assert.Equal(draft, await Frameworks.GetFrameworkAsync(new GetFrameworkRequest { Name = framework }));
    }

    [Fact]
    public async Task Question_items_are_revised_with_old_revisions_readable_and_retired_items_listed_only_with_show_retired()
    {
        var seed = fixture.Seed;
        var banks = Host.QuestionBanks;
        var bank = await banks.CreateQuestionBankAsync(new CreateQuestionBankRequest
        {
            QuestionBankId = "b-" + Guid.NewGuid().ToString("N")[..10],
            QuestionBank = new QuestionBank { DisplayName = "群众沟通题库", Framework = seed.Framework, CompetencyId = "communication" },
            RequestId = Seed.RequestId(),
        });
        var first = await banks.CreateQuestionItemAsync(new CreateQuestionItemRequest { Parent = bank.Name, ItemId = "q1", Item = Item("群众情绪激动时应当？", 1), RequestId = Seed.RequestId() });
        var other = await banks.CreateQuestionItemAsync(new CreateQuestionItemRequest { Parent = bank.Name, ItemId = "q2", Item = Item("首问负责制是指？", 0), RequestId = Seed.RequestId() });
        Assert.Equal(1, first.Revision);

        var revised = await banks.ReviseQuestionItemAsync(new ReviseQuestionItemRequest
        {
            Item = With(Item("群众情绪激动时，窗口人员首先应当？", 2), i => i.Name = first.Name),
            RequestId = Seed.RequestId(),
        });
        Assert.Equal(2, revised.Revision);
        Assert.Equal("群众情绪激动时，窗口人员首先应当？", revised.Stem);
        Assert.Equal([2], revised.CorrectOptions);
        Assert.Equal(revised, await banks.GetQuestionItemAsync(new GetQuestionItemRequest { Name = first.Name }));
        Assert.Equal(revised, await banks.GetQuestionItemAsync(new GetQuestionItemRequest { Name = first.Name, Revision = 2 }));
        var revisionOne = await banks.GetQuestionItemAsync(new GetQuestionItemRequest { Name = first.Name, Revision = 1 });
        Assert.Equal(1, revisionOne.Revision);
        Assert.Equal(first.Stem, revisionOne.Stem);
        Assert.Equal(first.Options, revisionOne.Options);
        Assert.Equal(first.CorrectOptions, revisionOne.CorrectOptions);

        var retired = await banks.RetireQuestionItemAsync(new RetireQuestionItemRequest { Name = first.Name, RequestId = Seed.RequestId() });
        Assert.True(retired.Retired);
        Assert.Equal(2, retired.Revision);

        var active = await banks.ListQuestionItemsAsync(new ListQuestionItemsRequest { Parent = bank.Name });
        Assert.Equal([other.Name], active.Items.Select(i => i.Name));
        var all = await banks.ListQuestionItemsAsync(new ListQuestionItemsRequest { Parent = bank.Name, ShowRetired = true });
        Assert.Equal([first.Name, other.Name], all.Items.Select(i => i.Name));
        Assert.True(all.Items[0].Retired);
        Assert.Equal(2, all.Items[0].Revision);

        // Every revision of a retired item stays readable; it can no longer be revised.
        Assert.Equal(first.Stem, (await banks.GetQuestionItemAsync(new GetQuestionItemRequest { Name = first.Name, Revision = 1 })).Stem);
        await Expect.FailedPrecondition(() => banks.ReviseQuestionItemAsync(new ReviseQuestionItemRequest { Item = With(Item("再改", 0), i => i.Name = first.Name), RequestId = Seed.RequestId() }).ResponseAsync);
        Assert.Equal(retired, await banks.GetQuestionItemAsync(new GetQuestionItemRequest { Name = first.Name }));

        var counted = await banks.GetQuestionBankAsync(new GetQuestionBankRequest { Name = bank.Name });
        Assert.Equal(1, counted.ActiveItemCount);
        Assert.Equal(1, counted.RetiredItemCount);
    }

    [Fact]
    public async Task UpdateCourse_round_trips_its_etag_and_a_stale_etag_is_Aborted_without_writing()
    {
        var seed = await Seed.CreateAsync(Host, staffCount: 1);
        var courses = Host.Courses;
        var course = await courses.GetCourseAsync(new GetCourseRequest { Name = seed.Course });

        var updated = await courses.UpdateCourseAsync(new UpdateCourseRequest
        {
            Course = new Course { Name = course.Name, DisplayName = "12345热线诉求办理（2026版）", Etag = course.Etag },
            UpdateMask = new() { Paths = { "display_name" } },
            RequestId = Seed.RequestId(),
        });
        Assert.NotEqual(course.Etag, updated.Etag);
        Assert.Equal(course.Stages, updated.Stages);
        Assert.Equal(updated, await courses.GetCourseAsync(new GetCourseRequest { Name = course.Name }));

        await Expect.Aborted(() => courses.UpdateCourseAsync(new UpdateCourseRequest
        {
            Course = new Course { Name = course.Name, DeliveryMode = DeliveryMode.Online, Etag = course.Etag },
            UpdateMask = new() { Paths = { "delivery_mode" } },
            RequestId = Seed.RequestId(),
        }).ResponseAsync);
        Assert.Equal(updated, await courses.GetCourseAsync(new GetCourseRequest { Name = course.Name }));

        var again = await courses.UpdateCourseAsync(new UpdateCourseRequest
        {
            Course = new Course { Name = course.Name, DeliveryMode = DeliveryMode.Online, Etag = updated.Etag },
            UpdateMask = new() { Paths = { "delivery_mode" } },
            RequestId = Seed.RequestId(),
        });
        Assert.Equal(DeliveryMode.Online, again.DeliveryMode);
        Assert.Equal(updated.DisplayName, again.DisplayName);
        Assert.NotEqual(updated.Etag, again.Etag);
    }

    /// <summary>A published version's content: what must never change (the view also shows the framework's current state).</summary>
    private static CompetencyFramework Content(CompetencyFramework framework)
    {
        var content = framework.Clone();
        content.LatestPublishedVersion = 0;
        content.HasUnpublishedChanges = false;
        content.Etag = string.Empty;
        return content;
    }

    private static string Id(string competencyName) => competencyName[(competencyName.LastIndexOf('/') + 1)..];

    private static T With<T>(T value, Action<T> change)
    {
        change(value);
        return value;
    }

    private static QuestionItem Item(string stem, int correct) => new()
    {
        Kind = QuestionKind.SingleChoice,
        Stem = stem,
        Options = { "据理力争", "转交领导", "先安抚情绪、耐心倾听" },
        CorrectOptions = { correct },
        Difficulty = 3,
    };

    private static CreateCourseRequest NewCourse(string framework, string courseId, string theory, string drill, string onTheJob) => new()
    {
        CourseId = courseId,
        RequestId = Seed.RequestId(),
        Course = new Course
        {
            DisplayName = "政策与热线",
            Framework = framework,
            TargetPosts = { Post.Hotline12345, Post.SocialSecurity },
            DeliveryMode = DeliveryMode.Blended,
            Stages =
            {
                new CourseStage { Kind = StageKind.Theory, DisplayName = "理论", CompetencyIds = { theory }, PlannedHours = 6 },
                new CourseStage { Kind = StageKind.PracticalDrill, DisplayName = "演练", CompetencyIds = { drill }, PlannedHours = 4 },
                new CourseStage { Kind = StageKind.OnTheJob, DisplayName = "实践", CompetencyIds = { onTheJob }, PlannedHours = 16 },
            },
        },
    };

    private async Task<string> NewFramework()
    {
        var id = "f-" + Guid.NewGuid().ToString("N")[..10];
        var created = await Frameworks.CreateFrameworkAsync(new CreateFrameworkRequest
        {
            FrameworkId = id,
            Framework = new CompetencyFramework { DisplayName = "测试框架", LevelScale = { new Level { Level_ = 1, Label = "了解" }, new Level { Level_ = 2, Label = "掌握" } } },
            RequestId = Seed.RequestId(),
        });
        Assert.Equal($"frameworks/{id}", created.Name);
        return created.Name;
    }

    private Task<Competency> Add(string framework, string id, string parentId) =>
        Frameworks.CreateCompetencyAsync(new CreateCompetencyRequest
        {
            Parent = framework,
            CompetencyId = id,
            Competency = new Competency { ParentId = parentId, DisplayName = id == "pension" ? "养老保险" : id, Dimension = Dimension.PolicySavvy },
            RequestId = Seed.RequestId(),
        }).ResponseAsync;
}
