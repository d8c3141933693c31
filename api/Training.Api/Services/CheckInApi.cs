using Training.Api.Mapping;
using Training.Api.Security;
using DomainCheckInRejection = Training.Grains.CheckInRejection;
using DomainCheckInResult = Training.Grains.CheckInResult;
using DomainKioskScan = Training.Grains.KioskScan;
using ProtoCheckInResult = Training.Contracts.V1.CheckInResult;
using ProtoKioskScan = Training.Contracts.V1.KioskScan;

namespace Training.Api.Services;

/// <summary>
/// Kiosk check-in (training.v1.CheckInService): validates the request, then hands a live scan made with the kiosk's
/// device token to the kiosk's grain (<see cref="IKioskGrain.CheckIn"/>: the token's credential check and the check-in
/// in one call) and a replay to the check-in desk (<see cref="ICheckInDeskGrain"/>, a stateless worker); either
/// identifies the staff, finds the sessions and has their batches record them. A single check-in that is refused
/// answers the refusal as a status (NOT_FOUND for an unknown credential, INVALID_ARGUMENT for a malformed record or a
/// scan in the future, FAILED_PRECONDITION whose PreconditionFailure type is the rejection's name otherwise); a replay
/// answers one result per record, malformed records among them REJECTED as INVALID without reaching the desk.
/// </summary>
public sealed class CheckInApi(IGrainFactory grains, IKioskCredentials credentials) : CheckInService.CheckInServiceBase
{
    /// <summary>Most records in one replay.</summary>
    public const int MaxReplayRecords = 500;

    private const int MaxCredential = 200;

    private const string KioskName = "must be a kiosk name: regions/{region}/counties/{county}/centers/{center}/kiosks/{kiosk}.";
    private const string SessionName = "must be a session name: regions/{region}/counties/{county}/centers/{center}/batches/{batch}/sessions/{session}.";

    public override async Task<ProtoCheckInResult> CheckIn(CheckInRequest request, ServerCallContext context)
    {
        var validator = new Validator().Check(ResourceNames.IsKiosk(request.Kiosk), "kiosk", KioskName);
        if (request.Scan is null)
        {
            validator.Fail("scan", "is required.");
        }
        else
        {
            CheckScan(validator, "scan", request.Scan);
        }

        var device = DeviceCheckByCall.Of(context.GetHttpContext());
        if (!validator.IsValid && device is not null)
        {
            // A token its kiosk refuses is Unauthenticated before the request is judged, as on every other call.
            await AuthorizationInterceptor.EnsureDeviceCurrent(credentials, device.Kiosk, device.Generation);
        }

        validator.ThrowIfInvalid();
        var scan = request.Scan!.ToDomain();
        var command = Callers.Command(context, scan.IdempotencyKey);

        // A kiosk's device token: its credential is checked by the kiosk's grain in the same call as the check-in.
        var result = device is not null
            ? await CheckInAtKiosk(device, request.Kiosk, scan, command)
            : await Desk.CheckIn(request.Kiosk, scan, command);
        return result.Outcome == Training.Grains.CheckInOutcome.Rejected ? throw Refusal(request, result).ToRpcException() : result.ToProto();
    }

    public override async Task<ReplayCheckInsResponse> ReplayCheckIns(ReplayCheckInsRequest request, ServerCallContext context)
    {
        new Validator()
            .Check(ResourceNames.IsKiosk(request.Kiosk), "kiosk", KioskName)
            .Check(request.Scans.Count is >= 1 and <= MaxReplayRecords, "scans", $"must hold 1..{MaxReplayRecords} records (the limit is {MaxReplayRecords} per replay; send more in several).")
            .ThrowIfInvalid();

        var results = new ProtoCheckInResult?[request.Scans.Count];
        var sent = new List<(int Index, DomainKioskScan Scan)>(request.Scans.Count);
        for (var i = 0; i < request.Scans.Count; i++)
        {
            var scan = request.Scans[i];
            var validator = CheckScan(new Validator(), $"scans[{i}]", scan);
            if (validator.IsValid)
            {
                sent.Add((i, scan.ToDomain()));
            }
            else
            {
                results[i] = Malformed(scan, validator.Violations);
            }
        }

        if (sent.Count > 0)
        {
            var answers = await Desk.Replay(request.Kiosk, sent.ConvertAll(s => s.Scan), Callers.Command(context, Guid.NewGuid().ToString("N")));
            foreach (var answer in answers)
            {
                results[sent[answer.Index].Index] = answer.ToProto();
            }
        }

        var response = new ReplayCheckInsResponse();
        for (var i = 0; i < results.Length; i++)
        {
            response.Results.Add(results[i] ?? throw new InvalidOperationException($"The check-in desk gave no result for record {i}."));
        }

        return response;
    }

