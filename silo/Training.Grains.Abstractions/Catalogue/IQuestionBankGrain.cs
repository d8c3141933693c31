namespace Training.Grains;

/// <summary>A bank of quick-test items for one competency. Key: <c>questionBanks/{bank}</c>.</summary>
public interface IQuestionBankGrain : IGrainWithStringKey
{
    /// <summary>Creates the bank. AlreadyExists; NotFound for an unknown framework or competency; FailedPrecondition for a retired competency.</summary>
    Task<QuestionBankView> Create(QuestionBankSpec spec, CommandContext context);

    /// <summary>The bank; NotFound if never created.</summary>
    Task<QuestionBankView> Get();

    /// <summary>Renames the bank. Aborted if <paramref name="expectedVersion"/> (when &gt; 0) is stale.</summary>
    Task<QuestionBankView> Rename(string displayName, long expectedVersion, CommandContext context);

    /// <summary>Adds an item at revision 1. AlreadyExists for a used item id; InvalidArgument for inconsistent options.</summary>
    Task<QuestionItemView> AddItem(string itemId, QuestionItemSpec content, CommandContext context);

    /// <summary>Adds the next revision of an item. NotFound; FailedPrecondition if retired.</summary>
    Task<QuestionItemView> ReviseItem(string itemId, QuestionItemSpec content, CommandContext context);

    /// <summary>Retires an item: no longer drawn for new tests, still readable.</summary>
    Task<QuestionItemView> RetireItem(string itemId, CommandContext context);

    /// <summary>An item at a revision (0 = latest). NotFound if the item or revision is unknown.</summary>
    Task<QuestionItemView> GetItem(string itemId, int revision);

    /// <summary>Items (latest revision each) ordered by id, keyset-paged by item id.</summary>
    Task<Page<QuestionItemView>> ListItems(PageRequest page, bool includeRetired);

    /// <summary>The bank's history, oldest first.</summary>
    Task<IReadOnlyList<HistoryEntry>> History(long fromVersion, int maxCount);
}
