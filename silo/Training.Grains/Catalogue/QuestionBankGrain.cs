using Training.Grains.Directory;
using Training.Grains.EventSourcing;

namespace Training.Grains.Catalogue;

/// <summary>
/// Quick-test items for one competency. Items keep every revision; retired items stay readable so
/// that old attempts can always be shown with the exact wording they were answered on.
/// </summary>
[GrainType("question-bank")]
public sealed class QuestionBankGrain(EventSourcingServices services) : EventSourcedGrain<QuestionBankState, QuestionBankEvent>(services), IQuestionBankGrain
{
    public async Task<QuestionBankView> Create(QuestionBankSpec spec, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (await FirstAnswer(context, ViewOf) is { } first)
        {
            return first;
        }

        if (State.Exists)
        {
            throw TrainingException.AlreadyExists(StreamId);
        }

        var framework = GrainFactory.GetGrain<ICompetencyFrameworkGrain>(spec.FrameworkName);
        var view = await framework.Get(0);
        var competency = view.Competencies.FirstOrDefault(c => c.Id == spec.CompetencyId)
            ?? throw TrainingException.NotFound($"{spec.FrameworkName}/competencies/{spec.CompetencyId}");
        if (competency.Retired)
        {
            throw TrainingException.Precondition(competency.Id, $"Competency {competency.Id} is retired.");
        }

        await Commit(Stamp(new QuestionBankCreated(spec), context));
        return View();
    }

    public Task<QuestionBankView> Get() => Task.FromResult(View());

    public async Task<QuestionBankView> Rename(string displayName, long expectedVersion, CommandContext context)
    {
        if (await FirstAnswer(context, ViewOf) is { } first)
        {
            return first;
        }

        EnsureExists();
        if (expectedVersion > 0 && expectedVersion != Version)
        {
            throw TrainingException.Conflict(StreamId);
        }

        await Commit(Stamp(new QuestionBankRenamed(displayName), context));
        return View();
    }

    public async Task<QuestionItemView> AddItem(string itemId, QuestionItemSpec content, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (await FirstAnswer(context, (s, _) => ItemViewOf(s, itemId, 0)) is { } first)
        {
            return first;
        }

        EnsureExists();
        if (State.Items.ContainsKey(itemId))
        {
            throw TrainingException.AlreadyExists(ItemName(itemId));
        }

        EnsureConsistent(content);
        await Commit(Stamp(new QuestionItemAdded(itemId, content), context));
        return ItemView(itemId, 0);
    }

    public async Task<QuestionItemView> ReviseItem(string itemId, QuestionItemSpec content, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (await FirstAnswer(context, (s, _) => ItemViewOf(s, itemId, 0)) is { } first)
        {
            return first;
        }

        EnsureExists();
        var item = FindItem(itemId);
        if (item.Retired)
        {
            throw TrainingException.Precondition(ItemName(itemId), $"{ItemName(itemId)} is retired; add a new item instead.");
        }

        EnsureConsistent(content);
        await Commit(Stamp(new QuestionItemRevised(itemId, content), context));
        return ItemView(itemId, 0);
    }

    public async Task<QuestionItemView> RetireItem(string itemId, CommandContext context)
    {
        if (await FirstAnswer(context, (s, _) => ItemViewOf(s, itemId, 0)) is { } first)
        {
            return first;
        }

        EnsureExists();
        if (FindItem(itemId).Retired)
        {
            return ItemView(itemId, 0);
        }

        await Commit(Stamp(new QuestionItemRetired(itemId), context));
        return ItemView(itemId, 0);
    }

    public Task<QuestionItemView> GetItem(string itemId, int revision)
    {
        EnsureExists();
        return Task.FromResult(ItemView(itemId, revision));
    }

