using Training.Grains.EventSourcing;

namespace Training.Grains.Catalogue;

/// <summary>An event of a question bank.</summary>
[GenerateSerializer, Alias("training.QuestionBankEvent")]
public abstract record QuestionBankEvent : DomainEvent;

[GenerateSerializer, Alias("question-bank.created.v1")]
public sealed record QuestionBankCreated([property: Id(0)] QuestionBankSpec Spec) : QuestionBankEvent
{
    public override string Describe() => $"Created \"{Spec.DisplayName}\" for {Spec.CompetencyId} of {Spec.FrameworkName}.";
}

[GenerateSerializer, Alias("question-bank.renamed.v1")]
public sealed record QuestionBankRenamed([property: Id(0)] string DisplayName) : QuestionBankEvent
{
    public override string Describe() => $"Renamed to \"{DisplayName}\".";
}

[GenerateSerializer, Alias("question-bank.item-added.v1")]
public sealed record QuestionItemAdded([property: Id(0)] string ItemId, [property: Id(1)] QuestionItemSpec Content) : QuestionBankEvent
{
    public override string Describe() => $"Item {ItemId} added.";
}

[GenerateSerializer, Alias("question-bank.item-revised.v1")]
public sealed record QuestionItemRevised([property: Id(0)] string ItemId, [property: Id(1)] QuestionItemSpec Content) : QuestionBankEvent
{
    public override string Describe() => $"Item {ItemId} revised.";
}

[GenerateSerializer, Alias("question-bank.item-retired.v1")]
public sealed record QuestionItemRetired([property: Id(0)] string ItemId) : QuestionBankEvent
{
    public override string Describe() => $"Item {ItemId} retired.";
}

/// <summary>One item with every revision it has had.</summary>
[GenerateSerializer, Alias("training.QuestionItemState")]
public sealed class QuestionItemState
{
    [Id(0)]
    public List<QuestionItemSpec> Revisions { get; set; } = [];

    [Id(1)]
    public bool Retired { get; set; }

    [Id(2)]
    public DateTimeOffset UpdateTime { get; set; }
}

/// <summary>A question bank's state.</summary>
[GenerateSerializer, Alias("training.QuestionBankState")]
public sealed class QuestionBankState : EventSourcedState<QuestionBankEvent>
{
    [Id(0)]
    public bool Exists { get; set; }

    [Id(1)]
    public QuestionBankSpec Spec { get; set; } = new(string.Empty, string.Empty, string.Empty);

    [Id(2)]
    public Dictionary<string, QuestionItemState> Items { get; set; } = [];

    protected override void When(QuestionBankEvent @event)
    {
        switch (@event)
        {
            case QuestionBankCreated e:
                Exists = true;
                Spec = e.Spec;
                break;
            case QuestionBankRenamed e:
                Spec = Spec with { DisplayName = e.DisplayName };
                break;
            case QuestionItemAdded e:
                Items[e.ItemId] = new QuestionItemState { Revisions = [e.Content], UpdateTime = e.At };
                break;
            case QuestionItemRevised e:
                Items[e.ItemId].Revisions.Add(e.Content);
                Items[e.ItemId].UpdateTime = e.At;
                break;
            case QuestionItemRetired e:
                Items[e.ItemId].Retired = true;
                Items[e.ItemId].UpdateTime = e.At;
                break;
        }
    }
}
