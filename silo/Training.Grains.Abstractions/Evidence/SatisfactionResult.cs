namespace Training.Grains;

/// <summary>
/// A resident's satisfaction with a staff member's handling of a matter (e.g. a 12345 call follow-up), reported by a
/// third-party system. Exactly one of <see cref="Rating"/> (1..5) or <see cref="Satisfied"/> is given.
/// </summary>
/// <param name="ResultId">The reporting system's id of the result, 1..200 characters; a resend with the same id records nothing.</param>
/// <param name="FrameworkName"><c>frameworks/{f}</c>.</param>
/// <param name="CompetencyId">An active competency of that framework (e.g. the hotline competency).</param>
/// <param name="Rating">1 (very dissatisfied) .. 5 (very satisfied); 0 when <see cref="Satisfied"/> is given instead.</param>
/// <param name="Satisfied">Satisfied / unsatisfied, for systems that record only that; null when a rating is given.</param>
/// <param name="ObservedAt">When the resident answered (not in the future).</param>
/// <param name="Detail">Up to 500 characters (e.g. the call's reference).</param>
[GenerateSerializer, Immutable, Alias("training.SatisfactionResult")]
public sealed record SatisfactionResult(
    [property: Id(0)] string ResultId,
    [property: Id(1)] string FrameworkName,
    [property: Id(2)] string CompetencyId,
    [property: Id(3)] int Rating,
    [property: Id(4)] bool? Satisfied,
    [property: Id(5)] DateTimeOffset ObservedAt,
    [property: Id(6)] string Detail);
