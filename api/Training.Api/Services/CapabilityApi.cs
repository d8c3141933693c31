using Training.Api.Mapping;
using ProtoCapabilityProfile = Training.Contracts.V1.CapabilityProfile;
using ProtoOutcomeIndicator = Training.Contracts.V1.OutcomeIndicator;

namespace Training.Api.Services;

/// <summary>
/// Capability profiles, satisfaction results, post profiles, centre outcome indicators and the archive export
/// (training.v1.CapabilityService): validates each request fully, then calls the staff member's grain, the post
/// profile grain (<c>frameworks/{f}/postProfiles/{post}</c>) or the centre's outcomes grain (<c>{center}/outcomes</c>).
/// The capability rules themselves live in the grains (Training.Grains.Capability.CapabilityRules).
/// </summary>
public sealed class CapabilityApi(IGrainFactory grains) : CapabilityService.CapabilityServiceBase
{
    /// <summary>History entries read from the grain per chunk of an archive export.</summary>
    public const int ArchivePageSize = 500;

    /// <summary>The longest a profile stream waits for evidence in one grain call.</summary>
    public static readonly TimeSpan WatchStep = TimeSpan.FromSeconds(20);

    /// <summary>A trajectory's step when none is given.</summary>
    public static readonly TimeSpan DefaultStep = TimeSpan.FromDays(30);

    private const string ProfileSuffix = "/capabilityProfile";
    private const string ProfileName = "must be a capability profile name: staff/{staff_id}/capabilityProfile.";
    private const string StaffName = "must be a staff member name: staff/{staff_id} with a staff id of [A-Za-z0-9][A-Za-z0-9-]{0,39}.";
    private const string FrameworkName = "must be a framework name: frameworks/{framework}.";
    private const string PostProfileName = "must be a post profile name: frameworks/{framework}/postProfiles/{post} with a post such as hotline-12345.";
    private const string CompetencyId = "must be a competency id: [a-z0-9][a-z0-9-]{0,62}.";
    private const string CenterName = "must be a centre name: regions/{region}/counties/{county}/centers/{center}.";

    public override async Task<ProtoCapabilityProfile> GetCapabilityProfile(GetCapabilityProfileRequest request, ServerCallContext context)
    {
        var validator = new Validator();
        var staff = StaffOfProfile(validator, request.Name);
        CheckFramework(validator, request.Framework);
        var asOf = request.AsOfTime is null ? (DateTimeOffset?)null : validator.RequiredTime("as_of_time", request.AsOfTime);
        validator.ThrowIfInvalid();
        return (await Staff(staff).CapabilityProfile(request.Framework, asOf)).ToProto();
    }

    public override async Task<CapabilityTrajectory> GetCapabilityTrajectory(GetCapabilityTrajectoryRequest request, ServerCallContext context)
    {
        var validator = new Validator();
        var staff = StaffOfProfile(validator, request.Name);
        CheckFramework(validator, request.Framework);
        var from = validator.RequiredTime("start_time", request.StartTime);
        var to = request.EndTime is null ? DateTimeOffset.UtcNow : validator.RequiredTime("end_time", request.EndTime);
        var step = DefaultStep;
        if (request.Step is { } given)
        {
            var valid = given.Seconds >= 0 && given.Nanos is >= 0 and <= 999_999_999 && (given.Seconds > 0 || given.Nanos > 0) && given.Seconds <= 3650L * 86400;
            validator.Check(valid, "step", "must be positive and at most 3,650 days.");
            step = valid ? given.ToTimeSpan() : DefaultStep;
        }

        validator.ThrowIfInvalid();
        return (await Staff(staff).CapabilityTrajectory(request.Framework, from!.Value, to!.Value, step)).ToProto();
    }

