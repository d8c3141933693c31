using Training.Grains.Capability;

namespace Training.Grains.Tests;

/// <summary>The capability rules, table by table (pure: no cluster).</summary>
public sealed class CapabilityRulesTests
{
    private const string F = "frameworks/f";
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>policy (module) ← medical; service (module) ← hotline, communication.</summary>
    private static readonly IReadOnlyList<CompetencyView> Tree =
    [
        new("policy", string.Empty, "政策法规", string.Empty, Dimension.PolicySavvy, false),
        new("medical", "policy", "医保政策", string.Empty, Dimension.PolicySavvy, false),
        new("service", string.Empty, "服务意识", string.Empty, Dimension.ServiceExcellent, false),
        new("hotline", "service", "12345热线", string.Empty, Dimension.ServiceExcellent, false),
        new("communication", "service", "群众沟通", string.Empty, Dimension.BusinessProficient, false),
    ];

    private static readonly Dictionary<string, int> NoRequirement = [];

    private static CompetencyEvidence E(string competency, EvidenceKind kind, double score, double daysAgo, string framework = F) =>
        new(Guid.NewGuid().ToString("N"), kind, framework, competency, score, Now.AddDays(-daysAgo), "test", string.Empty);

    [Theory]
    [InlineData(0.0, 5, 1)]
    [InlineData(0.2, 5, 1)]
    [InlineData(0.2000001, 5, 2)]
    [InlineData(0.6, 5, 3)]
    [InlineData(0.61, 5, 4)]
    [InlineData(0.92, 5, 5)]
    [InlineData(1.0, 5, 5)]
    [InlineData(0.5, 2, 1)]
    [InlineData(0.51, 2, 2)]
    [InlineData(0.7, 10, 7)]
    public void A_score_maps_onto_the_scale(double score, int levels, int level) => Assert.Equal(level, CapabilityRules.LevelOf(score, levels));

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(180, 0.5)]
    [InlineData(360, 0.25)]
    [InlineData(90, 0.70710678)]
    [InlineData(-1, 0.0)]
    public void Evidence_decays_by_half_every_half_life_and_later_evidence_does_not_count(double daysAgo, double factor) =>
        Assert.Equal(factor, CapabilityRules.Decay(Now.AddDays(-daysAgo), Now), 6);

    [Theory]
    [InlineData(EvidenceKind.PracticalAssessment, 0.4)]
    [InlineData(EvidenceKind.QuickTest, 0.3)]
    [InlineData(EvidenceKind.MentorEvaluation, 0.2)]
    [InlineData(EvidenceKind.Satisfaction, 0.1)]
    public void Kinds_weigh_differently(EvidenceKind kind, double weight) => Assert.Equal(weight, CapabilityRules.KindWeight(kind));

    /// <summary>Each row: evidence of "hotline" as (kind, score, days ago) → claimed?, level, score.</summary>
    public static TheoryData<string, (EvidenceKind Kind, double Score, double DaysAgo)[], bool, int, double> MinimumEvidenceRows => new()
    {
        { "no evidence", [], false, 0, 0 },
        { "one practical is one piece", [(EvidenceKind.PracticalAssessment, 1, 0)], false, 0, 1 },
        { "two satisfaction results weigh 0.2 < 0.35", [(EvidenceKind.Satisfaction, 1, 0), (EvidenceKind.Satisfaction, 1, 0)], false, 0, 1 },
        { "a test and a satisfaction result weigh 0.4", [(EvidenceKind.QuickTest, 0.9, 0), (EvidenceKind.Satisfaction, 1, 0)], true, 5, 0.925 },
        { "two year-old tests weigh 0.15", [(EvidenceKind.QuickTest, 0.9, 360), (EvidenceKind.QuickTest, 0.9, 360)], false, 0, 0.9 },
        { "practical and test, weighted", [(EvidenceKind.PracticalAssessment, 0.5, 0), (EvidenceKind.QuickTest, 1.0, 0)], true, 4, (0.4 * 0.5 + 0.3 * 1.0) / 0.7 },
        { "an old low practical counts less than a new high one", [(EvidenceKind.PracticalAssessment, 0.2, 360), (EvidenceKind.PracticalAssessment, 1.0, 0)], true, 5, (0.1 * 0.2 + 0.4 * 1.0) / 0.5 },
    };

    [Theory]
    [MemberData(nameof(MinimumEvidenceRows))]
    public void A_level_is_claimed_only_with_enough_evidence(string row, (EvidenceKind Kind, double Score, double DaysAgo)[] evidence, bool claimed, int level, double score)
    {
        var (competencies, _, _) = CapabilityRules.Profile(F, Tree, 5, NoRequirement, evidence.Select(e => E("hotline", e.Kind, e.Score, e.DaysAgo)), Now);
        var hotline = competencies.Single(c => c.CompetencyId == "hotline");
        Assert.True(claimed == hotline.Claimed, row);
        Assert.Equal(level, hotline.Level);
        Assert.Equal(score, hotline.Score, 9);
        Assert.Equal(evidence.Length, hotline.EvidenceCount);
    }

    [Fact]
    public void Modules_pool_their_subtree_and_dimensions_pool_their_competencies()
    {
        CompetencyEvidence[] evidence =
        [
            E("hotline", EvidenceKind.PracticalAssessment, 1.0, 0),
            E("communication", EvidenceKind.QuickTest, 0.4, 0),
            E("service", EvidenceKind.MentorEvaluation, 0.7, 0),
            E("medical", EvidenceKind.QuickTest, 0.9, 0),
        ];
        var (competencies, dimensions, unplaced) = CapabilityRules.Profile(F, Tree, 5, NoRequirement, evidence, Now);

        var service = competencies.Single(c => c.CompetencyId == "service");
        Assert.Equal(3, service.EvidenceCount);
        Assert.Equal((0.4 * 1.0 + 0.3 * 0.4 + 0.2 * 0.7) / 0.9, service.Score, 9);
        Assert.Equal(4, service.Level);
        var policy = competencies.Single(c => c.CompetencyId == "policy");
        Assert.Equal((1, false, 0), (policy.EvidenceCount, policy.Claimed, policy.Level));

        // Each piece by its own competency's dimension: communication is BusinessProficient although under "service".
        var byDimension = dimensions.ToDictionary(d => d.Dimension);
        Assert.Equal(2, byDimension[Dimension.ServiceExcellent].EvidenceCount);
        Assert.Equal(1, byDimension[Dimension.BusinessProficient].EvidenceCount);
        Assert.Equal(1, byDimension[Dimension.PolicySavvy].EvidenceCount);
        Assert.Equal((0.4 * 1.0 + 0.2 * 0.7) / 0.6, byDimension[Dimension.ServiceExcellent].Score, 9);
        Assert.Equal(0, unplaced);
        Assert.Equal(Tree.Select(t => t.Id), competencies.Select(c => c.CompetencyId));
    }

    [Fact]
    public void As_of_counts_only_evidence_observed_by_then_and_measures_decay_from_then()
    {
        CompetencyEvidence[] evidence =
        [
            E("hotline", EvidenceKind.QuickTest, 0.5, 200),
            E("hotline", EvidenceKind.QuickTest, 0.5, 190),
            E("hotline", EvidenceKind.PracticalAssessment, 1.0, 10),
        ];

        var (then, _, _) = CapabilityRules.Profile(F, Tree, 5, NoRequirement, evidence, Now.AddDays(-180));
        var hotlineThen = then.Single(c => c.CompetencyId == "hotline");
        Assert.Equal((2, 0.5, 3), (hotlineThen.EvidenceCount, hotlineThen.Score, hotlineThen.Level));
        Assert.Equal(0.3 * (CapabilityRules.Decay(Now.AddDays(-200), Now.AddDays(-180)) + CapabilityRules.Decay(Now.AddDays(-190), Now.AddDays(-180))), hotlineThen.Weight, 9);
        Assert.Equal(Now.AddDays(-190), hotlineThen.LastObserved);

        var (now, _, _) = CapabilityRules.Profile(F, Tree, 5, NoRequirement, evidence, Now);
        var hotlineNow = now.Single(c => c.CompetencyId == "hotline");
        Assert.Equal(3, hotlineNow.EvidenceCount);
        // The old tests now weigh 0.3 × ½^(200/180) and 0.3 × ½^(190/180); the recent practical 0.4 × ½^(10/180).
        var (w1, w2, w3) = (0.3 * Math.Pow(0.5, 200.0 / 180), 0.3 * Math.Pow(0.5, 190.0 / 180), 0.4 * Math.Pow(0.5, 10.0 / 180));
        Assert.Equal(((w1 + w2) * 0.5 + w3 * 1.0) / (w1 + w2 + w3), hotlineNow.Score, 9);
        Assert.Equal(4, hotlineNow.Level);
    }

    /// <summary>Each row: required level, evidence score (two fresh practicals) → gap.</summary>
    [Theory]
    [InlineData(0, 0.5, 0)]
    [InlineData(3, 0.5, 0)]
    [InlineData(4, 0.5, 1)]
    [InlineData(5, 0.1, 4)]
    [InlineData(2, -1, 2)]
    public void The_gap_is_what_the_post_requires_above_the_level(int required, double score, int gap)
    {
        var evidence = score < 0 ? [] : new[] { E("hotline", EvidenceKind.PracticalAssessment, score, 0), E("hotline", EvidenceKind.PracticalAssessment, score, 1) };
        var (competencies, _, _) = CapabilityRules.Profile(F, Tree, 5, new Dictionary<string, int> { ["hotline"] = required }, evidence, Now);
        var hotline = competencies.Single(c => c.CompetencyId == "hotline");
        Assert.Equal((required, gap), (hotline.RequiredLevel, hotline.Gap));
    }

    [Fact]
    public void Evidence_of_other_frameworks_is_ignored_and_of_unknown_competencies_counted_as_unplaced()
    {
        CompetencyEvidence[] evidence = [E("hotline", EvidenceKind.QuickTest, 1, 0, "frameworks/other"), E("new-one", EvidenceKind.QuickTest, 1, 0)];
        var (competencies, _, unplaced) = CapabilityRules.Profile(F, Tree, 5, NoRequirement, evidence, Now);
        Assert.All(competencies, c => Assert.Equal(0, c.EvidenceCount));
        Assert.Equal(1, unplaced);
    }

    [Theory]
    [InlineData(0, 10, 5, 3)]
    [InlineData(0, 10, 10, 2)]
    [InlineData(0, 10, 3, 5)]
    [InlineData(0, 0, 1, 1)]
    public void A_trajectory_has_a_point_per_step_and_its_end(int fromDay, int toDay, int stepDays, int points)
    {
        var dates = CapabilityRules.TrajectoryDates(Now.AddDays(fromDay), Now.AddDays(toDay), TimeSpan.FromDays(stepDays));
        Assert.Equal(points, dates.Count);
        Assert.Equal(points, CapabilityRules.TrajectoryPointCount(Now.AddDays(fromDay), Now.AddDays(toDay), TimeSpan.FromDays(stepDays)));
        Assert.Equal(Now.AddDays(toDay), dates[^1]);
        Assert.Equal(Now.AddDays(fromDay), dates[0]);
    }
}
