namespace Training.Grains;

/// <summary>
/// One criterion of a rubric: what the examiner judges, the competency it is evidence of, its weight in the score and a
/// descriptor for every level of the rubric's shared scale (what a performance at that level looks like).
/// </summary>
/// <param name="Id">Lower-case id, unique within the rubric (e.g. <c>listening</c>).</param>
/// <param name="CompetencyId">An active competency of the rubric's framework.</param>
/// <param name="Weight">1..100, relative to the other criteria.</param>
/// <param name="LevelDescriptors">One per level of <see cref="RubricSpec.Levels"/>, in order.</param>
[GenerateSerializer, Immutable, Alias("training.RubricCriterion")]
public sealed record RubricCriterion(
    [property: Id(0)] string Id,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string CompetencyId,
    [property: Id(3)] int Weight,
    [property: Id(4)] IReadOnlyList<string> LevelDescriptors);

/// <summary>
/// A rubric's content (one revision): the shared level scale, the criteria and the pass threshold. Levels are numbered
/// from 0 (the first label) to <c>Levels.Count - 1</c>; a criterion graded at level <c>l</c> scores <c>l / (Levels.Count - 1)</c>.
/// </summary>
/// <param name="FrameworkName"><c>frameworks/{f}</c> whose competencies the criteria are linked to.</param>
/// <param name="Levels">2..6 level labels, lowest first (e.g. 0 未达到 … 4 优秀).</param>
/// <param name="Criteria">1..20 criteria.</param>
/// <param name="PassThreshold">0..100: the weighted score (percent) that passes.</param>
[GenerateSerializer, Immutable, Alias("training.RubricSpec")]
public sealed record RubricSpec(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] string Description,
    [property: Id(2)] string FrameworkName,
    [property: Id(3)] IReadOnlyList<string> Levels,
    [property: Id(4)] IReadOnlyList<RubricCriterion> Criteria,
    [property: Id(5)] int PassThreshold);

/// <summary>One revision of a rubric as read. Revisions are immutable: an update adds revision N+1; batches keep the one they were given.</summary>
/// <param name="Name"><c>rubrics/{rubric}</c>.</param>
/// <param name="Revision">From 1.</param>
/// <param name="Version">The rubric's stream version (for optimistic concurrency).</param>
[GenerateSerializer, Immutable, Alias("training.RubricView")]
public sealed record RubricView(
    [property: Id(0)] string Name,
    [property: Id(1)] int Revision,
    [property: Id(2)] RubricSpec Spec,
    [property: Id(3)] long Version,
    [property: Id(4)] DateTimeOffset CreateTime,
    [property: Id(5)] DateTimeOffset UpdateTime);
