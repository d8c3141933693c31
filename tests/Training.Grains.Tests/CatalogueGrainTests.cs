namespace Training.Grains.Tests;

public sealed class CatalogueGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory grains = fixture.Grains;

    [Fact]
    public async Task The_framework_lists_competencies_in_tree_order()
    {
        var name = await TestData.FrameworkAsync(grains);

        var view = await grains.GetGrain<ICompetencyFrameworkGrain>(name).Get(0);

        Assert.Equal(["policy", "medical-insurance", "service", "hotline-12345", "communication"], view.Competencies.Select(c => c.Id));
        Assert.Equal(5, view.LevelScale.Count);
        Assert.True(view.HasUnpublishedChanges);
        Assert.Equal(0, view.LatestPublishedVersion);
    }

    [Fact]
    public async Task A_published_version_does_not_change_when_the_draft_does()
    {
        var framework = grains.GetGrain<ICompetencyFrameworkGrain>(await TestData.FrameworkAsync(grains));
        var v1 = await framework.Publish(TestData.Command());
        await TestData.Refused(ErrorKind.FailedPrecondition, () => framework.Publish(TestData.Command()));

        await framework.AddCompetency(new CompetencySpec("emergency", string.Empty, "应急处置", string.Empty, Dimension.BusinessProficient), TestData.Command());
        await framework.UpdateCompetency("policy", new CompetencyPatch(DisplayName: "政策与法规"), TestData.Command());
        var v2 = await framework.Publish(TestData.Command());

        Assert.Equal(1, v1.FrameworkVersion);
        Assert.Equal(2, v2.FrameworkVersion);
        var again = await framework.Get(1);
        Assert.Equal(v1.Competencies, again.Competencies);
        Assert.Equal("政策法规", again.Competencies[0].DisplayName);
        Assert.Equal("政策与法规", (await framework.Get(2)).Competencies[0].DisplayName);
        await TestData.Refused(ErrorKind.NotFound, () => framework.Get(3));
    }

    [Fact]
    public async Task Retiring_a_module_retires_its_subtree_and_the_tree_is_at_most_three_deep()
    {
        var framework = grains.GetGrain<ICompetencyFrameworkGrain>(await TestData.FrameworkAsync(grains));
        await framework.AddCompetency(new CompetencySpec("hotline-followup", "hotline-12345", "回访", string.Empty, Dimension.ServiceExcellent), TestData.Command());
        await TestData.Refused(ErrorKind.InvalidArgument, () => framework.AddCompetency(new CompetencySpec("too-deep", "hotline-followup", "x", string.Empty, Dimension.ServiceExcellent), TestData.Command()));
        await TestData.Refused(ErrorKind.AlreadyExists, () => framework.AddCompetency(new CompetencySpec("policy", string.Empty, "dup", string.Empty, Dimension.PolicySavvy), TestData.Command()));
        await TestData.Refused(ErrorKind.NotFound, () => framework.AddCompetency(new CompetencySpec("orphan", "missing", "x", string.Empty, Dimension.PolicySavvy), TestData.Command()));

        var view = await framework.RetireCompetency("service", TestData.Command());

        Assert.Equal(["service", "hotline-12345", "hotline-followup", "communication"], view.Competencies.Where(c => c.Retired).Select(c => c.Id));
        Assert.False(await framework.IsActiveCompetency("communication"));
        Assert.True(await framework.IsActiveCompetency("medical-insurance"));
    }

    [Fact]
    public async Task A_level_scale_must_be_numbered_from_one()
    {
        var framework = grains.GetGrain<ICompetencyFrameworkGrain>($"frameworks/{TestData.Unique("f")}");
        await TestData.Refused(ErrorKind.InvalidArgument, () => framework.Create(new FrameworkSpec("x", string.Empty, [new(1, "a", string.Empty), new(3, "c", string.Empty)]), TestData.Command()));
        await TestData.Refused(ErrorKind.NotFound, () => framework.Get(0));
    }

    [Fact]
    public async Task A_course_runs_three_stages_in_order_on_active_competencies()
    {
        var frameworkName = await TestData.FrameworkAsync(grains);
        var course = grains.GetGrain<ICourseGrain>($"courses/{TestData.Unique("c")}");
        CourseSpec Spec(IReadOnlyList<CourseStage> stages) => new("12345热线诉求办理", "接诉即办", frameworkName, [Post.Hotline12345], DeliveryMode.Blended, stages);

        var reversed = TestData.Stages("hotline-12345").Reverse().ToList();
        await TestData.Refused(ErrorKind.InvalidArgument, () => course.Create(Spec(reversed), TestData.Command()));
        await TestData.Refused(ErrorKind.InvalidArgument, () => course.Create(Spec(TestData.Stages("no-such")), TestData.Command()));
        await TestData.Refused(ErrorKind.InvalidArgument, () => course.Create(Spec(TestData.Stages("hotline-12345").Take(2).ToList()), TestData.Command()));
        await TestData.Refused(ErrorKind.NotFound, course.Get);

        var created = await course.Create(Spec(TestData.Stages("hotline-12345", "communication")), TestData.Command());
        Assert.Equal([StageKind.Theory, StageKind.PracticalDrill, StageKind.OnTheJob], created.Stages.Select(s => s.Kind));

        await course.Archive(TestData.Command());
        await TestData.Refused(ErrorKind.FailedPrecondition, () => course.Update(new CoursePatch(DisplayName: "x"), 0, TestData.Command()));
    }

    [Fact]
    public async Task A_course_on_a_retired_competency_is_refused()
    {
        var frameworkName = await TestData.FrameworkAsync(grains);
        await grains.GetGrain<ICompetencyFrameworkGrain>(frameworkName).RetireCompetency("communication", TestData.Command());
        var course = grains.GetGrain<ICourseGrain>($"courses/{TestData.Unique("c")}");

        await TestData.Refused(ErrorKind.InvalidArgument, () => course.Create(new CourseSpec("x", string.Empty, frameworkName, [Post.Hotline12345], DeliveryMode.Offline, TestData.Stages("communication")), TestData.Command()));
    }

    [Fact]
    public async Task Question_items_keep_every_revision_and_retired_items_stay_readable()
    {
        var frameworkName = await TestData.FrameworkAsync(grains);
        var bank = grains.GetGrain<IQuestionBankGrain>($"questionBanks/{TestData.Unique("q")}");
        await bank.Create(new QuestionBankSpec("医保政策题库", frameworkName, "medical-insurance"), TestData.Command());
        var v1 = new QuestionItemSpec(QuestionKind.SingleChoice, "城乡居民医保的缴费周期是？", ["按月", "按年", "按季度"], [1], "按年缴费", 2);
        var v2 = v1 with { Stem = "城乡居民基本医疗保险的缴费周期是？" };

        await bank.AddItem("q1", v1, TestData.Command());
        await bank.AddItem("q2", new QuestionItemSpec(QuestionKind.TrueFalse, "低保可以由村委会直接审批。", ["对", "错"], [1], string.Empty, 1), TestData.Command());
        var revised = await bank.ReviseItem("q1", v2, TestData.Command());
        await bank.RetireItem("q2", TestData.Command());

        Assert.Equal(2, revised.Revision);
        var first = (await bank.GetItem("q1", 1)).Content;
        Assert.Equal(v1.Stem, first.Stem);
        Assert.Equal(v1.Options, first.Options);
        Assert.Equal(v1.CorrectOptions, first.CorrectOptions);
        Assert.Equal(v2.Stem, (await bank.GetItem("q1", 0)).Content.Stem);
        Assert.True((await bank.GetItem("q2", 0)).Retired);
        Assert.Equal(["q1"], (await bank.ListItems(new PageRequest(10, null), includeRetired: false)).Items.Select(i => i.Name.Split('/')[^1]));
        Assert.Equal(2, (await bank.ListItems(new PageRequest(10, null), includeRetired: true)).Items.Count);
        var view = await bank.Get();
        Assert.Equal((1, 1), (view.ActiveItemCount, view.RetiredItemCount));
        await TestData.Refused(ErrorKind.FailedPrecondition, () => bank.ReviseItem("q2", v1, TestData.Command()));
    }

    [Fact]
    public async Task Inconsistent_items_and_unknown_competencies_are_refused()
    {
        var frameworkName = await TestData.FrameworkAsync(grains);
        await TestData.Refused(ErrorKind.NotFound, () => grains.GetGrain<IQuestionBankGrain>($"questionBanks/{TestData.Unique("q")}").Create(new QuestionBankSpec("x", frameworkName, "nope"), TestData.Command()));
        var bank = grains.GetGrain<IQuestionBankGrain>($"questionBanks/{TestData.Unique("q")}");
        await bank.Create(new QuestionBankSpec("x", frameworkName, "communication"), TestData.Command());

        await TestData.Refused(ErrorKind.InvalidArgument, () => bank.AddItem("a", new QuestionItemSpec(QuestionKind.SingleChoice, "?", ["a", "b"], [0, 1], string.Empty, 1), TestData.Command()));
        await TestData.Refused(ErrorKind.InvalidArgument, () => bank.AddItem("b", new QuestionItemSpec(QuestionKind.TrueFalse, "?", ["a", "b", "c"], [0], string.Empty, 1), TestData.Command()));
        await TestData.Refused(ErrorKind.InvalidArgument, () => bank.AddItem("c", new QuestionItemSpec(QuestionKind.MultipleChoice, "?", ["a", "b"], [2], string.Empty, 1), TestData.Command()));
        Assert.Equal(0, (await bank.Get()).ActiveItemCount);
    }
}
