using System.Globalization;
using Training.Grains.EventSourcing;

namespace Training.Grains.Assessments;

/// <summary>An event in a quick-test attempt's history.</summary>
[GenerateSerializer, Alias("training.AssessmentAttemptEvent")]
public abstract record AssessmentAttemptEvent : DomainEvent;

/// <summary>The attempt the batch allocated was opened: its items drawn with its seed (each with the revision and key it was drawn on).</summary>
[GenerateSerializer, Alias("attempt.opened.v1")]
public sealed record AttemptOpened(
    [property: Id(0)] AttemptAllocation Allocation,
    [property: Id(1)] int Seed,
    [property: Id(2)] IReadOnlyList<DrawnItem> Items) : AssessmentAttemptEvent
{
    public override string Describe() => string.Create(
        CultureInfo.InvariantCulture, $"Started: {Allocation.Stage} quick test attempt {Allocation.StageAttempt} of {Allocation.StaffName}, {Items.Count} items.");
}

/// <summary>
/// The answers were submitted and graded. Reporting the result to the batch and the evidence to the staff record is
/// pending from here until <see cref="AttemptResultDelivered"/>.
/// </summary>
/// <param name="Answers">Per item name, the options chosen (indexes as presented).</param>
[GenerateSerializer, Alias("attempt.submitted.v1")]
public sealed record AttemptSubmitted(
    [property: Id(0)] IReadOnlyDictionary<string, IReadOnlyList<int>> Answers,
    [property: Id(1)] bool Late,
    [property: Id(2)] double Score,
    [property: Id(3)] bool Passed,
    [property: Id(4)] IReadOnlyList<CompetencyScore> Competencies) : AssessmentAttemptEvent
{
    public override string Describe() => string.Create(
        CultureInfo.InvariantCulture, $"Submitted{(Late ? " late" : string.Empty)}: score {Score}, {(Passed ? "passed" : "not passed")}.");
}

/// <summary>The batch confirmed the stage result and the staff record the evidence.</summary>
[GenerateSerializer, Alias("attempt.result-delivered.v1")]
public sealed record AttemptResultDelivered : AssessmentAttemptEvent
{
    public override string Describe() => "Result recorded on the batch and the staff record.";
}
