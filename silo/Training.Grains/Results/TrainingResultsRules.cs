namespace Training.Grains.Results;

/// <summary>
/// The rules of the four-level evaluation (docs/training-results.md), in one place:
/// <list type="bullet">
/// <item>Counted trainees: enrolled or completed in the batch (withdrawn, wait-listed and cancelled ones are not), each
/// at the centre they were enrolled from.</item>
/// <item>Reaction: per question the mean of every rating given (1..5); the response rate is the trainees who answered
/// at least one stage's survey over the trainees counted.</item>
/// <item>Learning: each trainee's best graded theory score; the average of those, and their distribution in
/// <see cref="Bands"/>.</item>
/// <item>Behaviour: a stage is "assessed" for a trainee once its quick test has a graded result or its practical
/// assessment (on a rubric) a decided one; the drill pass rate is drill passed (the stage's verdict) over drill
/// assessed, likewise for the on-the-job stage; mentor sign-offs are counted when they exist (0 until then).</item>
/// <item>Results: per indicator of each centre, the baseline, the latest value (by period end) and latest − baseline.</item>
/// <item>Roll-up: tallies are sums and counts, so a centre's figures over many batches are those of all its trainees
/// together (not a mean of batch means).</item>
/// </list>
/// </summary>
public static class TrainingResultsRules
{
    /// <summary>Most characters of a survey comment.</summary>
    public const int MaxComment = 1000;

    /// <summary>The rating scale.</summary>
    public const int MinRating = 1;

    /// <summary>The rating scale.</summary>
    public const int MaxRating = 5;

    /// <summary>The score bands of the learning level: [min, max) on 0..100, the last one closed (90–100).</summary>
    public static IReadOnlyList<(string Label, double Min, double Max)> Bands { get; } =
    [
        ("<60", 0, 60),
        ("60-69", 60, 70),
        ("70-79", 70, 80),
        ("80-89", 80, 90),
        ("90-100", 90, 100.000001),
    ];

    /// <summary>The questions every answer rates, in order.</summary>
    public static IReadOnlyList<SurveyQuestion> Questions { get; } = Enum.GetValues<SurveyQuestion>();

    /// <summary>The band index of a score (0..100).</summary>
    public static int BandOf(double score)
    {
        for (var i = Bands.Count - 1; i >= 0; i--)
        {
            if (score >= Bands[i].Min)
            {
                return i;
            }
        }

        return 0;
    }

    /// <summary>Whether a trainee of this enrolment status counts in the figures.</summary>
    public static bool Counts(EnrolmentStatus status) => status is EnrolmentStatus.Enrolled or EnrolmentStatus.Completed or EnrolmentStatus.Incomplete;

    /// <summary>
    /// Whether a stage result is assessed: its quick test has a graded result (or a pass), or its practical assessment a
    /// decided result (a score, or a pass). Whether it passed is the stage's own verdict (every assessment it has passed).
    /// </summary>
    public static bool Assessed(StaffStageResult stage) =>
        (stage.HasAssessment && (stage.BestScore.HasValue || stage.Passed)) || stage.Practical is { Score: not null } or { Passed: true };

    /// <summary>An answer's validation failure (field, description), or null when it is well formed.</summary>
    public static (string Field, string Description)? Invalid(SurveyAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (!Enum.IsDefined(answer.Stage))
        {
            return ("stage", "must be a stage: theory, practical drill or on-the-job.");
        }

        for (var i = 0; i < answer.Ratings.Count; i++)
        {
            var r = answer.Ratings[i];
            if (!Enum.IsDefined(r.Question))
            {
                return ($"ratings[{i}].question", "must be one of the survey's questions.");
            }

            if (r.Rating is < MinRating or > MaxRating)
            {
                return ($"ratings[{i}].rating", $"must lie in {MinRating}..{MaxRating}.");
            }

            if (answer.Ratings.Take(i).Any(x => x.Question == r.Question))
            {
                return ($"ratings[{i}].question", $"{r.Question} is rated twice.");
            }
        }

        if (Questions.FirstOrDefault(q => answer.Ratings.All(r => r.Question != q)) is var missing && missing != default)
        {
            return ("ratings", $"every question is rated once; {missing} is missing.");
        }

        return answer.Comment.Length > MaxComment ? ("comment", $"at most {MaxComment} characters.") : null;
    }

    /// <summary>A batch's learning and behaviour tallies, one per centre it serves (or enrolled from), ordered by centre.</summary>
    public static IReadOnlyList<BatchCenterTally> Tally(string batchName, long version, IEnumerable<string> centers, IEnumerable<TraineeStanding> trainees)
    {
        var byCenter = new SortedDictionary<string, Accumulator>(StringComparer.Ordinal);
        foreach (var center in centers)
        {
            byCenter[center] = new Accumulator();
        }

        foreach (var t in trainees.Where(t => Counts(t.Status)))
        {
            if (!byCenter.TryGetValue(t.CenterName, out var acc))
            {
                acc = new Accumulator();
                byCenter[t.CenterName] = acc;
            }

            acc.Add(t);
        }

        return [.. byCenter.Select(kv => kv.Value.ToTally(batchName, kv.Key, version))];
    }

