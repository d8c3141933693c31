using Training.Grains.EventSourcing;

namespace Training.Grains.Assessments;

/// <summary>A quick-test attempt's state, rebuilt from its events.</summary>
[GenerateSerializer, Alias("training.AssessmentAttemptState")]
public sealed class AssessmentAttemptState : EventSourcedState<AssessmentAttemptEvent>
{
    [Id(0)]
    public AttemptAllocation? Allocation { get; set; }

    [Id(1)]
    public int Seed { get; set; }

    [Id(2)]
    public IReadOnlyList<DrawnItem> Items { get; set; } = [];

    [Id(3)]
    public DateTimeOffset StartTime { get; set; }

    /// <summary>Null until submitted.</summary>
    [Id(4)]
    public AttemptSubmitted? Submission { get; set; }

    /// <summary>True from the submission until the batch and the staff record confirmed the result.</summary>
    [Id(5)]
    public bool DeliveryPending { get; set; }

    public bool Opened => Allocation is not null;

    protected override void When(AssessmentAttemptEvent @event)
    {
        switch (@event)
        {
            case AttemptOpened e:
                Allocation = e.Allocation;
                Seed = e.Seed;
                Items = e.Items;
                StartTime = e.At;
                break;
            case AttemptSubmitted e:
                Submission = e;
                DeliveryPending = true;
                break;
            case AttemptResultDelivered:
                DeliveryPending = false;
                break;
        }
    }
}
