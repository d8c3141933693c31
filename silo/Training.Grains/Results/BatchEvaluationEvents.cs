using System.Globalization;
using Training.Grains.EventSourcing;

namespace Training.Grains.Results;

/// <summary>An event in a batch's evaluation record.</summary>
[GenerateSerializer, Alias("training.BatchEvaluationEvent")]
public abstract record BatchEvaluationEvent : DomainEvent;

/// <summary>A trainee answered the feedback survey of a stage.</summary>
[GenerateSerializer, Alias("batch-evaluation.survey-answered.v1")]
public sealed record SurveyAnswered([property: Id(0)] SurveyResponse Response) : BatchEvaluationEvent
{
    public override string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Response.StaffName} answered the {Response.Stage} survey: {string.Join(", ", Response.Ratings.Select(r => $"{r.Question} {r.Rating}"))}.");
}

/// <summary>A batch's evaluation, rebuilt from its events: the survey answers by trainee and stage.</summary>
[GenerateSerializer, Alias("training.BatchEvaluationState")]
public sealed class BatchEvaluationState : EventSourcedState<BatchEvaluationEvent>
{
    /// <summary>The answers by <see cref="SurveyResponse.Name"/>.</summary>
    [Id(0)]
    public SortedDictionary<string, SurveyResponse> Responses { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The centres the batch serves, as last read from it (the tallies keep an entry for each).</summary>
    [Id(1)]
    public List<string> Centers { get; set; } = [];

    protected override void When(BatchEvaluationEvent @event)
    {
        if (@event is SurveyAnswered { Response: var r })
        {
            Responses[r.Name] = r;
            if (!Centers.Contains(r.CenterName, StringComparer.Ordinal))
            {
                Centers.Add(r.CenterName);
                Centers.Sort(StringComparer.Ordinal);
            }
        }
    }
}
