using Training.Grains.EventSourcing;

namespace Training.Grains.Catalogue;

/// <summary>An event of a rubric.</summary>
[GenerateSerializer, Alias("training.RubricEvent")]
public abstract record RubricEvent : DomainEvent;

/// <summary>The rubric was created at revision 1.</summary>
[GenerateSerializer, Alias("rubric.created.v1")]
public sealed record RubricCreated([property: Id(0)] RubricSpec Spec) : RubricEvent
{
    public override string Describe() => $"Created \"{Spec.DisplayName}\" on {Spec.FrameworkName}: {Spec.Criteria.Count} criteria, {Spec.Levels.Count} levels, pass at {Spec.PassThreshold}.";
}

/// <summary>A new revision of the rubric (earlier revisions stay as they were).</summary>
[GenerateSerializer, Alias("rubric.revised.v1")]
public sealed record RubricRevised([property: Id(0)] RubricSpec Spec) : RubricEvent
{
    public override string Describe() => $"Revised \"{Spec.DisplayName}\": {Spec.Criteria.Count} criteria, {Spec.Levels.Count} levels, pass at {Spec.PassThreshold}.";
}

/// <summary>A rubric's state: every revision it has had.</summary>
[GenerateSerializer, Alias("training.RubricState")]
public sealed class RubricState : EventSourcedState<RubricEvent>
{
    [Id(0)]
    public List<RubricSpec> Revisions { get; set; } = [];

    public bool Exists => Revisions.Count > 0;

    protected override void When(RubricEvent @event)
    {
        switch (@event)
        {
            case RubricCreated e:
                Revisions.Add(e.Spec);
                break;
            case RubricRevised e:
                Revisions.Add(e.Spec);
                break;
        }
    }
}