    private ICheckInDeskGrain Desk => grains.Cached<ICheckInDeskGrain>(0);

    /// <summary>
    /// The scan, through the kiosk's grain, which checks the token's credential generation in the same call; a generation
    /// it does not take is refused as the authorization refuses any call with that token (Unauthenticated, with why).
    /// </summary>
    private async Task<DomainCheckInResult> CheckInAtKiosk(DeviceCheckByCall device, string kiosk, DomainKioskScan scan, CommandContext command)
    {
        if (!string.Equals(device.Kiosk, kiosk, StringComparison.Ordinal))
        {
            // The policy lets a kiosk check in at itself only; a call that got here otherwise is a fault of the table.
            throw new InvalidOperationException($"A device token of {device.Kiosk} reached a check-in at {kiosk}.");
        }

        if (await grains.Cached<IKioskGrain>(kiosk).CheckIn(device.Generation, scan, command) is { } result)
        {
            return result;
        }

        // Refused: a second call says why. Were it current by now, the credential changed during the call.
        await AuthorizationInterceptor.EnsureDeviceCurrent(credentials, device.Kiosk, device.Generation);
        throw new RpcException(new Status(StatusCode.Unavailable, $"The credential of {device.Kiosk} changed during the call; retry."));
    }

    /// <summary>One scan: exactly one credential of 1..200 characters, an idempotency key, a scan time (2000 .. 5 years ahead; the desk allows one day ahead), optionally a session name.</summary>
    private static Validator CheckScan(Validator validator, string field, ProtoKioskScan scan)
    {
        var (kind, text, credentialField) = scan.Credential();
        if (kind is null)
        {
            validator.Fail($"{field}.credential", "is required: exactly one of card_id, qr_payload or staff_number.");
        }
        else
        {
            validator.RequiredText($"{field}.{credentialField}", text, MaxCredential);
        }

        validator.RequestId($"{field}.idempotency_key", scan.IdempotencyKey);
        validator.RequiredTime($"{field}.scan_time", scan.ScanTime);
        return validator.Check(scan.Session.Length == 0 || ResourceNames.IsSession(scan.Session), $"{field}.session", SessionName);
    }

    /// <summary>A replayed record that did not pass validation: REJECTED as INVALID, naming the first offending field.</summary>
    private static ProtoCheckInResult Malformed(ProtoKioskScan scan, IReadOnlyList<FieldViolation> violations) => new()
    {
        IdempotencyKey = Validator.Excerpt(scan.IdempotencyKey, Validator.MaxRequestIdLength),
        Outcome = Training.Contracts.V1.CheckInOutcome.Rejected,
        Rejection = Training.Contracts.V1.CheckInRejection.Invalid,
        Message = string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")),
        Session = Validator.Excerpt(scan.Session, Validator.MaxDetailLength),
        ScanTime = new Validator().RequiredTime("scan_time", scan.ScanTime) is { } time ? time.ToTimestamp() : null,
    };

    /// <summary>The status of a refused single check-in, as the contract names it for each rejection.</summary>
    private static Google.Rpc.Status Refusal(CheckInRequest request, DomainCheckInResult result) => result.Rejection switch
    {
        DomainCheckInRejection.UnknownCredential => StatusMapping.ForRow(ErrorKind.NotFound, result.Message, CredentialResource(request.Scan)),
        DomainCheckInRejection.Invalid or DomainCheckInRejection.ScanInFuture => StatusMapping.ForViolations([new FieldViolation("scan.scan_time", result.Message)]),
        DomainCheckInRejection.NotEnrolled => StatusMapping.PreconditionFailed(result.Rejection.ProtoName(), result.StaffName, result.Message),
        _ => StatusMapping.PreconditionFailed(result.Rejection.ProtoName(), result.SessionName.Length > 0 ? result.SessionName : request.Kiosk, result.Message),
    };

    /// <summary>What an unknown credential names: <c>cards/{card_id}</c>, or <c>staff/{staff_id}</c> for a QR code or staff number.</summary>
    private static string CredentialResource(ProtoKioskScan scan)
    {
        var (kind, text, _) = scan.Credential();
        var excerpt = Validator.Excerpt(text.Trim(), 100);
        return kind switch
        {
            CredentialKind.Card => $"cards/{excerpt}",
            _ when excerpt.StartsWith("staff/", StringComparison.Ordinal) => excerpt,
            _ => ResourceNames.Staff(excerpt),
        };
    }
}
