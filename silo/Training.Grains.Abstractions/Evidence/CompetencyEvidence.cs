namespace Training.Grains;

/// <summary>What kind of observation a piece of evidence is; the capability rules weigh kinds differently.</summary>
public enum EvidenceKind
{
    /// <summary>An in-class or kiosk quick test, graded automatically.</summary>
    QuickTest = 1,

    /// <summary>A practical assessment graded on a rubric by an examiner or mentor.</summary>
    PracticalAssessment = 2,

    /// <summary>A mentor's evaluation during on-the-job practice.</summary>
    MentorEvaluation = 3,

    /// <summary>A resident's satisfaction result (e.g. a 12345 call follow-up), reported by a third-party system.</summary>
    Satisfaction = 4,
}

/// <summary>
/// One observation of a staff member's competency, recorded on their own record (their archive) and used by the
/// capability profile. Recorded once per <see cref="EvidenceId"/>: a resend writes nothing.
/// </summary>
/// <param name="EvidenceId">Unique per observation, chosen by the recorder (e.g. <c>{attempt name}/{competency}</c>), 1..300 characters.</param>
/// <param name="FrameworkName"><c>frameworks/{f}</c> whose competency this is.</param>
/// <param name="CompetencyId">An active competency of that framework.</param>
/// <param name="Score">The result normalised to 0..1 (a test's share of points, a rubric's weighted level, satisfied = 1).</param>
/// <param name="ObservedAt">When it was observed (not in the future).</param>
/// <param name="Source">What produced it: an attempt's or grading's resource name, or an integration's client id.</param>
/// <param name="Detail">Short human-readable description for the archive, up to 500 characters.</param>
[GenerateSerializer, Immutable, Alias("training.CompetencyEvidence")]
public sealed record CompetencyEvidence(
    [property: Id(0)] string EvidenceId,
    [property: Id(1)] EvidenceKind Kind,
    [property: Id(2)] string FrameworkName,
    [property: Id(3)] string CompetencyId,
    [property: Id(4)] double Score,
    [property: Id(5)] DateTimeOffset ObservedAt,
    [property: Id(6)] string Source,
    [property: Id(7)] string Detail);
