using System.Globalization;

namespace Training.Grains.Mentoring;

/// <summary>A trainee to match: their centre and their gap (levels short of the post's requirement) per competency.</summary>
public sealed record MatchTrainee(string StaffName, string Center, IReadOnlyDictionary<string, int> Gaps);

/// <summary>A mentor who may take mentees: home unit, specialities (competency → level), free places, current load.</summary>
public sealed record MatchMentor(string MentorName, string HomeUnit, IReadOnlyDictionary<string, int> Specialities, int FreePlaces, int Load);

/// <summary>
/// Suggests mentor–trainee pairs (pure, deterministic). Trainees are taken neediest first (largest single gap, then
/// total gap, then name); each gets the mentor with a free place whose specialities cover most of their gap levels in
/// the stage's competencies, plus 0.5 for the trainee's own centre; ties go to the lower load, then the name. A mentor
/// qualifies only with a speciality in the stage's competencies (when it names any), as assignment requires.
/// </summary>
public static class MentorMatching
{
    public const double SameCenterBonus = 0.5;

    public static IReadOnlyList<MentorSuggestion> Suggest(IReadOnlyList<MatchTrainee> trainees, IReadOnlyList<MatchMentor> mentors, IReadOnlyList<string> stageCompetencies)
    {
        ArgumentNullException.ThrowIfNull(trainees);
        ArgumentNullException.ThrowIfNull(mentors);
        ArgumentNullException.ThrowIfNull(stageCompetencies);
        var free = mentors
            .Where(m => stageCompetencies.Count == 0 || m.Specialities.Keys.Any(stageCompetencies.Contains))
            .ToDictionary(m => m.MentorName, m => m.FreePlaces, StringComparer.Ordinal);
        var load = mentors.ToDictionary(m => m.MentorName, m => m.Load, StringComparer.Ordinal);
        var order = trainees
            .OrderByDescending(t => Relevant(t, stageCompetencies).Select(g => g.Value).DefaultIfEmpty(0).Max())
            .ThenByDescending(t => Relevant(t, stageCompetencies).Sum(g => g.Value))
            .ThenBy(t => t.StaffName, StringComparer.Ordinal);
        var suggestions = new List<MentorSuggestion>();
        foreach (var trainee in order)
        {
            var gaps = Relevant(trainee, stageCompetencies).OrderByDescending(g => g.Value).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
            var best = mentors
                .Where(m => free.GetValueOrDefault(m.MentorName) > 0)
                .Select(m => (Mentor: m, Covered: gaps.Where(g => m.Specialities.ContainsKey(g.Key)).ToList(), Same: m.HomeUnit == trainee.Center))
                .Select(x => (x.Mentor, x.Covered, x.Same, Score: x.Covered.Sum(g => g.Value) + (x.Same ? SameCenterBonus : 0)))
                .OrderByDescending(x => x.Score)
                .ThenBy(x => load[x.Mentor.MentorName])
                .ThenBy(x => x.Mentor.MentorName, StringComparer.Ordinal)
                .FirstOrDefault();
            var needs = gaps.Count == 0 ? "no gap in the stage's competencies" : "largest gaps " + string.Join(", ", gaps.Select(g => $"{g.Key} {g.Value}"));
            if (best.Mentor is null)
            {
                suggestions.Add(new MentorSuggestion(trainee.StaffName, string.Empty, 0, $"{needs}; no active mentor with a free place coaches the stage's competencies."));
                continue;
            }

            free[best.Mentor.MentorName]--;
            load[best.Mentor.MentorName]++;
            var covers = best.Covered.Count == 0 ? "covers none of these gaps" : "coaches " + string.Join(", ", best.Covered.Select(g => $"{g.Key} at level {best.Mentor.Specialities[g.Key]}"));
            var place = best.Same ? "same centre" : $"from {best.Mentor.HomeUnit}";
            suggestions.Add(new MentorSuggestion(trainee.StaffName, best.Mentor.MentorName, best.Score, string.Create(CultureInfo.InvariantCulture,
                $"{needs}; {best.Mentor.MentorName} {covers}; {place}; {free[best.Mentor.MentorName]} place(s) left after this.")));
        }

        return suggestions;
    }

    private static IEnumerable<KeyValuePair<string, int>> Relevant(MatchTrainee trainee, IReadOnlyList<string> stageCompetencies) =>
        trainee.Gaps.Where(g => g.Value > 0 && (stageCompetencies.Count == 0 || stageCompetencies.Contains(g.Key)));
}
