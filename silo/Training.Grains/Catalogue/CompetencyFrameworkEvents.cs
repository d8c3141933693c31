using Training.Grains.EventSourcing;

namespace Training.Grains.Catalogue;

/// <summary>An event of a competency framework.</summary>
[GenerateSerializer, Alias("training.FrameworkEvent")]
public abstract record FrameworkEvent : DomainEvent;

[GenerateSerializer, Alias("framework.created.v1")]
public sealed record FrameworkCreated([property: Id(0)] FrameworkSpec Spec) : FrameworkEvent
{
    public override string Describe() => $"Created \"{Spec.DisplayName}\" with a {Spec.LevelScale.Count}-level scale.";
}

[GenerateSerializer, Alias("framework.updated.v1")]
public sealed record FrameworkUpdated([property: Id(0)] FrameworkPatch Patch) : FrameworkEvent
{
    public override string Describe() => "Framework details updated" + (Patch.LevelScale is null ? "." : "; new level scale.");
}

[GenerateSerializer, Alias("framework.competency-added.v1")]
public sealed record CompetencyAdded([property: Id(0)] CompetencySpec Spec) : FrameworkEvent
{
    public override string Describe() =>
        Spec.ParentId.Length == 0 ? $"Module {Spec.Id} \"{Spec.DisplayName}\" added." : $"Competency {Spec.Id} \"{Spec.DisplayName}\" added under {Spec.ParentId}.";
}

[GenerateSerializer, Alias("framework.competency-updated.v1")]
public sealed record CompetencyUpdated([property: Id(0)] string CompetencyId, [property: Id(1)] CompetencyPatch Patch) : FrameworkEvent
{
    public override string Describe() => $"Competency {CompetencyId} updated.";
}

[GenerateSerializer, Alias("framework.competency-retired.v1")]
public sealed record CompetencyRetired([property: Id(0)] IReadOnlyList<string> CompetencyIds) : FrameworkEvent
{
    public override string Describe() => $"Retired {string.Join(", ", CompetencyIds)}.";
}

[GenerateSerializer, Alias("framework.published.v1")]
public sealed record FrameworkPublished([property: Id(0)] int FrameworkVersion) : FrameworkEvent
{
    public override string Describe() => $"Published as version {FrameworkVersion}.";
}

/// <summary>A framework's content at one point: the draft, or a frozen published version.</summary>
[GenerateSerializer, Alias("training.FrameworkContent")]
public sealed record FrameworkContent(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] string Description,
    [property: Id(2)] IReadOnlyList<LevelDefinition> LevelScale,
    [property: Id(3)] IReadOnlyList<CompetencyView> Competencies,
    [property: Id(4)] DateTimeOffset Time);

/// <summary>A framework's state: the working draft and every published version.</summary>
[GenerateSerializer, Alias("training.CompetencyFrameworkState")]
public sealed class CompetencyFrameworkState : EventSourcedState<FrameworkEvent>
{
    [Id(0)]
    public bool Exists { get; set; }

    [Id(1)]
    public FrameworkContent Draft { get; set; } = new(string.Empty, string.Empty, [], [], default);

    [Id(2)]
    public List<FrameworkContent> Published { get; set; } = [];

    [Id(3)]
    public bool HasUnpublishedChanges { get; set; }

    /// <summary>A competency of the draft by id, or null.</summary>
    public CompetencyView? Find(string id) => Draft.Competencies.FirstOrDefault(c => c.Id == id);

    protected override void When(FrameworkEvent @event)
    {
        switch (@event)
        {
            case FrameworkCreated e:
                Exists = true;
                Draft = new FrameworkContent(e.Spec.DisplayName, e.Spec.Description, e.Spec.LevelScale, [], e.At);
                break;
            case FrameworkUpdated { Patch: var p }:
                Draft = Draft with
                {
                    DisplayName = p.DisplayName ?? Draft.DisplayName,
                    Description = p.Description ?? Draft.Description,
                    LevelScale = p.LevelScale ?? Draft.LevelScale,
                };
                break;
            case CompetencyAdded { Spec: var c }:
                Draft = Draft with { Competencies = [.. Draft.Competencies, new CompetencyView(c.Id, c.ParentId, c.DisplayName, c.Description, c.Dimension, false)] };
                break;
            case CompetencyUpdated e:
                Draft = Draft with
                {
                    Competencies = [.. Draft.Competencies.Select(c => c.Id != e.CompetencyId ? c : c with
                    {
                        DisplayName = e.Patch.DisplayName ?? c.DisplayName,
                        Description = e.Patch.Description ?? c.Description,
                        Dimension = e.Patch.Dimension ?? c.Dimension,
                    })],
                };
                break;
            case CompetencyRetired e:
                Draft = Draft with { Competencies = [.. Draft.Competencies.Select(c => e.CompetencyIds.Contains(c.Id) ? c with { Retired = true } : c)] };
                break;
            case FrameworkPublished e:
                Published.Add(Draft with { Time = e.At });
                HasUnpublishedChanges = false;
                return;
        }

        HasUnpublishedChanges = true;
    }
}
