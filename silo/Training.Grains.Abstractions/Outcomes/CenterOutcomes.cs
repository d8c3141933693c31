namespace Training.Grains;

/// <summary>
/// One value of a centre-level outcome indicator (e.g. <c>hotline-satisfaction-rate</c>, <c>complaints-closed-24h</c>)
/// over a period: the baseline (before training) or a later value.
/// </summary>
/// <param name="IndicatorId"><c>[a-z0-9][a-z0-9-]{0,62}</c>.</param>
/// <param name="DisplayName">Up to 100 characters; the indicator keeps the latest non-empty one.</param>
/// <param name="Unit">What the value counts, e.g. <c>percent</c>, <c>count</c>, <c>hours</c>; up to 20 characters.</param>
/// <param name="PeriodStart">Start of the period measured.</param>
/// <param name="PeriodEnd">End of the period measured (after the start, not in the future).</param>
/// <param name="Value">A finite number, 0 or more (percent: 0..100).</param>
/// <param name="Baseline">The value before training, against which later ones are read; one per indicator (a new one replaces it).</param>
/// <param name="Note">Up to 500 characters: where the figure comes from.</param>
[GenerateSerializer, Immutable, Alias("training.OutcomeValue")]
public sealed record OutcomeValue(
    [property: Id(0)] string IndicatorId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string Unit,
    [property: Id(3)] DateTimeOffset PeriodStart,
    [property: Id(4)] DateTimeOffset PeriodEnd,
    [property: Id(5)] double Value,
    [property: Id(6)] bool Baseline,
    [property: Id(7)] string Note);

/// <summary>An outcome indicator of a centre: its baseline and its later values in period order.</summary>
/// <param name="Name"><c>{center}/outcomes/{indicator}</c>.</param>
/// <param name="Change">The latest value minus the baseline; null without both.</param>
[GenerateSerializer, Immutable, Alias("training.OutcomeIndicatorView")]
public sealed record OutcomeIndicatorView(
    [property: Id(0)] string Name,
    [property: Id(1)] string IndicatorId,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] string Unit,
    [property: Id(4)] OutcomeValue? BaselineValue,
    [property: Id(5)] IReadOnlyList<OutcomeValue> Values,
    [property: Id(6)] double? Change,
    [property: Id(7)] DateTimeOffset UpdateTime);

/// <summary>
/// A centre's outcome indicators (the "results" level of the four-level evaluation). Key: <c>{center}/outcomes</c>.
/// </summary>
public interface ICenterOutcomesGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records a value (a value for the same indicator and period replaces the earlier one: a correction, kept in the
    /// history). NotFound for an unknown centre; InvalidArgument for a malformed value or a period ending in the future.
    /// Idempotent by request id.
    /// </summary>
    Task<OutcomeIndicatorView> Record(OutcomeValue value, CommandContext context);

    /// <summary>Every indicator of the centre, by id; empty when none was recorded.</summary>
    Task<IReadOnlyList<OutcomeIndicatorView>> List();

    /// <summary>The history, oldest first.</summary>
    Task<IReadOnlyList<HistoryEntry>> History(long fromVersion, int maxCount);
}
