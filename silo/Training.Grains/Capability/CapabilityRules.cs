namespace Training.Grains.Capability;

/// <summary>
/// How a staff member's capability is computed from their evidence — the one place these rules live (documented in
/// docs/capability-profile.md). Pure and deterministic: the same evidence, tree and date give the same profile.
/// <list type="number">
/// <item>Each piece of evidence weighs <see cref="KindWeight"/> × ½^(age / <see cref="HalfLife"/>), its age measured
/// from the profile's date; evidence observed after that date does not count.</item>
/// <item>A competency's score is the weighted mean of the scores (0..1) of its own evidence and of every competency
/// below it (a module pools its subtree); a dimension's pools the evidence of the competencies in that dimension.</item>
/// <item>A level is claimed only with at least <see cref="MinimumEvidenceCount"/> pieces and
/// <see cref="MinimumWeight"/> total weight; otherwise the level is 0 ("not enough evidence").</item>
/// <item>On a scale of N levels, level = ⌈score × N⌉ clamped to 1..N: level L needs a score above (L − 1) / N.</item>
/// <item>The gap is the post's required level minus the level (an unclaimed level counts as 0), never below 0.</item>
/// </list>
/// </summary>
public static class CapabilityRules
{
    /// <summary>Weight of a practical assessment graded on a rubric: the closest look at the work itself.</summary>
    public const double PracticalWeight = 0.4;

    /// <summary>Weight of a quick test: knowledge, graded automatically.</summary>
    public const double QuickTestWeight = 0.3;

    /// <summary>Weight of a mentor's evaluation on the job.</summary>
    public const double MentorWeight = 0.2;

    /// <summary>Weight of one resident's satisfaction result: many arrive, each says little about one competency.</summary>
    public const double SatisfactionWeight = 0.1;

    /// <summary>Evidence this old counts half; twice as old, a quarter.</summary>
    public static readonly TimeSpan HalfLife = TimeSpan.FromDays(180);

    /// <summary>Fewest pieces of evidence behind a claimed level.</summary>
    public const int MinimumEvidenceCount = 2;

    /// <summary>Least total weight (after decay) behind a claimed level: e.g. a recent test and a satisfaction result.</summary>
    public const double MinimumWeight = 0.35;

    /// <summary>Most points of a trajectory.</summary>
    public const int MaxTrajectoryPoints = 400;

    /// <summary>The weight of a kind of evidence before decay.</summary>
    public static double KindWeight(EvidenceKind kind) => kind switch
    {
        EvidenceKind.PracticalAssessment => PracticalWeight,
        EvidenceKind.QuickTest => QuickTestWeight,
        EvidenceKind.MentorEvaluation => MentorWeight,
        EvidenceKind.Satisfaction => SatisfactionWeight,
        _ => 0,
    };

    /// <summary>½^(age / half-life): 1 for evidence observed at the profile's date; 0 for evidence after it.</summary>
    public static double Decay(DateTimeOffset observedAt, DateTimeOffset asOf)
    {
        var age = asOf - observedAt;
        return age < TimeSpan.Zero ? 0 : Math.Pow(0.5, age.TotalSeconds / HalfLife.TotalSeconds);
    }

    /// <summary>The level of a score on a scale of <paramref name="levels"/> levels: ⌈score × N⌉ within 1..N.</summary>
    public static int LevelOf(double score, int levels)
    {
        if (levels < 1)
        {
            return 0;
        }

        // Rounded first so that 0.6 × 5 is 3, not 3.0000000000000004.
        var scaled = Math.Round(Math.Clamp(score, 0, 1) * levels, 9);
        return Math.Clamp((int)Math.Ceiling(scaled), 1, levels);
    }

    /// <summary>Whether the evidence behind a standing is enough to claim a level.</summary>
    public static bool Enough(int count, double weight) => count >= MinimumEvidenceCount && weight >= MinimumWeight - 1e-12;

