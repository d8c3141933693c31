using Training.Grains.EventSourcing;

namespace Training.Grains.Catalogue;

/// <summary>An event of a course.</summary>
[GenerateSerializer, Alias("training.CourseEvent")]
public abstract record CourseEvent : DomainEvent;

[GenerateSerializer, Alias("course.created.v1")]
public sealed record CourseCreated([property: Id(0)] CourseSpec Spec) : CourseEvent
{
    public override string Describe() => $"Created \"{Spec.DisplayName}\" on {Spec.FrameworkName}.";
}

[GenerateSerializer, Alias("course.updated.v1")]
public sealed record CourseUpdated([property: Id(0)] CoursePatch Patch) : CourseEvent
{
    public override string Describe() => Patch.Stages is null ? "Course details updated." : "Course details and stages updated.";
}

[GenerateSerializer, Alias("course.archived.v1")]
public sealed record CourseArchived : CourseEvent
{
    public override string Describe() => "Archived.";
}

/// <summary>A course's state.</summary>
[GenerateSerializer, Alias("training.CourseState")]
public sealed class CourseState : EventSourcedState<CourseEvent>
{
    [Id(0)]
    public bool Exists { get; set; }

    [Id(1)]
    public CourseSpec Spec { get; set; } = new(string.Empty, string.Empty, string.Empty, [], default, []);

    [Id(2)]
    public bool Archived { get; set; }

    protected override void When(CourseEvent @event)
    {
        switch (@event)
        {
            case CourseCreated e:
                Exists = true;
                Spec = e.Spec;
                break;
            case CourseUpdated { Patch: var p }:
                Spec = Spec with
                {
                    DisplayName = p.DisplayName ?? Spec.DisplayName,
                    Description = p.Description ?? Spec.Description,
                    TargetPosts = p.TargetPosts ?? Spec.TargetPosts,
                    DeliveryMode = p.DeliveryMode ?? Spec.DeliveryMode,
                    Stages = p.Stages ?? Spec.Stages,
                };
                break;
            case CourseArchived:
                Archived = true;
                break;
        }
    }
}
