using Training.Grains.EventSourcing;

namespace Training.Grains.Outcomes;

/// <summary>An event in a centre's outcome record.</summary>
[GenerateSerializer, Alias("training.CenterOutcomesEvent")]
public abstract record CenterOutcomesEvent : DomainEvent;

/// <summary>A value of an outcome indicator was recorded (replacing one of the same period, or the baseline).</summary>
[GenerateSerializer, Alias("center-outcomes.value-recorded.v1")]
public sealed record OutcomeValueRecorded([property: Id(0)] OutcomeValue Value) : CenterOutcomesEvent
{
    public override string Describe() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{(Value.Baseline ? "Baseline" : "Value")} of {Value.IndicatorId} for {Value.PeriodStart:yyyy-MM-dd}..{Value.PeriodEnd:yyyy-MM-dd}: {Value.Value:0.###}{(Value.Unit.Length > 0 ? " " + Value.Unit : string.Empty)}.");
}

/// <summary>A centre's outcome indicators, rebuilt from its events.</summary>
[GenerateSerializer, Alias("training.CenterOutcomesState")]
public sealed class CenterOutcomesState : EventSourcedState<CenterOutcomesEvent>
{
    /// <summary>Indicators by id.</summary>
    [Id(0)]
    public SortedDictionary<string, IndicatorRecord> Indicators { get; set; } = new(StringComparer.Ordinal);

    protected override void When(CenterOutcomesEvent @event)
    {
        if (@event is not OutcomeValueRecorded { Value: var v })
        {
            return;
        }

        if (!Indicators.TryGetValue(v.IndicatorId, out var record))
        {
            record = new IndicatorRecord();
            Indicators[v.IndicatorId] = record;
        }

        if (v.DisplayName.Length > 0)
        {
            record.DisplayName = v.DisplayName;
        }

        if (v.Unit.Length > 0)
        {
            record.Unit = v.Unit;
        }

        record.UpdateTime = @event.At;
        if (v.Baseline)
        {
            record.Baseline = v;
            return;
        }

        record.Values.RemoveAll(x => x.PeriodStart == v.PeriodStart && x.PeriodEnd == v.PeriodEnd);
        record.Values.Add(v);
        record.Values.Sort((a, b) => a.PeriodEnd != b.PeriodEnd ? a.PeriodEnd.CompareTo(b.PeriodEnd) : a.PeriodStart.CompareTo(b.PeriodStart));
    }
}

/// <summary>One indicator's baseline and later values (period order).</summary>
[GenerateSerializer, Alias("training.IndicatorRecord")]
public sealed class IndicatorRecord
{
    [Id(0)]
    public string DisplayName { get; set; } = string.Empty;

    [Id(1)]
    public string Unit { get; set; } = string.Empty;

    [Id(2)]
    public OutcomeValue? Baseline { get; set; }

    [Id(3)]
    public List<OutcomeValue> Values { get; set; } = [];

    [Id(4)]
    public DateTimeOffset UpdateTime { get; set; }
}
