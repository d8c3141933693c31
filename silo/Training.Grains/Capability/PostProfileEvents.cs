using Training.Grains.EventSourcing;

namespace Training.Grains.Capability;

/// <summary>An event in a post profile's history.</summary>
[GenerateSerializer, Alias("training.PostProfileEvent")]
public abstract record PostProfileEvent : DomainEvent;

/// <summary>The required levels were set (created or replaced).</summary>
[GenerateSerializer, Alias("post-profile.set.v1")]
public sealed record PostProfileSet([property: Id(0)] IReadOnlyList<RequiredLevel> Requirements) : PostProfileEvent
{
    public override string Describe() => $"Required levels set for {Requirements.Count} competencies: {string.Join(", ", Requirements.Select(r => $"{r.CompetencyId} {r.Level}"))}.";
}

/// <summary>The post profile was deleted.</summary>
[GenerateSerializer, Alias("post-profile.deleted.v1")]
public sealed record PostProfileDeleted : PostProfileEvent
{
    public override string Describe() => "Post profile deleted.";
}

/// <summary>A post profile's state, rebuilt from its events.</summary>
[GenerateSerializer, Alias("training.PostProfileState")]
public sealed class PostProfileState : EventSourcedState<PostProfileEvent>
{
    [Id(0)]
    public bool Exists { get; set; }

    [Id(1)]
    public List<RequiredLevel> Requirements { get; set; } = [];

    protected override void When(PostProfileEvent @event)
    {
        switch (@event)
        {
            case PostProfileSet e:
                Exists = true;
                Requirements = [.. e.Requirements];
                break;
            case PostProfileDeleted:
                Exists = false;
                Requirements = [];
                break;
        }
    }
}