    /// <summary>A batch's reaction tallies, one per centre (from <paramref name="centers"/> and the answers), ordered by centre.</summary>
    public static IReadOnlyList<ReactionTally> Reaction(string batchName, long version, IEnumerable<string> centers, IEnumerable<SurveyResponse> responses)
    {
        var byCenter = centers.ToDictionary(c => c, _ => new List<SurveyResponse>(), StringComparer.Ordinal);
        foreach (var r in responses)
        {
            if (!byCenter.TryGetValue(r.CenterName, out var list))
            {
                list = [];
                byCenter[r.CenterName] = list;
            }

            list.Add(r);
        }

        return [.. byCenter.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new ReactionTally(
            batchName, kv.Key, version, kv.Value.Count, kv.Value.Select(r => r.StaffName).Distinct(StringComparer.Ordinal).Count(),
            [.. Questions.Select(q => new QuestionTally(q, kv.Value.Count(r => r.Ratings.Any(x => x.Question == q)), kv.Value.SelectMany(r => r.Ratings).Where(x => x.Question == q).Sum(x => x.Rating)))]))];
    }

    /// <summary>The four levels from tallies (summed) and indicators.</summary>
    public static FourLevelReport Report(string subject, IEnumerable<BatchCenterTally> tallies, IEnumerable<ReactionTally> reactions, IEnumerable<IndicatorChange> results)
    {
        var t = tallies.ToList();
        var r = reactions.ToList();
        var trainees = t.Sum(x => x.Trainees);
        var respondents = r.Sum(x => x.Respondents);
        var reaction = new ReactionLevel(
            r.Sum(x => x.Responses),
            respondents,
            trainees > 0 ? (double)respondents / trainees : null,
            [.. Questions.Select(q =>
            {
                var count = r.Sum(x => x.Questions.Where(y => y.Question == q).Sum(y => y.Count));
                var sum = r.Sum(x => x.Questions.Where(y => y.Question == q).Sum(y => y.Sum));
                return new QuestionMean(q, count, count > 0 ? (double)sum / count : null);
            })]);
        var assessed = t.Sum(x => x.TheoryAssessed);
        var learning = new LearningLevel(
            assessed,
            assessed > 0 ? t.Sum(x => x.TheoryScoreSum) / assessed : null,
            [.. Bands.Select((b, i) => new ScoreBand(b.Label, b.Min, Math.Min(b.Max, 100), t.Sum(x => i < x.TheoryBands.Count ? x.TheoryBands[i] : 0)))]);
        var drillAssessed = t.Sum(x => x.DrillAssessed);
        var drillPassed = t.Sum(x => x.DrillPassed);
        var jobAssessed = t.Sum(x => x.OnTheJobAssessed);
        var jobPassed = t.Sum(x => x.OnTheJobPassed);
        var behaviour = new BehaviourLevel(
            drillAssessed, drillPassed, Rate(drillPassed, drillAssessed), jobAssessed, jobPassed, Rate(jobPassed, jobAssessed), t.Sum(x => x.MentorSignOffs));
        return new FourLevelReport(
            subject, [.. t.Select(x => x.BatchName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)], trainees, t.Sum(x => x.Completed),
            reaction, learning, behaviour, [.. results]);
    }

    /// <summary>A centre's indicator as the results level reads it: baseline, latest value (by period end), and the change.</summary>
    public static IndicatorChange Change(string centerName, OutcomeIndicatorView indicator)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        var baseline = indicator.BaselineValue?.Value;
        var latest = indicator.Values.Count > 0 ? indicator.Values.MaxBy(v => v.PeriodEnd)!.Value : (double?)null;
        return new IndicatorChange(centerName, indicator.IndicatorId, indicator.DisplayName, indicator.Unit, baseline, latest, baseline is { } b && latest is { } l ? l - b : null);
    }

    private static double? Rate(int passed, int assessed) => assessed > 0 ? (double)passed / assessed : null;

    private sealed class Accumulator
    {
        private readonly int[] bands = new int[Bands.Count];
        private int trainees;
        private int theoryAssessed;
        private double theorySum;
        private int drillAssessed;
        private int drillPassed;
        private int jobAssessed;
        private int jobPassed;
        private int completed;

        public void Add(TraineeStanding t)
        {
            trainees++;
            completed += t.Completed ? 1 : 0;
            foreach (var stage in t.Stages.Where(Assessed))
            {
                switch (stage.Stage)
                {
                    case StageKind.Theory when stage.BestScore is { } score:
                        theoryAssessed++;
                        theorySum += score;
                        bands[BandOf(score)]++;
                        break;
                    case StageKind.PracticalDrill:
                        drillAssessed++;
                        drillPassed += stage.Passed ? 1 : 0;
                        break;
                    case StageKind.OnTheJob:
                        jobAssessed++;
                        jobPassed += stage.Passed ? 1 : 0;
                        break;
                }
            }
        }

        public BatchCenterTally ToTally(string batch, string center, long version) =>
            new(batch, center, version, trainees, theoryAssessed, theorySum, [.. bands], drillAssessed, drillPassed, jobAssessed, jobPassed, 0, completed);
    }
}
