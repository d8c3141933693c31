using System.Globalization;

namespace Training.Grains.Batches;

/// <summary>A stage's practical assessment was set or replaced: the rubric revision frozen into the batch, the stake, the examiners.</summary>
[GenerateSerializer, Alias("batch.practical-assessment-set.v1")]
public sealed record PracticalAssessmentSet([property: Id(0)] PracticalAssessment Assessment) : CourseBatchUnlistedEvent
{
    public override string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Assessment.Stage} practical assessment set: {Assessment.Rubric.Name} revision {Assessment.Rubric.Revision}, {Assessment.Stake} stake, examiners {string.Join(", ", Assessment.Examiners)}.");
}

/// <summary>An examiner graded a trainee; the evidence for the staff record is pending from here until <see cref="PracticalEvidenceDelivered"/>.</summary>
[GenerateSerializer, Alias("batch.practical-graded.v1")]
public sealed record PracticalGraded([property: Id(0)] PracticalGrade Grade) : CourseBatchUnlistedEvent
{
    public override string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Grade.StaffName} graded {Grade.Score} in the {Grade.Stage} practical assessment by {Grade.Examiner} ({(Grade.Passed ? "pass" : "fail")}): {Grade.Name}.");
}

/// <summary>The staff records confirmed the evidence of these gradings.</summary>
[GenerateSerializer, Alias("batch.practical-evidence-delivered.v1")]
public sealed record PracticalEvidenceDelivered([property: Id(0)] IReadOnlyList<string> GradeNames) : CourseBatchUnlistedEvent
{
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"{GradeNames.Count} practical grading(s) recorded on the staff records.");
}
