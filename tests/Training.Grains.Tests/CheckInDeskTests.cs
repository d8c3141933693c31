using Training.Grains.Kiosks;

namespace Training.Grains.Tests;

/// <summary>The check-in desk's own rules, without a cluster.</summary>
public sealed class CheckInRulesTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 3, 8, 0, 0, TimeSpan.Zero);

    private static KioskScan Scan(string credential = "ZP-0001", DateTimeOffset? at = null, string key = "k-1", string? session = null, CredentialKind kind = CredentialKind.StaffNumber) =>
        new(kind, credential, at ?? Now, key, session);

    private static RoomSession Session(string id, DateTimeOffset start, CheckInPolicy? policy = null) =>
        new($"regions/r/counties/c/centers/t/batches/b/sessions/{id}", "regions/r/counties/c/centers/t/batches/b", id, start, start.AddHours(2), policy ?? CheckInPolicy.Default);

    [Fact]
    public void A_well_formed_scan_passes_and_each_malformed_part_is_named()
    {
        Assert.Null(CheckInRules.Malformed(Scan(), Now));
        Assert.Null(CheckInRules.Malformed(Scan(at: Now.AddHours(23)), Now));
        Assert.Null(CheckInRules.Malformed(Scan(session: "regions/r/counties/c/centers/t/batches/b/sessions/s1"), Now));

        Assert.Contains("credential kind", CheckInRules.Malformed(Scan(kind: 0), Now), StringComparison.Ordinal);
        Assert.Contains("credential", CheckInRules.Malformed(Scan(" "), Now), StringComparison.Ordinal);
        Assert.Contains("credential", CheckInRules.Malformed(Scan(new string('1', 201)), Now), StringComparison.Ordinal);
        Assert.Contains("idempotency key", CheckInRules.Malformed(Scan(key: string.Empty), Now), StringComparison.Ordinal);
        Assert.Contains("idempotency key", CheckInRules.Malformed(Scan(key: new string('k', 101)), Now), StringComparison.Ordinal);
        Assert.Contains("more than a day ahead", CheckInRules.Malformed(Scan(at: Now.AddDays(1).AddSeconds(1)), Now), StringComparison.Ordinal);
        Assert.Contains("before 2000", CheckInRules.Malformed(Scan(at: new DateTimeOffset(1999, 12, 31, 23, 0, 0, TimeSpan.Zero)), Now), StringComparison.Ordinal);
        Assert.Contains("session name", CheckInRules.Malformed(Scan(session: "regions/r/batches/b/sessions/s1"), Now), StringComparison.Ordinal);
    }

    [Fact]
    public void A_staff_number_or_QR_payload_names_a_staff_member_and_junk_names_none()
    {
        Assert.Equal("staff/ZP-0001", CheckInRules.StaffNameOf(CredentialKind.StaffNumber, " ZP-0001 "));
        Assert.Equal("staff/ZP-0001", CheckInRules.StaffNameOf(CredentialKind.QrCode, "staff/ZP-0001"));
        Assert.Equal("staff/ZP-0001", CheckInRules.StaffNameOf(CredentialKind.QrCode, "ZP-0001"));
        Assert.Null(CheckInRules.StaffNameOf(CredentialKind.StaffNumber, "staff/ZP-0001"));
        Assert.Null(CheckInRules.StaffNameOf(CredentialKind.QrCode, "https://example.org/?id=1"));
        Assert.Null(CheckInRules.StaffNameOf(CredentialKind.QrCode, "staff/../x"));
        Assert.Null(CheckInRules.StaffNameOf(CredentialKind.Card, "CARD-1"));
        Assert.Null(CheckInRules.StaffNameOf(CredentialKind.StaffNumber, new string('1', 41)));
    }

    [Fact]
    public void A_session_name_splits_into_batch_and_id()
    {
        Assert.Equal(("regions/r/counties/c/centers/t/batches/b", "s-1"), CheckInRules.SplitSessionName("regions/r/counties/c/centers/t/batches/b/sessions/s-1"));
        Assert.Null(CheckInRules.SplitSessionName("regions/r/counties/c/centers/t/batches/b/sessions/"));
        Assert.Null(CheckInRules.SplitSessionName("regions/r/counties/c/centers/t/batches/b/sessions/s/x"));
        Assert.Null(CheckInRules.SplitSessionName("regions/r/counties/c/centers/t/kiosks/b/sessions/s"));
        Assert.Null(CheckInRules.SplitSessionName("s1"));
    }

    [Fact]
    public void The_window_with_skew_decides_and_of_several_sessions_the_nearest_start_wins()
    {
        var nine = Now.AddHours(1);
        var session = Session("s1", nine); // window 08:30..09:30, ± 2 min skew

        Assert.True(CheckInRules.WindowHolds(session, nine.AddMinutes(-32)));
        Assert.False(CheckInRules.WindowHolds(session, nine.AddMinutes(-32).AddSeconds(-1)));
        Assert.True(CheckInRules.WindowHolds(session, nine.AddMinutes(32)));
        Assert.False(CheckInRules.WindowHolds(session, nine.AddMinutes(32).AddSeconds(1)));

        var later = Session("s2", nine.AddMinutes(50)); // window 09:20..10:10
        Assert.Equal("s1", CheckInRules.SessionAt([later, session], nine.AddMinutes(24))?.SessionId);
        Assert.Equal("s2", CheckInRules.SessionAt([session, later], nine.AddMinutes(26))?.SessionId);
        Assert.Equal("s1", CheckInRules.SessionAt([later, session], nine.AddMinutes(25))?.SessionId); // a tie: the earlier
        Assert.Null(CheckInRules.SessionAt([session, later], nine.AddHours(3)));
        Assert.Null(CheckInRules.SessionAt([], nine));

        var strict = Session("s3", nine, new CheckInPolicy(EarlyMinutes: 0, OnTimeMinutes: 0, LateMinutes: 0, ClockSkewSeconds: 0));
        Assert.True(CheckInRules.WindowHolds(strict, nine));
        Assert.False(CheckInRules.WindowHolds(strict, nine.AddSeconds(1)));
    }
}
