using System.Text.RegularExpressions;

namespace Training.Grains.Catalogue;

/// <summary>The limits of a rubric's content, checked by the rubric grain whatever the client checked.</summary>
public static partial class RubricRules
{
    public const int MinLevels = 2;
    public const int MaxLevels = 6;
    public const int MaxCriteria = 20;
    public const int MaxWeight = 100;
    public const int MaxTextLength = 500;

    /// <summary>Every violation of the content's limits (empty when it is well-formed); competencies are checked against the framework separately.</summary>
    public static IReadOnlyList<FieldViolation> Violations(RubricSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var violations = new List<FieldViolation>();
        void Check(bool ok, string field, string description)
        {
            if (!ok)
            {
                violations.Add(new FieldViolation(field, description));
            }
        }

        Check(!string.IsNullOrWhiteSpace(spec.DisplayName) && spec.DisplayName.Length <= 200, "rubric.display_name", "1..200 characters.");
        Check((spec.Description ?? string.Empty).Length <= 2000, "rubric.description", "at most 2000 characters.");
        var levels = spec.Levels ?? [];
        Check(levels.Count is >= MinLevels and <= MaxLevels, "rubric.levels", $"{MinLevels}..{MaxLevels} level labels, lowest first.");
        for (var i = 0; i < levels.Count; i++)
        {
            Check(!string.IsNullOrWhiteSpace(levels[i]) && levels[i].Length <= 100, $"rubric.levels[{i}]", "1..100 characters.");
        }

        Check(spec.PassThreshold is >= 0 and <= 100, "rubric.pass_threshold", "0..100 (percent of the weighted score).");
        var criteria = spec.Criteria ?? [];
        Check(criteria.Count is >= 1 and <= MaxCriteria, "rubric.criteria", $"1..{MaxCriteria} criteria.");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < criteria.Count; i++)
        {
            var c = criteria[i];
            var field = $"rubric.criteria[{i}]";
            Check(c.Id is not null && IdPattern().IsMatch(c.Id), $"{field}.criterion_id", "a lower-case id: [a-z][a-z0-9-]{0,39}.");
            Check(c.Id is null || ids.Add(c.Id), $"{field}.criterion_id", "each criterion id once.");
            Check(!string.IsNullOrWhiteSpace(c.DisplayName) && c.DisplayName.Length <= 200, $"{field}.display_name", "1..200 characters.");
            Check(!string.IsNullOrWhiteSpace(c.CompetencyId), $"{field}.competency_id", "is required.");
            Check(c.Weight is >= 1 and <= MaxWeight, $"{field}.weight", $"1..{MaxWeight}.");
            var descriptors = c.LevelDescriptors ?? [];
            Check(descriptors.Count == levels.Count, $"{field}.level_descriptors", $"one descriptor per level ({levels.Count}).");
            for (var j = 0; j < descriptors.Count; j++)
            {
                Check(!string.IsNullOrWhiteSpace(descriptors[j]) && descriptors[j].Length <= MaxTextLength, $"{field}.level_descriptors[{j}]", $"1..{MaxTextLength} characters.");
            }
        }

        return violations;
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,39}$")]
    private static partial Regex IdPattern();
}
