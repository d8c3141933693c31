using static Training.Api.Mapping.CatalogueMapping;

namespace Training.Api.Services;

/// <summary>
/// training.v1.QuestionBankService: validates requests, maps them to the question bank grain
/// (keyed by the bank's resource name; it owns its items) and maps its views back. No domain rules here.
/// </summary>
public sealed class QuestionBankApi(IGrainFactory grains) : QuestionBankService.QuestionBankServiceBase
{
    private const string Collection = "questionBanks";
    private const int MaxQuery = 100;

    public override async Task<QuestionBank> CreateQuestionBank(CreateQuestionBankRequest request, ServerCallContext context)
    {
        var validator = new Validator().ResourceId("question_bank_id", request.QuestionBankId).RequestId("request_id", request.RequestId);
        var spec = ToQuestionBankSpec(Required(validator, "question_bank", request.QuestionBank), validator, "question_bank");
        validator.ThrowIfInvalid();
        var view = await BankGrain(ResourceNames.QuestionBank(request.QuestionBankId)).Create(spec, Callers.Command(context, request.RequestId));
        return ToProto(view);
    }

    public override async Task<QuestionBank> GetQuestionBank(GetQuestionBankRequest request, ServerCallContext context)
    {
        QuestionBankName(new Validator(), "name", request.Name).ThrowIfInvalid();
        return ToProto(await BankGrain(request.Name).Get());
    }

    public override async Task<ListQuestionBanksResponse> ListQuestionBanks(ListQuestionBanksRequest request, ServerCallContext context)
    {
        var validator = new Validator().OptionalText("query", request.Query, MaxQuery);
        var page = Paging.Request(validator, Collection, request.PageSize, request.PageToken, request.Query);
        validator.ThrowIfInvalid();
        var result = await grains.GetGrain<IDirectoryGrain>(0).ListQuestionBanks(page);
        return new ListQuestionBanksResponse
        {
            QuestionBanks = { result.Items.Select(ToProto) },
            NextPageToken = Paging.NextToken(Collection, result),
        };
    }

    public override async Task<QuestionBank> UpdateQuestionBank(UpdateQuestionBankRequest request, ServerCallContext context)
    {
        var validator = new Validator().RequestId("request_id", request.RequestId);
        _ = FieldMasks.Paths(validator, request.UpdateMask, "display_name");
        var bank = Required(validator, "question_bank", request.QuestionBank);
        QuestionBankName(validator, "question_bank.name", bank.Name);

        // display_name is the only field that can change, so every valid update is a rename.
        var expectedVersion = Etags.ToExpectedVersion(validator, "question_bank.etag", bank.Etag);
        var displayName = ToQuestionBankDisplayName(bank, validator, "question_bank");
        validator.ThrowIfInvalid();
        var view = await BankGrain(bank.Name).Rename(displayName, expectedVersion, Callers.Command(context, request.RequestId));
        return ToProto(view);
    }

    public override async Task<QuestionItem> CreateQuestionItem(CreateQuestionItemRequest request, ServerCallContext context)
    {
        var validator = QuestionBankName(new Validator(), "parent", request.Parent)
            .ResourceId("item_id", request.ItemId)
            .RequestId("request_id", request.RequestId);
        var spec = ToQuestionItemSpec(Required(validator, "item", request.Item), validator, "item");
        validator.ThrowIfInvalid();
        return ToProto(await BankGrain(request.Parent).AddItem(request.ItemId, spec, Callers.Command(context, request.RequestId)));
    }

    public override async Task<QuestionItem> ReviseQuestionItem(ReviseQuestionItemRequest request, ServerCallContext context)
    {
        var validator = new Validator().RequestId("request_id", request.RequestId);
        var item = Required(validator, "item", request.Item);
        var (bankName, itemId) = QuestionItemName(validator, "item.name", item.Name);
        var spec = ToQuestionItemSpec(item, validator, "item");
        validator.ThrowIfInvalid();
        return ToProto(await BankGrain(bankName).ReviseItem(itemId, spec, Callers.Command(context, request.RequestId)));
    }

    public override async Task<QuestionItem> RetireQuestionItem(RetireQuestionItemRequest request, ServerCallContext context)
    {
        var validator = new Validator().RequestId("request_id", request.RequestId);
        var (bankName, itemId) = QuestionItemName(validator, "name", request.Name);
        validator.ThrowIfInvalid();
        return ToProto(await BankGrain(bankName).RetireItem(itemId, Callers.Command(context, request.RequestId)));
    }

    public override async Task<QuestionItem> GetQuestionItem(GetQuestionItemRequest request, ServerCallContext context)
    {
        var validator = new Validator().Check(request.Revision >= 0, "revision", "must be 0 (the latest) or a revision number.");
        var (bankName, itemId) = QuestionItemName(validator, "name", request.Name);
        validator.ThrowIfInvalid();
        return ToProto(await BankGrain(bankName).GetItem(itemId, request.Revision));
    }

    public override async Task<ListQuestionItemsResponse> ListQuestionItems(ListQuestionItemsRequest request, ServerCallContext context)
    {
        var collection = $"items:{request.Parent}";
        var validator = QuestionBankName(new Validator(), "parent", request.Parent);
        var page = Paging.Request(validator, collection, request.PageSize, request.PageToken);
        validator.ThrowIfInvalid();
        var result = await BankGrain(request.Parent).ListItems(page, request.ShowRetired);
        return new ListQuestionItemsResponse
        {
            Items = { result.Items.Select(ToProto) },
            NextPageToken = Paging.NextToken(collection, result),
        };
    }

    private IQuestionBankGrain BankGrain(string name) => grains.GetGrain<IQuestionBankGrain>(name);
}
