using Training.Grains.Assessments;

namespace Training.Grains.Tests;

/// <summary>The grading rules of quick tests (<see cref="QuickTestGrading"/>) and the draw (<see cref="QuickTestDraw"/>), table-driven.</summary>
public sealed class QuickTestGradingTests
{
    private static readonly QuestionItemSpec Single = QuickTestScenario.Single("s");
    private static readonly QuestionItemSpec TrueFalse = QuickTestScenario.TrueFalse("t");
    private static readonly QuestionItemSpec Multiple = QuickTestScenario.Multiple("m");

    public static TheoryData<string, int[], bool> Answers() => new()
    {
        { "single", [0], true },
        { "single", [1], false },
        { "single", [], false },
        { "true-false", [0], true },
        { "true-false", [1], false },
        { "true-false", [], false },
        { "multiple", [0, 1], true },
        { "multiple", [1, 0], true },
        { "multiple", [0], false },
        { "multiple", [0, 1, 2], false },
        { "multiple", [2, 3], false },
        { "multiple", [], false },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void An_item_scores_only_when_the_chosen_options_are_exactly_its_correct_ones(string kind, int[] chosen, bool correct) =>
        Assert.Equal(correct, QuickTestGrading.IsCorrect(ItemOf(kind), chosen));

    [Theory]
    [InlineData(0, 5, 0.0)]
    [InlineData(3, 5, 60.0)]
    [InlineData(2, 3, 66.67)]
    [InlineData(5, 5, 100.0)]
    [InlineData(0, 0, 0.0)]
    public void The_score_is_the_percentage_of_points(int points, int items, double percent) => Assert.Equal(percent, QuickTestGrading.Percent(points, items));

    [Theory]
    [InlineData(60.0, 60, true)]
    [InlineData(59.99, 60, false)]
    [InlineData(0.0, 0, true)]
    [InlineData(100.0, 100, true)]
    public void An_attempt_passes_at_or_above_the_mark(double score, int mark, bool passes) => Assert.Equal(passes, QuickTestGrading.Passes(score, mark));

    [Theory]
    [InlineData("single", new[] { 0, 1 }, false, "takes one option.")]
    [InlineData("true-false", new[] { 0, 1 }, false, "takes one option.")]
    [InlineData("single", new[] { 4 }, false, "chosen options must be distinct indexes 0..3.")]
    [InlineData("multiple", new[] { 1, 1 }, false, "chosen options must be distinct indexes 0..3.")]
    [InlineData("multiple", new[] { -1 }, false, "chosen options must be distinct indexes 0..3.")]
    [InlineData("single", new[] { 0 }, true, "is answered twice.")]
    [InlineData("multiple", new[] { 0, 1, 2 }, false, null)]
    [InlineData("single", new int[0], false, null)]
    public void Malformed_answers_are_refused(string kind, int[] chosen, bool answeredBefore, string? refusal) =>
        Assert.Equal(refusal, QuickTestGrading.Refusal(Drawn(ItemOf(kind)), chosen, answeredBefore));

    [Fact]
    public void An_answer_to_an_item_not_in_the_attempt_is_refused() =>
        Assert.Equal("is not an item of this attempt.", QuickTestGrading.Refusal(null, [0], false));

    [Fact]
    public void The_same_seed_draws_the_same_items_in_the_same_option_order_and_another_seed_does_not()
    {
        var pool = new BankPool("frameworks/f", "policy", [.. Enumerable.Range(1, 20).Select(i => new QuestionItemView($"questionBanks/b/items/{i:00}", 1, Single, false, default))]);
        var tf = new BankPool("frameworks/f", "service", [.. Enumerable.Range(1, 5).Select(i => new QuestionItemView($"questionBanks/t/items/{i}", 2, TrueFalse, false, default))]);
        IReadOnlyList<(BlueprintPart, BankPool)> parts = [(new BlueprintPart("questionBanks/b", 5), pool), (new BlueprintPart("questionBanks/t", 2), tf)];
        var seed = QuickTestDraw.SeedOf("regions/r/counties/c/centers/x/batches/b/attempts/s1.1");

        var first = QuickTestDraw.Draw(parts, seed);
        var again = QuickTestDraw.Draw(parts, seed);
        var other = QuickTestDraw.Draw(parts, QuickTestDraw.SeedOf("regions/r/counties/c/centers/x/batches/b/attempts/s1.2"));

        Assert.Equal(Shape(first), Shape(again));
        Assert.NotEqual(Shape(first), Shape(other));
        Assert.Equal(seed, QuickTestDraw.SeedOf("regions/r/counties/c/centers/x/batches/b/attempts/s1.1"));
        Assert.Equal(5, first.Count(i => i.CompetencyId == "policy"));
        Assert.Equal(5, first.Select(i => i.Item).Distinct().Count(x => x.StartsWith("questionBanks/b/", StringComparison.Ordinal)));
        Assert.All(first.Where(i => i.Content.Kind == QuestionKind.TrueFalse), i => Assert.Equal([0, 1], i.OptionOrder));
        Assert.All(first.Where(i => i.Content.Kind == QuestionKind.TrueFalse), i => Assert.Equal(2, i.Revision));
    }

    private static string Shape(IReadOnlyList<DrawnItem> items) => string.Join(";", items.Select(i => $"{i.Item}:{string.Join(",", i.OptionOrder)}"));

    private static DrawnItem Drawn(QuestionItemSpec item) => new("questionBanks/b/items/1", 1, "frameworks/f", "policy", item, [.. Enumerable.Range(0, item.Options.Count)]);

    private static QuestionItemSpec ItemOf(string kind) => kind switch
    {
        "single" => Single,
        "true-false" => TrueFalse,
        _ => Multiple,
    };
}
