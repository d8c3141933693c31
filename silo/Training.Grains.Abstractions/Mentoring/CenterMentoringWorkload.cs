namespace Training.Grains;

/// <summary>A trainee in a batch's on-the-job stage, and who mentors them, as the batch's own state has it.</summary>
/// <param name="BatchName">The course batch.</param>
/// <param name="StaffName">The trainee.</param>
/// <param name="MentorName">Their current mentor in the batch; empty when none is assigned.</param>
/// <param name="CompetencyIds">The competencies the batch's on-the-job stage works on (what the trainee needs a mentor for).</param>
[GenerateSerializer, Immutable, Alias("training.OnTheJobTrainee")]
public sealed record OnTheJobTrainee(
    [property: Id(0)] string BatchName,
    [property: Id(1)] string StaffName,
    [property: Id(2)] string MentorName,
    [property: Id(3)] IReadOnlyList<string> CompetencyIds);

/// <summary>How many trainees of a centre need a mentor for a competency that no mentor of theirs covers.</summary>
/// <param name="CompetencyId">The competency.</param>
/// <param name="Trainees">Trainees needing it uncovered: without a mentor, with an inactive one, or whose mentor has no speciality in it.</param>
[GenerateSerializer, Immutable, Alias("training.UnmetMentoringDemand")]
public sealed record UnmetMentoringDemand([property: Id(0)] string CompetencyId, [property: Id(1)] int Trainees);

/// <summary>A centre's mentoring workload.</summary>
/// <param name="CenterName">The centre.</param>
/// <param name="TraineesOnTheJob">Enrolled, not yet completed trainees of the centre's open or running batches that have an on-the-job stage.</param>
/// <param name="ActiveMentors">Active mentors serving the centre: its own staff mentors plus any active mentor (e.g. a county expert) assigned to one of these trainees.</param>
/// <param name="TraineesPerMentor">Coverage: <paramref name="TraineesOnTheJob"/> / <paramref name="ActiveMentors"/> (0 when there is no active mentor).</param>
/// <param name="TraineesWithoutMentor">Trainees with no mentor, or whose mentor is inactive (orphans).</param>
/// <param name="UnmetDemand">Per competency, the trainees whose need no assigned active mentor covers; largest first, then by id; only competencies with unmet demand.</param>
[GenerateSerializer, Immutable, Alias("training.CenterMentoringWorkload")]
public sealed record CenterMentoringWorkload(
    [property: Id(0)] string CenterName,
    [property: Id(1)] int TraineesOnTheJob,
    [property: Id(2)] int ActiveMentors,
    [property: Id(3)] double TraineesPerMentor,
    [property: Id(4)] int TraineesWithoutMentor,
    [property: Id(5)] IReadOnlyList<UnmetMentoringDemand> UnmetDemand);

/// <summary>
/// A centre's mentoring workload (a stateless worker; the key is anything, the centre is the argument). Read without
/// fanning out over staff: the centre's batches from the directory, one call per batch for its on-the-job trainees and
/// their mentors (the batch's own state), and the mentors' specialities from the directory's mentor entries (a mentor
/// grain is asked only for an assigned mentor registered outside the centre and its county).
/// </summary>
public interface ICenterMentoringGrain : IGrainWithIntegerKey
{
    /// <summary>The workload of <paramref name="centerName"/> (<c>regions/{r}/counties/{c}/centers/{ctr}</c>) now.</summary>
    Task<CenterMentoringWorkload> Workload(string centerName);
}
