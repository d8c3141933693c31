namespace Training.Grains.Mentoring;

/// <summary>The figures of a centre's mentoring workload, from its on-the-job trainees and the mentors they may have (pure).</summary>
internal static class CenterMentoringFigures
{
    /// <summary>
    /// Coverage counts the centre's own active mentors (home unit = the centre) and every other active mentor assigned
    /// to one of its trainees. A trainee without a mentor, or with an inactive one, needs every on-the-job competency;
    /// a trainee with an active mentor needs those of its competencies the mentor has no speciality in.
    /// </summary>
    public static CenterMentoringWorkload Of(string centerName, IReadOnlyList<OnTheJobTrainee> trainees, IReadOnlyDictionary<string, MentorView> mentors)
    {
        bool IsActive(string name) => name.Length > 0 && mentors.TryGetValue(name, out var m) && m.Active;

        var active = mentors.Values
            .Where(m => m.Active && string.Equals(m.Spec.HomeUnit, centerName, StringComparison.Ordinal))
            .Select(m => m.Name)
            .Concat(trainees.Select(t => t.MentorName).Where(IsActive))
            .ToHashSet(StringComparer.Ordinal);

        var unmet = new Dictionary<string, int>(StringComparer.Ordinal);
        var withoutMentor = 0;
        foreach (var trainee in trainees)
        {
            var covered = new HashSet<string>(StringComparer.Ordinal);
            if (IsActive(trainee.MentorName))
            {
                covered.UnionWith(mentors[trainee.MentorName].Spec.Specialities.Select(s => s.CompetencyId));
            }
            else
            {
                withoutMentor++;
            }

            foreach (var competency in trainee.CompetencyIds.Distinct(StringComparer.Ordinal).Where(c => !covered.Contains(c)))
            {
                unmet[competency] = unmet.GetValueOrDefault(competency) + 1;
            }
        }

        return new CenterMentoringWorkload(
            centerName,
            trainees.Count,
            active.Count,
            active.Count == 0 ? 0 : Math.Round((double)trainees.Count / active.Count, 2),
            withoutMentor,
            [.. unmet.OrderByDescending(u => u.Value).ThenBy(u => u.Key, StringComparer.Ordinal).Select(u => new UnmetMentoringDemand(u.Key, u.Value))]);
    }
}
