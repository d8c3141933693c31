using System.Collections.Concurrent;

namespace Training.Benchmarks;

/// <summary>
/// Sends check-ins and keeps what they answered: every acknowledged check-in (ACCEPTED for the staff member and session
/// expected) for the read-back after the run, duplicates apart (they are cheaper and would flatter the figures), and
/// every other answer or error by kind.
/// </summary>
internal sealed class CheckInTally
{
    private readonly ConcurrentQueue<(string Session, string Staff)> acknowledged = new();
    private readonly ConcurrentDictionary<string, int> failures = new(StringComparer.Ordinal);
    private int duplicates;

    public IReadOnlyCollection<(string Session, string Staff)> Acknowledged => acknowledged;

    public int Duplicates => Volatile.Read(ref duplicates);

    public int Failures => failures.Values.Sum();

    /// <summary>The most frequent failures, e.g. for the report: "n× what".</summary>
    public IEnumerable<string> TopFailures(int count) =>
        failures.OrderByDescending(f => f.Value).Take(count).Select(f => $"{Report.N(f.Value)}× {f.Key}");

    /// <summary>Checks staff member <paramref name="k"/> in at <paramref name="room"/>'s kiosk, over gRPC with the kiosk's own token.</summary>
    public async Task CheckInAsync(RushRoom room, int k)
    {
        try
        {
            var result = await room.CheckIn.CheckInAsync(room.Scan(k));
            switch (result.Outcome)
            {
                case CheckInOutcome.Accepted when result.StaffMember == room.StaffName(k) && result.Session == room.Session
                    && result.Mark is AttendanceMark.Present or AttendanceMark.Late:
                    acknowledged.Enqueue((result.Session, result.StaffMember));
                    break;
                case CheckInOutcome.Accepted:
                    Fail($"ACCEPTED but for {result.StaffMember} in {result.Session} marked {result.Mark}");
                    break;
                case CheckInOutcome.Duplicate:
                    Interlocked.Increment(ref duplicates);
                    break;
                default:
                    Fail($"{result.Outcome} {result.Rejection}: {result.Message}");
                    break;
            }
        }
        catch (RpcException e)
        {
            Fail($"{e.StatusCode}: {(e.Status.Detail.Length > 160 ? e.Status.Detail[..160] + "…" : e.Status.Detail)}");
        }
    }

    /// <summary>Keeps the answer of a check-in made in-process (diagnostic phases): acknowledged when accepted for whom and where expected.</summary>
    public void Record(RushRoom room, int k, bool accepted, string staff, string session, string otherwise)
    {
        if (accepted && staff == room.StaffName(k) && session == room.Session)
        {
            acknowledged.Enqueue((session, staff));
        }
        else
        {
            Fail(accepted ? $"accepted in-process but for {staff} in {session}" : otherwise);
        }
    }

    private void Fail(string what) => failures.AddOrUpdate(what, 1, (_, n) => n + 1);
}