    /// <summary>
    /// Sends the profile, then waits on the staff record (a long poll of up to <see cref="WatchStep"/>) and sends it
    /// again each time evidence arrived, until the client cancels or <c>max_duration</c> passes.
    /// </summary>
    public override async Task StreamCapabilityProfile(StreamCapabilityProfileRequest request, IServerStreamWriter<ProtoCapabilityProfile> responseStream, ServerCallContext context)
    {
        var validator = new Validator();
        var staffName = StaffOfProfile(validator, request.Name);
        CheckFramework(validator, request.Framework);
        var duration = CourseBatchApi.StreamDuration(validator, "max_duration", request.MaxDuration);
        validator.ThrowIfInvalid();

        var staff = Staff(staffName);
        using var open = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        open.CancelAfter(duration);
        try
        {
            var count = await staff.WatchEvidence(int.MaxValue, TimeSpan.Zero).WaitAsync(open.Token);
            await responseStream.WriteAsync((await staff.CapabilityProfile(request.Framework, null).WaitAsync(open.Token)).ToProto(), open.Token);
            while (true)
            {
                var next = await staff.WatchEvidence(count, WatchStep).WaitAsync(open.Token);
                if (next > count)
                {
                    count = next;
                    await responseStream.WriteAsync((await staff.CapabilityProfile(request.Framework, null).WaitAsync(open.Token)).ToProto(), open.Token);
                }
            }
        }
        catch (OperationCanceledException) when (open.IsCancellationRequested)
        {
            // The client went away or max_duration passed: the stream ends.
        }
    }

    public override async Task<RecordSatisfactionResultResponse> RecordSatisfactionResult(RecordSatisfactionResultRequest request, ServerCallContext context)
    {
        var validator = new Validator().RequestId("request_id", request.RequestId)
            .Check(ResourceNames.IsStaff(request.StaffMember), "staff_member", StaffName)
            .Check(IsCompetencyId(request.Competency), "competency", CompetencyId)
            .RequiredText("result_id", request.ResultId, 200)
            .OptionalText("detail", request.Detail, 500);
        CheckFramework(validator, request.Framework);
        var observed = validator.RequiredTime("observe_time", request.ObserveTime);
        validator.Check(request.OutcomeCase != RecordSatisfactionResultRequest.OutcomeOneofCase.None, "rating", "give a rating (1..5) or satisfied.")
            .Check(request.OutcomeCase != RecordSatisfactionResultRequest.OutcomeOneofCase.Rating || request.Rating is >= 1 and <= 5, "rating", "must be 1..5.");

        validator.ThrowIfInvalid();
        var result = new SatisfactionResult(
            request.ResultId,
            request.Framework,
            request.Competency,
            request.OutcomeCase == RecordSatisfactionResultRequest.OutcomeOneofCase.Rating ? request.Rating : 0,
            request.OutcomeCase == RecordSatisfactionResultRequest.OutcomeOneofCase.Satisfied ? request.Satisfied : null,
            observed!.Value,
            request.Detail);
        var evidence = await Staff(request.StaffMember).RecordSatisfaction(result, Callers.Command(context, request.RequestId));
        return new RecordSatisfactionResultResponse { EvidenceId = evidence.EvidenceId, Score = evidence.Score };
    }

    public override async Task<PostProfile> GetPostProfile(GetPostProfileRequest request, ServerCallContext context)
    {
        CheckPostProfile(new Validator(), "name", request.Name).ThrowIfInvalid();
        return (await PostProfileGrain(request.Name).Get()).ToProto();
    }

    public override async Task<ListPostProfilesResponse> ListPostProfiles(ListPostProfilesRequest request, ServerCallContext context)
    {
        new Validator().Check(ResourceNames.IsFramework(request.Parent), "parent", FrameworkName).ThrowIfInvalid();
        await grains.GetGrain<ICompetencyFrameworkGrain>(request.Parent).Get(0);
        var response = new ListPostProfilesResponse();
        foreach (var post in PostProfileNames.Posts)
        {
            var profile = PostProfileGrain(PostProfileNames.Of(request.Parent, post));
            if (await Exists(profile))
            {
                response.PostProfiles.Add((await profile.Get()).ToProto());
            }
        }

        return response;
    }

