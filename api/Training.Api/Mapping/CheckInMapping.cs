using DomainAttendanceMark = Training.Grains.AttendanceMark;
using DomainCheckInOutcome = Training.Grains.CheckInOutcome;
using DomainCheckInRejection = Training.Grains.CheckInRejection;
using DomainCheckInResult = Training.Grains.CheckInResult;
using DomainKioskScan = Training.Grains.KioskScan;
using ProtoAttendanceMark = Training.Contracts.V1.AttendanceMark;
using ProtoCheckInOutcome = Training.Contracts.V1.CheckInOutcome;
using ProtoCheckInRejection = Training.Contracts.V1.CheckInRejection;
using ProtoCheckInResult = Training.Contracts.V1.CheckInResult;
using ProtoKioskScan = Training.Contracts.V1.KioskScan;

namespace Training.Api.Mapping;

/// <summary>Kiosk scans and check-in results between the contract and the grains.</summary>
public static class CheckInMapping
{
    private static readonly Google.Protobuf.Reflection.EnumDescriptor RejectionDescriptor =
        CheckInServiceReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("CheckInRejection");

    /// <summary>The credential a scan carries: which kind and its text; null kind when the scan names none.</summary>
    public static (CredentialKind? Kind, string Text, string Field) Credential(this ProtoKioskScan scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        return scan.CredentialCase switch
        {
            ProtoKioskScan.CredentialOneofCase.CardId => (CredentialKind.Card, scan.CardId, "card_id"),
            ProtoKioskScan.CredentialOneofCase.QrPayload => (CredentialKind.QrCode, scan.QrPayload, "qr_payload"),
            ProtoKioskScan.CredentialOneofCase.StaffNumber => (CredentialKind.StaffNumber, scan.StaffNumber, "staff_number"),
            _ => (null, string.Empty, "credential"),
        };
    }

    /// <summary>The scan of a validated <paramref name="scan"/> (one credential, a scan time).</summary>
    public static DomainKioskScan ToDomain(this ProtoKioskScan scan)
    {
        var (kind, text, _) = scan.Credential();
        return new DomainKioskScan(
            kind ?? throw new ArgumentException("The scan names no credential; validate it first.", nameof(scan)),
            text,
            scan.ScanTime.ToDateTimeOffset(),
            scan.IdempotencyKey,
            scan.Session.Length > 0 ? scan.Session : null);
    }

    public static ProtoCheckInResult ToProto(this DomainCheckInResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new ProtoCheckInResult
        {
            IdempotencyKey = result.IdempotencyKey,
            Outcome = result.Outcome.ToProto(),
            Rejection = result.Rejection.ToProto(),
            Message = result.Message,
            StaffMember = result.StaffName,
            StaffDisplayName = result.StaffDisplayName,
            Session = result.SessionName,
            Mark = result.Mark?.ToCheckInMark() ?? ProtoAttendanceMark.Unspecified,
            ScanTime = result.ScanTime.ToTimestamp(),
            RecordTime = result.RecordTime?.ToTimestamp(),
        };
    }

    public static ProtoCheckInOutcome ToProto(this DomainCheckInOutcome outcome) => outcome switch
    {
        DomainCheckInOutcome.Accepted => ProtoCheckInOutcome.Accepted,
        DomainCheckInOutcome.Duplicate => ProtoCheckInOutcome.Duplicate,
        DomainCheckInOutcome.Rejected => ProtoCheckInOutcome.Rejected,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Not a check-in outcome of the contract."),
    };

    public static ProtoCheckInRejection ToProto(this DomainCheckInRejection rejection) => rejection switch
    {
        DomainCheckInRejection.None => ProtoCheckInRejection.Unspecified,
        DomainCheckInRejection.UnknownCredential => ProtoCheckInRejection.UnknownCredential,
        DomainCheckInRejection.NotEnrolled => ProtoCheckInRejection.NotEnrolled,
        DomainCheckInRejection.OutsideWindow => ProtoCheckInRejection.OutsideWindow,
        DomainCheckInRejection.NoSessionInRoom => ProtoCheckInRejection.NoSessionInRoom,
        DomainCheckInRejection.SessionCancelled => ProtoCheckInRejection.SessionCancelled,
        DomainCheckInRejection.SessionClosed => ProtoCheckInRejection.SessionClosed,
        DomainCheckInRejection.WrongRoom => ProtoCheckInRejection.WrongRoom,
        DomainCheckInRejection.ScanInFuture => ProtoCheckInRejection.ScanInFuture,
        DomainCheckInRejection.BatchNotRunning => ProtoCheckInRejection.BatchNotRunning,
        DomainCheckInRejection.Invalid => ProtoCheckInRejection.Invalid,
        _ => throw new ArgumentOutOfRangeException(nameof(rejection), rejection, "Not a check-in rejection of the contract."),
    };

    /// <summary>The rejection's name in the contract, e.g. <c>CHECK_IN_REJECTION_OUTSIDE_WINDOW</c> (the PreconditionFailure type).</summary>
    public static string ProtoName(this DomainCheckInRejection rejection) =>
        RejectionDescriptor.FindValueByNumber((int)rejection.ToProto()).Name;

    /// <summary>A kiosk mark (present or late; the others for completeness).</summary>
    public static ProtoAttendanceMark ToCheckInMark(this DomainAttendanceMark mark) => mark switch
    {
        DomainAttendanceMark.Present => ProtoAttendanceMark.Present,
        DomainAttendanceMark.Late => ProtoAttendanceMark.Late,
        DomainAttendanceMark.Absent => ProtoAttendanceMark.Absent,
        DomainAttendanceMark.Excused => ProtoAttendanceMark.Excused,
        DomainAttendanceMark.CompletedOnline => ProtoAttendanceMark.CompletedOnline,
        _ => throw new ArgumentOutOfRangeException(nameof(mark), mark, "Not an attendance mark of the contract."),
    };
}
