namespace Training.Grains.Tests;

/// <summary>A running batch with question banks on two competencies of its course's framework: the starting point of quick-test tests.</summary>
internal sealed class QuickTestScenario
{
    private QuickTestScenario(BatchScenario batch, string hotlineBank, string communicationBank)
    {
        Batch = batch;
        HotlineBank = hotlineBank;
        CommunicationBank = communicationBank;
    }

    public BatchScenario Batch { get; }

    /// <summary>Six single-choice items on hotline-12345; option 0 of each is correct.</summary>
    public string HotlineBank { get; }

    /// <summary>Two true/false items (true correct) and two multiple-choice items (options 0 and 1 correct) on communication.</summary>
    public string CommunicationBank { get; }

    public IGrainFactory Grains => Batch.Grains;

    public static async Task<QuickTestScenario> CreateAsync(IGrainFactory grains, int staff = 2)
    {
        var batch = await BatchScenario.CreateAsync(grains, staff);
        var framework = (await grains.GetGrain<ICourseGrain>(batch.Course).Get()).FrameworkName;
        var hotline = await BankAsync(grains, framework, "hotline-12345", Enumerable.Range(1, 6).Select(i => Single($"12345 question {i}")));
        var communication = await BankAsync(grains, framework, "communication", [TrueFalse("true-1"), TrueFalse("true-2"), Multiple("multi-1"), Multiple("multi-2")]);
        return new QuickTestScenario(batch, hotline, communication);
    }

    public static QuestionItemSpec Single(string stem) => new(QuestionKind.SingleChoice, stem, ["right", "wrong a", "wrong b", "wrong c"], [0], "because", 2);

    public static QuestionItemSpec TrueFalse(string stem) => new(QuestionKind.TrueFalse, stem, ["true", "false"], [0], "because", 1);

    public static QuestionItemSpec Multiple(string stem) => new(QuestionKind.MultipleChoice, stem, ["right a", "right b", "wrong a", "wrong b"], [0, 1], "because", 3);

    public QuickTestBlueprint Blueprint(int maxAttempts = 3, int passMark = 60, LateSubmissionRule late = LateSubmissionRule.AcceptFlagged, int hotline = 3, int communication = 2) =>
        new([new BlueprintPart(HotlineBank, hotline), new BlueprintPart(CommunicationBank, communication)], 10, 30, maxAttempts, passMark, late);

    public Task<StageAssessment> SetAsync(StageKind stage, QuickTestBlueprint blueprint) => Batch.Batch.SetStageAssessment(stage, blueprint, TestData.Command());

    public Task<AttemptView> StartAsync(string staff, StageKind stage = StageKind.Theory) => Batch.Batch.StartAttempt(staff, stage, TestData.Command());

    public IAssessmentAttemptGrain Attempt(string name) => Grains.GetGrain<IAssessmentAttemptGrain>(name);

    /// <summary>The right answers to every item of an attempt, read from the banks (the attempt does not show its key before submission).</summary>
    public async Task<IReadOnlyList<AttemptAnswer>> RightAnswersAsync(AttemptView attempt)
    {
        var answers = new List<AttemptAnswer>();
        foreach (var item in attempt.Items)
        {
            var bank = item.Item[..item.Item.IndexOf("/items/", StringComparison.Ordinal)];
            var stored = await Grains.GetGrain<IQuestionBankGrain>(bank).GetItem(item.Item[(item.Item.LastIndexOf('/') + 1)..], item.Revision);
            var right = stored.Content.CorrectOptions.Select(c => stored.Content.Options[c]).ToHashSet();
            answers.Add(new AttemptAnswer(item.Item, [.. item.Options.Select((o, i) => (o, i)).Where(x => right.Contains(x.o)).Select(x => x.i)]));
        }

        return answers;
    }

    public async Task<AttemptView> PassAsync(string staff, StageKind stage = StageKind.Theory)
    {
        var attempt = await StartAsync(staff, stage);
        return await Attempt(attempt.Name).Submit(await RightAnswersAsync(attempt), TestData.Command());
    }

    private static async Task<string> BankAsync(IGrainFactory grains, string framework, string competency, IEnumerable<QuestionItemSpec> items)
    {
        var name = $"questionBanks/{TestData.Unique("q")}";
        var bank = grains.GetGrain<IQuestionBankGrain>(name);
        await bank.Create(new QuestionBankSpec(competency, framework, competency), TestData.Command());
        var i = 0;
        foreach (var item in items)
        {
            await bank.AddItem($"item-{++i}", item, TestData.Command());
        }

        return name;
    }
}
