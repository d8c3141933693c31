using Training.EventStore;
using Training.Grains;
using static Training.Benchmarks.Measure;
using DomainCheckInOutcome = Training.Grains.CheckInOutcome;
using DomainKioskScan = Training.Grains.KioskScan;

namespace Training.Benchmarks;

/// <summary>
/// Where the time of a check-in goes (diagnostic, <c>morning-rush --phases</c>): parts of the path entered at lower
/// layers of the same running host, at the same concurrency over the same rooms, fresh staff where a check-in is
/// recorded (those are acknowledged check-ins too, read back with the others).
/// </summary>
internal static class RushPhases
{
    private const string SessionId = "morning";

    /// <summary>About the size of a check-in event as the batch stores it.</summary>
    private const int CheckInEventBytes = 200;

    public static async Task<IReadOnlyList<(string Name, LoadRun Run)>> RunAsync(BenchHost host, RushWorld world, CheckInTally tally, int concurrency, int calls, TimeSpan limit)
    {
        var grains = host.Grains;
        var store = host.Store;
        var context = new CommandContext(string.Empty, "bench-kiosk", "kiosk");
        var results = new List<(string, LoadRun)>();

        Report.Step("phase: IKioskGrain.CheckIn in-process, as a live scan's grains run it (no gRPC, no authentication), fresh staff");
        results.Add(("kiosk grain's check-in in-process: credential generation, desk reads, batch CheckIn with its commit", await world.LanesAsync(concurrency, room => room.KioskGrain.TryTake, async (room, k) =>
        {
            var (kind, credential) = (k % 3) switch
            {
                0 => (CredentialKind.Card, room.CardId(k)),
                1 => (CredentialKind.QrCode, room.StaffName(k)),
                _ => (CredentialKind.StaffNumber, room.StaffId(k)),
            };
            var scan = new DomainKioskScan(kind, credential, DateTimeOffset.UtcNow, Guid.NewGuid().ToString("N"));
            var result = await grains.GetGrain<IKioskGrain>(room.Kiosk).CheckIn(1, scan, context)
                ?? throw new InvalidOperationException($"{room.Kiosk} refused credential generation 1.");
            tally.Record(room, k, result.Outcome == DomainCheckInOutcome.Accepted, result.StaffName, result.SessionName, $"{result.Outcome} {result.Rejection}: {result.Message}");
        }, limit)));

        Report.Step("phase: ICourseBatchGrain.CheckIn of one record in-process (the batch's judgement and commit alone), fresh staff");
        results.Add(("batch grain alone: judge + 1 event committed", await world.LanesAsync(concurrency, room => room.Grain.TryTake, async (room, k) =>
        {
            var record = new BatchCheckIn(0, SessionId, room.StaffName(k), DateTimeOffset.UtcNow, room.Kiosk, room.Center, room.RoomId, Guid.NewGuid().ToString("N"));
            var result = (await grains.GetGrain<ICourseBatchGrain>(room.Batch).CheckIn([record], context))[0];
            tally.Record(room, k, result.Outcome == DomainCheckInOutcome.Accepted, result.StaffName, result.SessionName, $"{result.Outcome} {result.Rejection}: {result.Message}");
        }, limit)));

        Report.Step($"phase: the store alone, one {CheckInEventBytes}-byte event per commit on {world.Rooms.Count} streams, each one commit at a time (as the batches commit)");
        results.Add(($"store alone: IEventStore.AppendAsync, 1 event, {world.Rooms.Count} streams one commit at a time", await StoreAppendAsync(store, world.Rooms.Count, calls)));

        Report.Step("phase: the desk's store reads alone: staff-card entry + the room's schedule");
        results.Add(("desk's store reads alone: GetDirectoryEntry(staff-card) + QueryDirectory(room schedule)", await ClosedLoopAsync(calls, concurrency, async i =>
        {
            var room = world.Rooms[i % world.Rooms.Count];
            Check(await store.GetDirectoryEntryAsync("staff-card", room.CardId(0)) is not null, $"no staff-card entry for {room.CardId(0)}");
            var from = DateTimeOffset.UtcNow.AddHours(-12);
            var entries = await store.QueryDirectoryAsync(new DirectoryQuery(RoomSchedule.Kind, RoomSchedule.Parent(room.Center, room.RoomId), RoomSchedule.After(room.Center, room.RoomId, from), 50));
            Check(entries.Count > 0, $"no schedule for {room.RoomId} of {room.Center}");
        })));

        Report.Step("phase: bearer-token validation alone, each kiosk's device token: the JSON web token handler, then the host's remembering handler in front of it");
        var bearer = host.Bearer;
        var remembering = bearer.TokenHandlers.OfType<Training.Api.Security.RememberingTokenHandler>().Single();
        var fresh = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler { MapInboundClaims = false };
        results.Add(("token validation alone: JsonWebTokenHandler (signature, lifetime, issuer, audience; every call)", await ClosedLoopAsync(calls, concurrency, async i =>
            Check((await fresh.ValidateTokenAsync(world.Rooms[i % world.Rooms.Count].DeviceToken, bearer.TokenValidationParameters.Clone())).IsValid, "device token refused"))));
        results.Add(("token validation alone: the host's RememberingTokenHandler (validated once a minute per token)", await ClosedLoopAsync(calls, concurrency, async i =>
            Check((await remembering.ValidateTokenAsync(world.Rooms[i % world.Rooms.Count].DeviceToken, bearer.TokenValidationParameters.Clone())).IsValid, "device token refused"))));

        Report.Step("phase: the kiosk grain alone: Get (the desk's) + IsCredentialValid (the authentication's)");
        results.Add(("kiosk grain alone: IKioskGrain.Get + IsCredentialValid", await ClosedLoopAsync(calls, concurrency, async i =>
        {
            var kiosk = grains.GetGrain<IKioskGrain>(world.Rooms[i % world.Rooms.Count].Kiosk);
            _ = await kiosk.Get();
            Check(await kiosk.IsCredentialValid(1), "kiosk credential refused");
        })));
        return results;
    }

    /// <summary>One event per commit on <paramref name="streams"/> streams of their own, each stream one commit at a time.</summary>
    private static async Task<LoadRun> StoreAppendAsync(IEventStore store, int streams, int calls)
    {
        var payload = new byte[CheckInEventBytes];
        Random.Shared.NextBytes(payload);
        var prefix = $"bench-rush/{Guid.NewGuid():N}/";
        var latencies = new double[calls];
        var next = -1;
        var cpu = ProcessCpu();
        var elapsed = await TimeAsync(() => Task.WhenAll(Enumerable.Range(0, streams).Select(stream => Task.Run(async () =>
        {
            var version = 0L;
            int i;
            while ((i = Interlocked.Increment(ref next)) < calls)
            {
                var started = Stopwatch.GetTimestamp();
                var outcome = await store.AppendAsync(new StreamCommit(prefix + stream, version, [new EventToAppend("bench.checked-in.v1", payload, DateTimeOffset.UtcNow)]));
                Check(outcome == AppendOutcome.Appended, $"store append {outcome}");
                version++;
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }))));
        return new LoadRun(calls, elapsed, new Stats(latencies), ProcessCpu() - cpu);
    }
}