    public override async Task<PostProfile> UpdatePostProfile(UpdatePostProfileRequest request, ServerCallContext context)
    {
        var validator = new Validator().RequestId("request_id", request.RequestId);
        var profile = CatalogueMapping.Required(validator, "post_profile", request.PostProfile);
        CheckPostProfile(validator, "post_profile.name", profile.Name);
        var expectedVersion = Etags.ToExpectedVersion(validator, "post_profile.etag", profile.Etag);
        validator.Check(profile.Requirements.Count <= 200, "post_profile.requirements", "at most 200.");
        var requirements = new List<RequiredLevel>(profile.Requirements.Count);
        for (var i = 0; i < Math.Min(profile.Requirements.Count, 200); i++)
        {
            var r = profile.Requirements[i];
            validator.Check(IsCompetencyId(r.Competency), $"post_profile.requirements[{i}].competency", CompetencyId)
                .Check(r.Level is >= 1 and <= 10, $"post_profile.requirements[{i}].level", "must lie on the framework's scale (1..10 at most).");
            requirements.Add(new RequiredLevel(r.Competency, r.Level));
        }

        validator.ThrowIfInvalid();
        var grain = PostProfileGrain(profile.Name);
        if (!request.AllowMissing && !await Exists(grain))
        {
            throw TrainingException.NotFound(profile.Name);
        }

        return (await grain.Set(requirements, expectedVersion, Callers.Command(context, request.RequestId))).ToProto();
    }

    public override async Task<DeletePostProfileResponse> DeletePostProfile(DeletePostProfileRequest request, ServerCallContext context)
    {
        CheckPostProfile(new Validator().RequestId("request_id", request.RequestId), "name", request.Name).ThrowIfInvalid();
        await PostProfileGrain(request.Name).Delete(Callers.Command(context, request.RequestId));
        return new DeletePostProfileResponse();
    }

    public override async Task<ProtoOutcomeIndicator> RecordOutcomeIndicator(RecordOutcomeIndicatorRequest request, ServerCallContext context)
    {
        var validator = new Validator().RequestId("request_id", request.RequestId)
            .Check(ResourceNames.IsCenter(request.Center), "center", CenterName)
            .Check(IsCompetencyId(request.Indicator), "indicator", "must match [a-z0-9][a-z0-9-]{0,62}.")
            .OptionalText("display_name", request.DisplayName, 100)
            .OptionalText("unit", request.Unit, 20);
        var value = CatalogueMapping.Required(validator, "value", request.Value);
        var start = validator.RequiredTime("value.period_start_time", value.PeriodStartTime);
        var end = validator.RequiredTime("value.period_end_time", value.PeriodEndTime);
        validator.OptionalText("value.note", value.Note, 500)
            .Check(double.IsFinite(value.Value) && value.Value >= 0, "value.value", "must be a finite number, 0 or more.");
        validator.ThrowIfInvalid();
        var outcome = new OutcomeValue(request.Indicator, request.DisplayName, request.Unit, start!.Value, end!.Value, value.Value, request.Baseline, value.Note);
        return (await Outcomes(request.Center).Record(outcome, Callers.Command(context, request.RequestId))).ToProto();
    }

    public override async Task<ListOutcomeIndicatorsResponse> ListOutcomeIndicators(ListOutcomeIndicatorsRequest request, ServerCallContext context)
    {
        new Validator().Check(ResourceNames.IsCenter(request.Parent), "parent", CenterName).ThrowIfInvalid();
        await grains.GetGrain<ICenterGrain>(request.Parent).Get();
        return new ListOutcomeIndicatorsResponse { OutcomeIndicators = { (await Outcomes(request.Parent).List()).Select(i => i.ToProto()) } };
    }

    public override async Task ExportStaffArchive(ExportStaffArchiveRequest request, IServerStreamWriter<ArchiveChunk> responseStream, ServerCallContext context)
    {
        CheckArchive(new Validator(), request.Name, request.Format).ThrowIfInvalid();
        var document = new ArchiveDocument(request.Format);
        await WriteArchiveAsync(grains, request.Name, document, bytes => responseStream.WriteAsync(new ArchiveChunk { ContentType = document.ContentType, Data = Google.Protobuf.ByteString.CopyFrom(bytes) }, context.CancellationToken));
    }

    /// <summary>Validates an archive request (shared by the RPC and the plain HTTP downloads).</summary>
    public static Validator CheckArchive(Validator validator, string name, ArchiveFormat format)
    {
        ArgumentNullException.ThrowIfNull(validator);
        return validator.Check(ResourceNames.IsStaff(name), "name", StaffName).Defined("format", format);
    }

