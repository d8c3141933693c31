using System.Text.RegularExpressions;
using Training.Grains.EventSourcing;

namespace Training.Grains.Outcomes;

/// <summary>A centre's outcome indicators: baselines and later values over periods (the four-level evaluation's "results").</summary>
[GrainType("center-outcomes")]
public sealed partial class CenterOutcomesGrain(EventSourcingServices services) : EventSourcedGrain<CenterOutcomesState, CenterOutcomesEvent>(services), ICenterOutcomesGrain
{
    /// <summary>The key's suffix after the centre's name.</summary>
    public const string Suffix = "/outcomes";

    /// <summary>Most indicators per centre.</summary>
    public const int MaxIndicators = 100;

    /// <summary>Most values per indicator.</summary>
    public const int MaxValues = 1000;

    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public async Task<OutcomeIndicatorView> Record(OutcomeValue value, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (await FirstAnswer(context, (s, _) => ViewOf(s, value.IndicatorId)) is { } first)
        {
            return first;
        }

        Validate(value);
        var center = StreamId.EndsWith(Suffix, StringComparison.Ordinal) ? StreamId[..^Suffix.Length] : string.Empty;
        await GrainFactory.GetGrain<ICenterGrain>(center).Get();
        if (!State.Indicators.TryGetValue(value.IndicatorId, out var held))
        {
            if (State.Indicators.Count >= MaxIndicators)
            {
                throw TrainingException.Precondition(StreamId, $"{StreamId} already has {MaxIndicators} indicators.");
            }
        }
        else if (held.Values.Count >= MaxValues && !value.Baseline)
        {
            throw TrainingException.Precondition(StreamId, $"{value.IndicatorId} already has {MaxValues} values.");
        }

        await Commit(Stamp(new OutcomeValueRecorded(value), context));
        return ViewOf(State, value.IndicatorId);
    }

    public Task<IReadOnlyList<OutcomeIndicatorView>> List() =>
        Task.FromResult<IReadOnlyList<OutcomeIndicatorView>>([.. State.Indicators.Keys.Select(id => ViewOf(State, id))]);

    public Task<IReadOnlyList<HistoryEntry>> History(long fromVersion, int maxCount) => ReadHistory(fromVersion, maxCount);

    private void Validate(OutcomeValue v)
    {
        if (!IndicatorId().IsMatch(v.IndicatorId))
        {
            throw TrainingException.Invalid("indicator", "must match [a-z0-9][a-z0-9-]{0,62}");
        }

        if (v.DisplayName.Length > 100)
        {
            throw TrainingException.Invalid("display_name", "at most 100 characters");
        }

        if (v.Unit.Length > 20)
        {
            throw TrainingException.Invalid("unit", "at most 20 characters");
        }

        if (v.Note.Length > 500)
        {
            throw TrainingException.Invalid("note", "at most 500 characters");
        }

        if (!double.IsFinite(v.Value) || v.Value < 0 || (string.Equals(v.Unit, "percent", StringComparison.Ordinal) && v.Value > 100))
        {
            throw TrainingException.Invalid("value", "must be a finite number, 0 or more (percent: 0..100)");
        }

        if (v.PeriodEnd <= v.PeriodStart)
        {
            throw TrainingException.Invalid("period_end", "must lie after period_start");
        }

        if (v.PeriodEnd > Now + ClockSkew)
        {
            throw TrainingException.Invalid("period_end", "must not lie in the future");
        }
    }

    private OutcomeIndicatorView ViewOf(CenterOutcomesState s, string indicatorId)
    {
        if (!s.Indicators.TryGetValue(indicatorId, out var r))
        {
            throw TrainingException.NotFound($"{StreamId}/{indicatorId}");
        }

        double? change = r.Baseline is { } b && r.Values.Count > 0 ? r.Values[^1].Value - b.Value : null;
        return new OutcomeIndicatorView($"{StreamId}/{indicatorId}", indicatorId, r.DisplayName, r.Unit, r.Baseline, [.. r.Values], change, r.UpdateTime);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex IndicatorId();
}
