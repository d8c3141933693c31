namespace Training.Grains.Assessments;

/// <summary>The limits of a quick-test blueprint, checked by the batch whatever the client checked.</summary>
public static class QuickTestRules
{
    public const int MaxParts = 10;
    public const int MaxItemsPerPart = 50;
    public const int MaxItems = 100;

    /// <summary>InvalidArgument naming the first field out of range.</summary>
    public static void Validate(QuickTestBlueprint blueprint)
    {
        ArgumentNullException.ThrowIfNull(blueprint);
        if (blueprint.Parts is null || blueprint.Parts.Count is 0 or > MaxParts)
        {
            throw TrainingException.Invalid("blueprint.parts", $"1..{MaxParts} parts.");
        }

        for (var i = 0; i < blueprint.Parts.Count; i++)
        {
            if (blueprint.Parts[i].ItemCount is < 1 or > MaxItemsPerPart)
            {
                throw TrainingException.Invalid($"blueprint.parts[{i}].item_count", $"1..{MaxItemsPerPart}.");
            }
        }

        if (blueprint.Parts.Select(p => p.QuestionBank).Distinct(StringComparer.Ordinal).Count() != blueprint.Parts.Count)
        {
            throw TrainingException.Invalid("blueprint.parts", "each question bank once.");
        }

        Check(blueprint.Parts.Sum(p => p.ItemCount) <= MaxItems, "blueprint.parts", $"at most {MaxItems} items in all.");
        Check(blueprint.TimeLimitMinutes is >= 1 and <= 240, "blueprint.time_limit", "1..240 minutes.");
        Check(blueprint.GraceSeconds is >= 0 and <= 3600, "blueprint.grace", "0..3600 seconds.");
        Check(blueprint.MaxAttempts is >= 1 and <= 10, "blueprint.max_attempts", "1..10.");
        Check(blueprint.PassMark is >= 0 and <= 100, "blueprint.pass_mark", "0..100.");
        Check(Enum.IsDefined(blueprint.LateRule), "blueprint.late_rule", "accept-flagged or reject.");
    }

    private static void Check(bool ok, string field, string description)
    {
        if (!ok)
        {
            throw TrainingException.Invalid(field, description);
        }
    }
}
