using DomainKioskState = Training.Grains.KioskState;
using ProtoKiosk = Training.Contracts.V1.Kiosk;
using ProtoKioskState = Training.Contracts.V1.KioskState;

namespace Training.Api.Mapping;

/// <summary>Kiosks between the grains' <see cref="KioskView"/> and the contract. The device token is never mapped from a view.</summary>
public static class KioskMapping
{
    public static ProtoKiosk ToKiosk(this KioskView view) => new()
    {
        Name = view.Name,
        DisplayName = view.DisplayName,
        Room = view.Room,
        Center = view.CenterName,
        State = view.State.ToProto(),
        RevokeReason = view.RevokeReason,
        RevokeTime = view.RevokeTime?.ToTimestamp(),
        CredentialGeneration = view.CredentialGeneration,
        Etag = Etags.From(view.Version),
        CreateTime = view.CreateTime.ToTimestamp(),
        UpdateTime = view.UpdateTime.ToTimestamp(),
    };

    public static KioskSpec ToSpec(this ProtoKiosk kiosk) => new(kiosk.DisplayName, kiosk.Room);

    /// <summary>The fields of <paramref name="kiosk"/> named by <paramref name="paths"/> (from an update mask); the others stay null.</summary>
    public static KioskPatch ToPatch(this ProtoKiosk kiosk, IReadOnlySet<string> paths) => new(
        DisplayName: paths.Contains("display_name") ? kiosk.DisplayName : null,
        Room: paths.Contains("room") ? kiosk.Room : null);

    public static ProtoKioskState ToProto(this DomainKioskState state) => state switch
    {
        DomainKioskState.Active => ProtoKioskState.Active,
        DomainKioskState.Revoked => ProtoKioskState.Revoked,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not a kiosk state of the contract."),
    };
}