    /// <summary>
    /// Writes the whole archive of <paramref name="staffName"/> through <paramref name="write"/>, oldest first: the staff
    /// record's events, a page of <see cref="ArchivePageSize"/> per piece, merged by record time with the attendance
    /// facts of every batch in their enrolments (and of the batches whose make-up sessions they booked), which the
    /// batches keep (<see cref="ICourseBatchGrain.AttendanceHistoryOf"/>). NotFound (before anything is written) for a
    /// staff member never registered.
    /// </summary>
    public static async Task WriteArchiveAsync(IGrainFactory grains, string staffName, ArchiveDocument document, Func<byte[], Task> write)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(write);
        var staff = grains.GetGrain<IStaffMemberGrain>(staffName);
        await staff.Get();
        var attendance = new Queue<ArchiveRow>(await AttendanceRowsAsync(grains, staffName, await staff.Enrolments()));
        var fromVersion = 1L;
        while (true)
        {
            var entries = await staff.History(fromVersion, ArchivePageSize);
            if (entries.Count == 0)
            {
                break;
            }

            var rows = new List<ArchiveRow>(entries.Count);
            foreach (var entry in entries)
            {
                while (attendance.Count > 0 && attendance.Peek().RecordTime < entry.RecordedAt)
                {
                    rows.Add(attendance.Dequeue());
                }

                rows.Add(ArchiveRow.Of(entry));
            }

            await write(document.Piece(rows));
            fromVersion = entries[^1].Version + 1;
        }

        if (attendance.Count > 0)
        {
            await write(document.Piece([.. attendance]));
        }

        if (document.End() is { Length: > 0 } end)
        {
            await write(end);
        }
    }

    /// <summary>
    /// The staff member's attendance facts of every batch they were enrolled in, then of the batches holding the make-up
    /// sessions they booked (those batches are not in their enrolments), ordered by record time.
    /// </summary>
    private static async Task<List<ArchiveRow>> AttendanceRowsAsync(IGrainFactory grains, string staffName, IReadOnlyList<StaffEnrolment> enrolments)
    {
        var rows = new List<ArchiveRow>();
        var read = new HashSet<string>(StringComparer.Ordinal);
        var next = enrolments.Select(e => e.BatchName).Distinct(StringComparer.Ordinal).ToList();
        while (next.Count > 0)
        {
            read.UnionWith(next);
            var batches = await Task.WhenAll(next.Select(async batch => (batch, facts: await grains.GetGrain<ICourseBatchGrain>(batch).AttendanceHistoryOf(staffName))));
            rows.AddRange(batches.SelectMany(b => b.facts.Select(f => ArchiveRow.Of(b.batch, f))));
            next = [.. batches.SelectMany(b => b.facts)
                .Select(f => ResourceNames.TryParseSession(f.RelatedSession, out var batch, out _) ? batch : string.Empty)
                .Where(batch => batch.Length > 0 && !read.Contains(batch))
                .Distinct(StringComparer.Ordinal)];
        }

        return [.. rows.OrderBy(r => r.RecordTime)];
    }

    private static async Task<bool> Exists(IPostProfileGrain profile)
    {
        try
        {
            await profile.Get();
            return true;
        }
        catch (TrainingException e) when (e.Kind == ErrorKind.NotFound)
        {
            return false;
        }
    }

    private static string StaffOfProfile(Validator validator, string name)
    {
        var staff = name.EndsWith(ProfileSuffix, StringComparison.Ordinal) ? name[..^ProfileSuffix.Length] : string.Empty;
        validator.Check(ResourceNames.IsStaff(staff), "name", ProfileName);
        return staff;
    }

    /// <summary>An id of a competency or an indicator: [a-z0-9][a-z0-9-]{0,62}.</summary>
    private static bool IsCompetencyId(string id) => id.Length is > 0 and <= 63 && ResourceNames.IsValidId(id);

    private static Validator CheckFramework(Validator validator, string name) => validator.Check(ResourceNames.IsFramework(name), "framework", FrameworkName);

    private static Validator CheckPostProfile(Validator validator, string field, string name) =>
        validator.Check(PostProfileNames.TryParse(name, out var framework, out _) && ResourceNames.IsFramework(framework), field, PostProfileName);

    private IStaffMemberGrain Staff(string name) => grains.GetGrain<IStaffMemberGrain>(name);

    private IPostProfileGrain PostProfileGrain(string name) => grains.GetGrain<IPostProfileGrain>(name);

    private ICenterOutcomesGrain Outcomes(string center) => grains.GetGrain<ICenterOutcomesGrain>($"{center}/outcomes");
}
