using Training.Api.Mapping;
using Training.Api.Security;
using DomainHistoryEntry = Training.Grains.HistoryEntry;
using ProtoHistoryEntry = Training.Contracts.V1.HistoryEntry;

namespace Training.Api.Services;

/// <summary>
/// The staff registry (training.v1.StaffService): validates each request fully, then calls the staff
/// member's grain (keyed <c>staff/{staff_id}</c>), the registrar for bulk registration, or the directory.
/// </summary>
public sealed class StaffApi(IGrainFactory grains) : StaffService.StaffServiceBase
{
    /// <summary>Most rows in one batch or one chunk of an import.</summary>
    public const int MaxBatchRows = 5000;

    /// <summary>History entries read from the grain per step of a history stream.</summary>
    public const int StreamPageSize = 500;

    private const int MaxDisplayName = 100;
    private const int MaxReason = 500;
    private const int MaxPhone = 40;
    private const int MaxEmail = 200;
    private const int MaxQuery = 100;
    private const int MaxCardId = 64;

    private const string StaffName = "must be a staff member name: staff/{staff_id} with a staff id of [A-Za-z0-9][A-Za-z0-9-]{0,39}.";
    private const string StaffId = "must match [A-Za-z0-9][A-Za-z0-9-]{0,39}.";
    private const string CenterName = "must be a centre name: regions/{region}/counties/{county}/centers/{center}.";

    /// <summary>What an update without a mask changes: the profile; the card only when the mask names it.</summary>
    private static readonly string[] ProfilePaths = ["display_name", "post", "phone", "email"];

    /// <summary>Every field an update mask may name, and every field a new staff member is checked for.</summary>
    private static readonly string[] UpdatablePaths = [.. ProfilePaths, "card_id"];
    private static readonly HashSet<string> AllProfilePaths = new(UpdatablePaths, StringComparer.Ordinal);

    public override async Task<StaffMember> CreateStaffMember(CreateStaffMemberRequest request, ServerCallContext context)
    {
        CheckRow(Mutation(request.RequestId), request).ThrowIfInvalid();
        var registered = await StaffGrain(ResourceNames.Staff(request.StaffMemberId)).Register(request.StaffMember.ToSpec(), Callers.Command(context, request.RequestId));
        return registered.ToStaffMember();
    }

    public override async Task<BatchCreateStaffMembersResponse> BatchCreateStaffMembers(BatchCreateStaffMembersRequest request, ServerCallContext context)
    {
        CheckBatch(request).ThrowIfInvalid();
        return await Register(request, context);
    }