    public Task<Page<QuestionItemView>> ListItems(PageRequest page, bool includeRetired)
    {
        ArgumentNullException.ThrowIfNull(page);
        EnsureExists();
        var size = Math.Clamp(page.PageSize, 1, 1000);
        var ids = State.Items
            .Where(kv => (includeRetired || !kv.Value.Retired) && (page.AfterKey is null || string.CompareOrdinal(kv.Key, page.AfterKey) > 0))
            .Select(kv => kv.Key)
            .Order(StringComparer.Ordinal)
            .Take(size + 1)
            .ToList();
        var items = ids.Take(size).Select(id => ItemView(id, 0)).ToList();
        return Task.FromResult(new Page<QuestionItemView>(items, ids.Count > size ? ids[size - 1] : null));
    }

    public Task<IReadOnlyList<HistoryEntry>> History(long fromVersion, int maxCount) => ReadHistory(fromVersion, maxCount);

    protected override IReadOnlyList<DirectoryChange> DirectoryChanges(QuestionBankState stateAfter, long versionAfter) =>
    [
        new DirectoryChange(
            DirectoryKinds.QuestionBank,
            StreamId,
            DirectoryKinds.TopLevel,
            $"{stateAfter.Spec.DisplayName} {stateAfter.Spec.CompetencyId}".ToLowerInvariant(),
            Serialize(ViewOf(stateAfter, versionAfter))),
    ];

    /// <summary>The rules an item's content must keep whatever the client checked.</summary>
    private static void EnsureConsistent(QuestionItemSpec content)
    {
        var options = content.Options.Count;
        if (options is < 2 or > 8 || (content.Kind == QuestionKind.TrueFalse && options != 2))
        {
            throw TrainingException.Invalid("item.options", content.Kind == QuestionKind.TrueFalse ? "a true/false item has exactly two options." : "an item has 2..8 options.");
        }

        if (content.CorrectOptions.Any(i => i < 0 || i >= options) || content.CorrectOptions.Distinct().Count() != content.CorrectOptions.Count)
        {
            throw TrainingException.Invalid("item.correct_options", "each correct option is a distinct index into options.");
        }

        var expectOne = content.Kind is QuestionKind.SingleChoice or QuestionKind.TrueFalse;
        if ((expectOne && content.CorrectOptions.Count != 1) || content.CorrectOptions.Count == 0)
        {
            throw TrainingException.Invalid("item.correct_options", expectOne ? "exactly one option is correct." : "at least one option is correct.");
        }
    }

    private void EnsureExists()
    {
        if (!State.Exists)
        {
            throw TrainingException.NotFound(StreamId);
        }
    }

    private QuestionItemState FindItem(string itemId) => FindItem(State, itemId);

    private QuestionItemState FindItem(QuestionBankState s, string itemId) =>
        s.Items.TryGetValue(itemId, out var item) ? item : throw TrainingException.NotFound(ItemName(itemId));

    private string ItemName(string itemId) => $"{StreamId}/items/{itemId}";

    private QuestionItemView ItemView(string itemId, int revision) => ItemViewOf(State, itemId, revision);

    private QuestionItemView ItemViewOf(QuestionBankState s, string itemId, int revision)
    {
        var item = FindItem(s, itemId);
        if (revision < 0 || revision > item.Revisions.Count)
        {
            throw TrainingException.NotFound($"{ItemName(itemId)} revision {revision}");
        }

        var number = revision == 0 ? item.Revisions.Count : revision;
        return new QuestionItemView(ItemName(itemId), number, item.Revisions[number - 1], item.Retired, item.UpdateTime);
    }

    private QuestionBankView View()
    {
        EnsureExists();
        return ViewOf(State, Version);
    }

    private QuestionBankView ViewOf(QuestionBankState s, long version)
    {
        var retired = s.Items.Values.Count(i => i.Retired);
        return new QuestionBankView(StreamId, s.Spec.DisplayName, s.Spec.FrameworkName, s.Spec.CompetencyId, s.Items.Count - retired, retired, version, s.CreateTime, s.UpdateTime);
    }
}
