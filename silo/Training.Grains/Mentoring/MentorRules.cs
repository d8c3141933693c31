namespace Training.Grains.Mentoring;

/// <summary>What a mentor's registration must satisfy before any grain is asked (names, sizes, kinds).</summary>
public static class MentorRules
{
    public const int MaxCapacity = 50;
    public const int MaxSpecialities = 50;
    public const int MaxText = 100;

    /// <summary>InvalidArgument naming the first field that does not fit.</summary>
    public static void Validate(MentorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (string.IsNullOrWhiteSpace(spec.DisplayName) || spec.DisplayName.Length > MaxText)
        {
            throw TrainingException.Invalid("mentor.display_name", $"is required, at most {MaxText} characters.");
        }

        if (spec.Affiliation.Length > MaxText)
        {
            throw TrainingException.Invalid("mentor.affiliation", $"at most {MaxText} characters.");
        }

        if (spec.Capacity is < 1 or > MaxCapacity)
        {
            throw TrainingException.Invalid("mentor.capacity", $"must be 1..{MaxCapacity}.");
        }

        if (spec.Specialities.Count is 0 or > MaxSpecialities
            || spec.Specialities.Select(s => s.CompetencyId).Distinct(StringComparer.Ordinal).Count() != spec.Specialities.Count
            || spec.Specialities.Any(s => s.Level < 1 || string.IsNullOrWhiteSpace(s.CompetencyId)))
        {
            throw TrainingException.Invalid("mentor.specialities", $"must name 1..{MaxSpecialities} distinct competencies, each with a level of at least 1.");
        }

        var (unitValid, staffValid) = spec.Kind switch
        {
            MentorKind.Staff => (IsUnder(spec.HomeUnit, "centers"), spec.StaffName.StartsWith("staff/", StringComparison.Ordinal) && spec.StaffName.Length > "staff/".Length),
            MentorKind.External => (IsUnder(spec.HomeUnit, "counties") && !spec.HomeUnit.Contains("/centers/", StringComparison.Ordinal), spec.StaffName.Length == 0),
            _ => throw TrainingException.Invalid("mentor.kind", "must be staff or external."),
        };
        if (!unitValid)
        {
            throw TrainingException.Invalid("mentor.home_unit", spec.Kind == MentorKind.Staff ? "a staff mentor's home is a centre." : "an external expert's home is a county.");
        }

        if (!staffValid)
        {
            throw TrainingException.Invalid("mentor.staff_member", spec.Kind == MentorKind.Staff ? "a staff mentor names their staff record (staff/{id})." : "an external expert has no staff record.");
        }
    }

    private static bool IsUnder(string name, string collection) =>
        name.StartsWith("regions/", StringComparison.Ordinal) && name.Split('/') is { Length: > 3 } parts && parts[^2] == collection && parts[^1].Length > 0;
}