    public override async Task ImportStaffMembers(IAsyncStreamReader<BatchCreateStaffMembersRequest> requestStream, IServerStreamWriter<BatchCreateStaffMembersResponse> responseStream, ServerCallContext context)
    {
        var requestIds = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var chunk in requestStream.ReadAllAsync(context.CancellationToken))
        {
            CheckBatch(chunk)
                .Check(requestIds.Add(chunk.RequestId), "request_id", "was already used by an earlier chunk of this stream; give every chunk its own.")
                .ThrowIfInvalid();
            await responseStream.WriteAsync(await Register(chunk, context), context.CancellationToken);
        }
    }

    public override async Task<StaffMember> GetStaffMember(GetStaffMemberRequest request, ServerCallContext context)
    {
        new Validator().Check(ResourceNames.IsStaff(request.Name), "name", StaffName).ThrowIfInvalid();
        return (await StaffGrain(request.Name).Get()).ToStaffMember();
    }

    public override async Task<ListStaffMembersResponse> ListStaffMembers(ListStaffMembersRequest request, ServerCallContext context)
    {
        // The query is part of the collection: a token of one search is refused by another.
        var collection = $"staff:{request.Parent}:{request.Query}";
        var validator = new Validator()
            .Check(ResourceNames.IsCenter(request.Parent), "parent", CenterName)
            .OptionalText("query", request.Query, MaxQuery);
        var pageRequest = Paging.Request(validator, collection, request.PageSize, request.PageToken, request.Query);
        validator.ThrowIfInvalid();
        var page = await Directory.ListStaff(request.Parent, pageRequest);
        return new ListStaffMembersResponse { StaffMembers = { page.Items.Select(StaffMapping.ToStaffMember) }, NextPageToken = Paging.NextToken(collection, page) };
    }

    public override async Task<StaffMember> UpdateStaffMember(UpdateStaffMemberRequest request, ServerCallContext context)
    {
        var member = request.StaffMember ?? new StaffMember();
        var validator = Mutation(request.RequestId).Check(ResourceNames.IsStaff(member.Name), "staff_member.name", StaffName);
        var paths = request.UpdateMask is { Paths.Count: > 0 } mask ? FieldMasks.Paths(validator, mask, UpdatablePaths) : FieldMasks.Paths(validator, null, ProfilePaths);
        var expectedVersion = Etags.ToExpectedVersion(validator, "staff_member.etag", member.Etag);
        CheckProfile(validator, member, paths).ThrowIfInvalid();
        var updated = await StaffGrain(member.Name).Update(member.ToPatch(paths), expectedVersion, Callers.Command(context, request.RequestId));
        return updated.ToStaffMember();
    }

    public override async Task<StaffMember> TransferStaffMember(TransferStaffMemberRequest request, ServerCallContext context)
    {
        Mutation(request.RequestId)
            .Check(ResourceNames.IsStaff(request.Name), "name", StaffName)
            .Check(ResourceNames.IsCenter(request.ToCenter), "to_center", CenterName)
            .OptionalText("reason", request.Reason, MaxReason)
            .ThrowIfInvalid();
        return (await StaffGrain(request.Name).Transfer(request.ToCenter, request.Reason, Callers.Command(context, request.RequestId))).ToStaffMember();
    }

    public override async Task<StaffMember> StartStaffLeave(StartStaffLeaveRequest request, ServerCallContext context)
    {
        Mutation(request.RequestId)
            .Check(ResourceNames.IsStaff(request.Name), "name", StaffName)
            .RequiredText("reason", request.Reason, MaxReason)
            .ThrowIfInvalid();
        return (await StaffGrain(request.Name).StartLeave(request.Reason, Callers.Command(context, request.RequestId))).ToStaffMember();
    }

    public override async Task<StaffMember> EndStaffLeave(EndStaffLeaveRequest request, ServerCallContext context)
    {
        Mutation(request.RequestId).Check(ResourceNames.IsStaff(request.Name), "name", StaffName).ThrowIfInvalid();
        return (await StaffGrain(request.Name).ReturnFromLeave(Callers.Command(context, request.RequestId))).ToStaffMember();
    }

    public override async Task<StaffMember> DepartStaffMember(DepartStaffMemberRequest request, ServerCallContext context)
    {
        Mutation(request.RequestId)
            .Check(ResourceNames.IsStaff(request.Name), "name", StaffName)
            .RequiredText("reason", request.Reason, MaxReason)
            .ThrowIfInvalid();
        return (await StaffGrain(request.Name).Depart(request.Reason, Callers.Command(context, request.RequestId))).ToStaffMember();
    }

    public override async Task<ListStaffMemberHistoryResponse> ListStaffMemberHistory(ListStaffMemberHistoryRequest request, ServerCallContext context)
    {
        // The token is the last version shown.
        var collection = $"history:{request.Name}";
        var validator = new Validator().Check(ResourceNames.IsStaff(request.Name), "name", StaffName);
        var pageRequest = Paging.Request(validator, collection, request.PageSize, request.PageToken);
        var afterVersion = HistoryPages.AfterVersion(validator, pageRequest.AfterKey);
        validator.ThrowIfInvalid();
        var staff = StaffGrain(request.Name);
        var (entries, next) = await HistoryPages.ReadAsync(collection, pageRequest, afterVersion, staff.History, staff.Get);
        return new ListStaffMemberHistoryResponse { Entries = { entries.Select(StaffMapping.ToProto) }, NextPageToken = next };
    }

    public override async Task StreamStaffMemberHistory(StreamStaffMemberHistoryRequest request, IServerStreamWriter<ProtoHistoryEntry> responseStream, ServerCallContext context)
    {
        new Validator().Check(ResourceNames.IsStaff(request.Name), "name", StaffName).ThrowIfInvalid();
        var staff = StaffGrain(request.Name);
        IReadOnlyList<DomainHistoryEntry> entries;
        var fromVersion = 1L;
        do
        {
            entries = await staff.History(fromVersion, StreamPageSize).WaitAsync(context.CancellationToken);
            if (fromVersion == 1 && entries.Count == 0)
            {
                await staff.Get(); // a registered staff member has at least one entry: this answers NotFound
            }

            foreach (var entry in entries)
            {
                await responseStream.WriteAsync(entry.ToProto(), context.CancellationToken);
            }

            fromVersion = entries.Count > 0 ? entries[^1].Version + 1 : fromVersion;
        }
        while (entries.Count == StreamPageSize);
    }

    private IStaffMemberGrain StaffGrain(string name) => grains.GetGrain<IStaffMemberGrain>(name);

    private IStaffRegistrarGrain Registrar => grains.GetGrain<IStaffRegistrarGrain>(0);

    private IDirectoryGrain Directory => grains.GetGrain<IDirectoryGrain>(0);

    /// <summary>
    /// Registers the valid rows of a validated batch in one registrar call; invalid rows are answered
    /// INVALID_ARGUMENT, rows at a centre the caller may not register staff at PERMISSION_DENIED (decided per row by
    /// the authorization policy, <see cref="BatchRowAuthorization"/>), and neither is sent. Results come back in the
    /// batch's row order.
    /// </summary>
    private async Task<BatchCreateStaffMembersResponse> Register(BatchCreateStaffMembersRequest batch, ServerCallContext context)
    {
        var rows = BatchRowAuthorization.Of(context);
        var results = new StaffMemberResult?[batch.Requests.Count];
        var sent = new List<(int Index, StaffRegistration Row)>(batch.Requests.Count);
        for (var i = 0; i < batch.Requests.Count; i++)
        {
            var row = batch.Requests[i];
            var validator = CheckRow(new Validator(), row);
            if (!validator.IsValid)
            {
                results[i] = new StaffMemberResult { Index = i, Status = StatusMapping.ForViolations(validator.Violations) };
            }
            else if (!rows.Allows(row.StaffMember.Center))
            {
                results[i] = new StaffMemberResult { Index = i, Status = SecurityStatus.RowDenied(rows.Method, row.StaffMember.Center) };
            }
            else
            {
                sent.Add((i, new StaffRegistration(row.StaffMemberId, row.StaffMember.ToSpec())));
            }
        }

        if (sent.Count > 0)
        {
            var answers = await Registrar.RegisterMany(sent.ConvertAll(s => s.Row), Callers.Command(context, batch.RequestId));
            foreach (var answer in answers)
            {
                var (index, row) = sent[answer.Index];
                results[index] = ToResult(index, row, answer);
            }
        }

        return ToResponse(results);
    }

    private static BatchCreateStaffMembersResponse ToResponse(StaffMemberResult?[] results)
    {
        var response = new BatchCreateStaffMembersResponse();
        for (var i = 0; i < results.Length; i++)
        {
            response.Results.Add(results[i] ?? throw new InvalidOperationException($"The registrar gave no result for row {i}."));
        }

        response.CreatedCount = response.Results.Count(r => r.Status.Code == (int)Google.Rpc.Code.Ok);
        response.FailedCount = response.Results.Count - response.CreatedCount;
        return response;
    }

    private static StaffMemberResult ToResult(int index, StaffRegistration row, StaffRegistrationResult answer) => answer switch
    {
        { Error: null, Staff: { } staff } => new() { Index = index, StaffMember = staff.ToStaffMember(), Status = StatusMapping.Ok() },
        { Error: { } kind } => new() { Index = index, Status = StatusMapping.ForRow(kind, answer.Message, Subject(kind, row)) },
        _ => throw new InvalidOperationException($"The registrar answered row {index} with neither a staff member nor an error."),
    };

    /// <summary>
    /// What a refused row is about (the registrar's results carry no subject): registration answers NotFound for a
    /// missing centre and FailedPrecondition for an archived one; anything else concerns the staff member.
    /// </summary>
    private static string Subject(ErrorKind kind, StaffRegistration row) =>
        kind is ErrorKind.NotFound or ErrorKind.FailedPrecondition ? row.Spec.CenterName : ResourceNames.Staff(row.StaffId);

    private static Validator Mutation(string requestId) => new Validator().RequestId("request_id", requestId);

    private static Validator CheckBatch(BatchCreateStaffMembersRequest batch) =>
        Mutation(batch.RequestId).Check(batch.Requests.Count is >= 1 and <= MaxBatchRows, "requests", $"must hold 1..{MaxBatchRows} rows.");

    /// <summary>One new staff member (a CreateStaffMember request or one row of a batch; the row's request_id is not used).</summary>
    private static Validator CheckRow(Validator validator, CreateStaffMemberRequest row)
    {
        var member = row.StaffMember ?? new StaffMember();
        validator
            .Check(ResourceNames.IsValidStaffId(row.StaffMemberId), "staff_member_id", StaffId)
            .Check(ResourceNames.IsCenter(member.Center), "staff_member.center", CenterName);
        return CheckProfile(validator, member, AllProfilePaths);
    }

    /// <summary>The profile fields named by <paramref name="paths"/>.</summary>
    private static Validator CheckProfile(Validator validator, StaffMember member, IReadOnlySet<string> paths)
    {
        if (paths.Contains("display_name"))
        {
            validator.RequiredText("staff_member.display_name", member.DisplayName, MaxDisplayName);
        }

        if (paths.Contains("post"))
        {
            validator.Defined("staff_member.post", member.Post);
        }

        if (paths.Contains("phone"))
        {
            validator
                .Check(member.Phone.Length <= MaxPhone, "staff_member.phone", $"must be at most {MaxPhone} characters.")
                .Check(member.Phone.All(IsPhoneCharacter), "staff_member.phone", "may contain only digits, spaces, + and -.");
        }

        if (paths.Contains("email") && member.Email.Length > 0)
        {
            validator
                .OptionalText("staff_member.email", member.Email, MaxEmail)
                .Check(IsEmailShaped(member.Email), "staff_member.email", "must contain one '@' between a name and a domain.");
        }

        if (paths.Contains("card_id"))
        {
            // Empty: no card (on an update, the card is taken away).
            validator
                .Check(member.CardId.Length <= MaxCardId, "staff_member.card_id", $"must be at most {MaxCardId} characters.")
                .Check(member.CardId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'), "staff_member.card_id", "may contain only letters A-Z, a-z, digits and -.");
        }

        return validator;
    }

    private static bool IsPhoneCharacter(char c) => char.IsAsciiDigit(c) || c is ' ' or '+' or '-';

    private static bool IsEmailShaped(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < email.Length - 1 && at == email.LastIndexOf('@');
    }
}
