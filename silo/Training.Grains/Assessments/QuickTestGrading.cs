namespace Training.Grains.Assessments;

/// <summary>
/// The grading rules of a quick test, in one place. An item scores 1 point when the options chosen are exactly its
/// correct options, else 0: a single-choice or true/false item needs its one correct option; a multiple-choice item
/// needs all its correct options and no other (a partial answer scores 0, as <see cref="QuestionKind.MultipleChoice"/>
/// says); an unanswered item scores 0. The attempt's score is the percentage of points (0..100); a competency's score
/// (its evidence) is the share of points on that competency's items (0..1). The attempt passes at score ≥ pass mark.
/// </summary>
public static class QuickTestGrading
{
    /// <summary>Whether <paramref name="chosen"/> (indexes into the item's own options) is exactly the correct set.</summary>
    public static bool IsCorrect(QuestionItemSpec item, IReadOnlyCollection<int> chosen)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(chosen);
        return chosen.Count == item.CorrectOptions.Count && chosen.All(item.CorrectOptions.Contains);
    }

    /// <summary>The percentage of <paramref name="points"/> out of <paramref name="items"/>, rounded to two decimals; 0 for no items.</summary>
    public static double Percent(int points, int items) => items == 0 ? 0 : Math.Round(100.0 * points / items, 2);

    /// <summary>Whether a score passes the mark (0..100).</summary>
    public static bool Passes(double score, int passMark) => score >= passMark;

    /// <summary>
    /// The refusal of one answer, or null: the item must be in the attempt and answered once, the options distinct and in
    /// range, and a single-choice or true/false item takes at most one option.
    /// </summary>
    public static string? Refusal(DrawnItem? item, IReadOnlyList<int> chosen, bool answeredBefore)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        if (item is null)
        {
            return "is not an item of this attempt.";
        }

        if (answeredBefore)
        {
            return "is answered twice.";
        }

        if (chosen.Any(i => i < 0 || i >= item.Content.Options.Count) || chosen.Distinct().Count() != chosen.Count)
        {
            return $"chosen options must be distinct indexes 0..{item.Content.Options.Count - 1}.";
        }

        return item.Content.Kind != QuestionKind.MultipleChoice && chosen.Count > 1 ? "takes one option." : null;
    }
}
