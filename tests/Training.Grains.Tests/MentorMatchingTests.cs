using Training.Grains.Mentoring;

namespace Training.Grains.Tests;

/// <summary>The matching rules on constructed cases whose best assignment is known.</summary>
public sealed class MentorMatchingTests
{
    private const string Center = "regions/r/counties/c/centers/t-town";
    private const string County = "regions/r/counties/c";

    private static readonly string[] Stage = ["hotline-12345", "communication"];

    [Fact]
    public void The_neediest_trainee_gets_the_best_covering_mentor_of_their_centre_and_the_others_the_best_left()
    {
        MatchTrainee[] trainees =
        [
            new("staff/c", Center, Gaps(("hotline-12345", 1))),
            new("staff/a", Center, Gaps(("hotline-12345", 3), ("policy", 4))),
            new("staff/b", Center, Gaps(("communication", 2))),
        ];
        MatchMentor[] mentors =
        [
            new("mentors/z-county-hotline", County, Levels(("hotline-12345", 3)), FreePlaces: 2, Load: 0),
            new("mentors/x-town-hotline", Center, Levels(("hotline-12345", 5)), FreePlaces: 1, Load: 2),
            new("mentors/y-county-communication", County, Levels(("communication", 4)), FreePlaces: 2, Load: 0),
            new("mentors/w-policy-only", Center, Levels(("policy", 5)), FreePlaces: 5, Load: 0),
        ];

        var suggestions = MentorMatching.Suggest(trainees, mentors, Stage);

        // a (gap 3) first: x covers 3 and is of the same centre (3.5) against z (3); b (gap 2): y; c (gap 1): x is full, z.
        Assert.Equal(
            [("staff/a", "mentors/x-town-hotline", 3.5), ("staff/b", "mentors/y-county-communication", 2.0), ("staff/c", "mentors/z-county-hotline", 1.0)],
            suggestions.Select(s => (s.StaffName, s.MentorName, s.Score)));
        Assert.Contains("largest gaps hotline-12345 3", suggestions[0].Reason, StringComparison.Ordinal);
        Assert.Contains("same centre", suggestions[0].Reason, StringComparison.Ordinal);
        Assert.Contains($"from {County}", suggestions[2].Reason, StringComparison.Ordinal);
        Assert.Equal(TestData.Json(suggestions), TestData.Json(MentorMatching.Suggest([.. trainees.Reverse()], [.. mentors.Reverse()], Stage)));
    }

    [Fact]
    public void Ties_go_to_the_same_centre_then_the_lower_load_and_a_trainee_nobody_can_take_is_said_so()
    {
        MatchTrainee[] trainees = [new("staff/a", Center, Gaps(("hotline-12345", 2))), new("staff/b", Center, Gaps(("hotline-12345", 1)))];
        MatchMentor[] mentors =
        [
            new("mentors/busy", Center, Levels(("hotline-12345", 4)), FreePlaces: 1, Load: 3),
            new("mentors/idle", Center, Levels(("hotline-12345", 4)), FreePlaces: 0, Load: 0),
            new("mentors/light", Center, Levels(("hotline-12345", 4)), FreePlaces: 1, Load: 1),
        ];

        var suggestions = MentorMatching.Suggest(trainees, mentors, Stage);

        Assert.Equal([("staff/a", "mentors/light"), ("staff/b", "mentors/busy")], suggestions.Select(s => (s.StaffName, s.MentorName)));
        var none = Assert.Single(MentorMatching.Suggest([new("staff/c", Center, Gaps(("communication", 2)))], [mentors[1]], Stage));
        Assert.Equal(string.Empty, none.MentorName);
        Assert.Contains("no active mentor", none.Reason, StringComparison.Ordinal);
    }

    private static Dictionary<string, int> Gaps(params (string Competency, int Gap)[] gaps) => gaps.ToDictionary(g => g.Competency, g => g.Gap, StringComparer.Ordinal);

    private static Dictionary<string, int> Levels(params (string Competency, int Level)[] levels) => levels.ToDictionary(l => l.Competency, l => l.Level, StringComparer.Ordinal);
}