    /// <summary>
    /// The profile as of <paramref name="asOf"/>: one standing per competency of <paramref name="tree"/> (tree order;
    /// retired ones included, their evidence still counts), the three dimensions, and how many pieces of evidence of
    /// <paramref name="frameworkName"/> name a competency the tree lacks (not counted).
    /// </summary>
    /// <param name="tree">The framework's competencies in tree order (a parent before its children).</param>
    /// <param name="levels">How many levels the framework's scale has.</param>
    /// <param name="required">The post's required level per competency id.</param>
    /// <param name="evidence">The staff member's evidence, any framework.</param>
    public static (IReadOnlyList<CompetencyStanding> Competencies, IReadOnlyList<DimensionStanding> Dimensions, int Unplaced) Profile(
        string frameworkName,
        IReadOnlyList<CompetencyView> tree,
        int levels,
        IReadOnlyDictionary<string, int> required,
        IEnumerable<CompetencyEvidence> evidence,
        DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(required);
        ArgumentNullException.ThrowIfNull(evidence);
        var index = new Dictionary<string, int>(tree.Count, StringComparer.Ordinal);
        for (var i = 0; i < tree.Count; i++)
        {
            index[tree[i].Id] = i;
        }

        var parents = new int[tree.Count];
        for (var i = 0; i < tree.Count; i++)
        {
            parents[i] = tree[i].ParentId.Length > 0 && index.TryGetValue(tree[i].ParentId, out var p) ? p : -1;
        }

        var nodes = new Pool[tree.Count];
        var dimensions = new Pool[3];
        var unplaced = 0;
        foreach (var e in evidence)
        {
            if (!string.Equals(e.FrameworkName, frameworkName, StringComparison.Ordinal) || e.ObservedAt > asOf)
            {
                continue;
            }

            if (!index.TryGetValue(e.CompetencyId, out var at))
            {
                unplaced++;
                continue;
            }

            var weight = KindWeight(e.Kind) * Decay(e.ObservedAt, asOf);
            for (var i = at; i >= 0; i = parents[i])
            {
                nodes[i].Add(e.Score, weight, e.ObservedAt);
            }

            if (DimensionIndex(tree[at].Dimension) is var d and >= 0)
            {
                dimensions[d].Add(e.Score, weight, e.ObservedAt);
            }
        }

        var standings = new CompetencyStanding[tree.Count];
        for (var i = 0; i < tree.Count; i++)
        {
            var (score, level, claimed) = nodes[i].Judge(levels);
            var needed = required.GetValueOrDefault(tree[i].Id);
            standings[i] = new CompetencyStanding(
                tree[i].Id, tree[i].ParentId, tree[i].Dimension, score, level, claimed, nodes[i].Count, nodes[i].Weight, needed, Math.Max(0, needed - level), nodes[i].LastObserved);
        }

        var dimensionStandings = new DimensionStanding[3];
        for (var d = 0; d < 3; d++)
        {
            var (score, level, claimed) = dimensions[d].Judge(levels);
            dimensionStandings[d] = new DimensionStanding((Dimension)(d + 1), score, level, claimed, dimensions[d].Count, dimensions[d].Weight);
        }

        return (standings, dimensionStandings, unplaced);
    }

    /// <summary>The dates of a trajectory: <paramref name="from"/>, every <paramref name="step"/> after it before <paramref name="to"/>, and <paramref name="to"/>.</summary>
    public static IReadOnlyList<DateTimeOffset> TrajectoryDates(DateTimeOffset from, DateTimeOffset to, TimeSpan step)
    {
        if (step <= TimeSpan.Zero || to < from)
        {
            throw new ArgumentOutOfRangeException(nameof(step), "A trajectory needs a positive step and from ≤ to.");
        }

        var dates = new List<DateTimeOffset>();
        for (var at = from; at < to; at += step)
        {
            dates.Add(at);
        }

        dates.Add(to);
        return dates;
    }

    /// <summary>How many points a trajectory of these bounds has (without building it).</summary>
    public static long TrajectoryPointCount(DateTimeOffset from, DateTimeOffset to, TimeSpan step) =>
        step <= TimeSpan.Zero || to < from ? 0 : ((to - from).Ticks + step.Ticks - 1) / step.Ticks + 1;

    private static int DimensionIndex(Dimension dimension) => dimension is >= Dimension.PolicySavvy and <= Dimension.ServiceExcellent ? (int)dimension - 1 : -1;

    /// <summary>The evidence pooled behind one competency or dimension.</summary>
    private struct Pool
    {
        private double weightedScore;

        public int Count { get; private set; }

        public double Weight { get; private set; }

        public DateTimeOffset? LastObserved { get; private set; }

        public void Add(double score, double weight, DateTimeOffset observedAt)
        {
            Count++;
            Weight += weight;
            weightedScore += score * weight;
            if (LastObserved is not { } last || observedAt > last)
            {
                LastObserved = observedAt;
            }
        }

        public readonly (double Score, int Level, bool Claimed) Judge(int levels)
        {
            var score = Weight > 0 ? weightedScore / Weight : 0;
            var claimed = Enough(Count, Weight);
            return (score, claimed ? LevelOf(score, levels) : 0, claimed);
        }
    }
}
