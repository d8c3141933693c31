using System.Globalization;
using Training.Grains.EventSourcing;

namespace Training.Grains.Kiosks;

/// <summary>An event in a kiosk's history.</summary>
[GenerateSerializer, Alias("training.KioskEvent")]
public abstract record KioskEvent : DomainEvent;

[GenerateSerializer, Alias("kiosk.registered.v1")]
public sealed record KioskRegistered([property: Id(0)] KioskSpec Spec) : KioskEvent
{
    public override string Describe() => $"Registered as \"{Spec.DisplayName}\" in room \"{Spec.Room}\".";
}

[GenerateSerializer, Alias("kiosk.renamed.v1")]
public sealed record KioskRenamed([property: Id(0)] string DisplayName) : KioskEvent
{
    public override string Describe() => $"Renamed to \"{DisplayName}\".";
}

[GenerateSerializer, Alias("kiosk.moved.v1")]
public sealed record KioskMoved([property: Id(0)] string FromRoom, [property: Id(1)] string ToRoom) : KioskEvent
{
    public override string Describe() => $"Moved from room \"{FromRoom}\" to \"{ToRoom}\".";
}

/// <summary>A credential of generation <see cref="Generation"/> was issued; every earlier generation stopped working.</summary>
[GenerateSerializer, Alias("kiosk.credential-issued.v1")]
public sealed record KioskCredentialIssued([property: Id(0)] int Generation) : KioskEvent
{
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"Credential generation {Generation} issued.");
}

[GenerateSerializer, Alias("kiosk.revoked.v1")]
public sealed record KioskRevoked([property: Id(0)] string Reason) : KioskEvent
{
    public override string Describe() => $"Revoked: {Reason}.";
}

/// <summary>A kiosk's state, rebuilt from its events. It holds the generation of the current credential, never a credential.</summary>
[GenerateSerializer, Alias("training.KioskGrainState")]
public sealed class KioskGrainState : EventSourcedState<KioskEvent>
{
    [Id(0)]
    public bool Registered { get; set; }

    [Id(1)]
    public KioskSpec Spec { get; set; } = new(string.Empty, string.Empty);

    [Id(2)]
    public KioskState State { get; set; }

    [Id(3)]
    public string RevokeReason { get; set; } = string.Empty;

    [Id(4)]
    public DateTimeOffset? RevokeTime { get; set; }

    [Id(5)]
    public int CredentialGeneration { get; set; }

    protected override void When(KioskEvent @event)
    {
        switch (@event)
        {
            case KioskRegistered e:
                Registered = true;
                Spec = e.Spec;
                State = KioskState.Active;
                break;
            case KioskRenamed e:
                Spec = Spec with { DisplayName = e.DisplayName };
                break;
            case KioskMoved e:
                Spec = Spec with { Room = e.ToRoom };
                break;
            case KioskCredentialIssued e:
                CredentialGeneration = e.Generation;
                break;
            case KioskRevoked e:
                State = KioskState.Revoked;
                RevokeReason = e.Reason;
                RevokeTime = e.At;
                break;
        }
    }
}
