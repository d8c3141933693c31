using static Training.Benchmarks.Measure;

namespace Training.Benchmarks;

/// <summary>
/// Target 3: the morning rush. K kiosks in K rooms (of several centres) check enrolled staff in over real gRPC
/// (<c>CheckInService.CheckIn</c>, each kiosk with its own device token), one running batch per room with a session
/// starting now in that room, credentials mixed (card, QR code, staff number), every scan a staff member not checked in
/// before. In one process and run: the empty-RPC ceilings at the same concurrency (a bare gRPC server's, and the same
/// empty call on the host's own endpoint and pipeline, anonymous and with a kiosk's token), a closed loop (throughput
/// ≥ 25 % of the ceiling), an open loop at a fixed offered rate (p99 ≤ 25 ms at 1,000/s, latency from each scan's scheduled send
/// time), then a new host on the same data folder reads every acknowledged check-in back (all must be there).
/// </summary>
internal static class MorningRush
{
    private const double TargetRatio = 0.25;
    private const double TargetP99Ms = 25;

    public static async Task<int> RunAsync(Args args)
    {
        var centers = args.Int("centers", 4);
        var rooms = args.Int("rooms", 40);
        var concurrency = args.Int("concurrency", 64);
        var warmUpPerLane = args.Int("warmup-per-lane", 5);
        var warmUpSeconds = args.Int("warmup-seconds", 10);
        var closedPerLane = args.Int("closed-per-lane", 0);
        var closedSeconds = args.Int("closed-seconds", 30);
        var rate = args.Int("rate", 1000);
        var seconds = args.Int("duration", 10);
        var staffPerBatch = args.Int("staff-per-batch", 0);
        var pingCalls = args.Int("ping-calls", 20_000);
        var phasePerLane = args.Flag("phases") ? args.Int("phase-per-lane", 40) : 0;
        var keep = args.Flag("keep-data");
        using var gcTrace = args.Text("gc-trace") is { } traced ? new GcTrace(allocations: traced == "allocations") : null;
        args.EnsureAllUsed();

        var plan = new RushPlan(centers, rooms, concurrency, warmUpPerLane, closedPerLane, phasePerLane, rate, seconds, 0);
        if (closedPerLane == 0)
        {
            // As many fresh staff for the closed loop as a batch holds (the contract's 500) after the warm-up and the open loop.
            plan = plan with { ClosedPerLane = plan.ClosedPerLaneFitting(staffPerBatch > 0 ? staffPerBatch : RushPlan.MaxStaffPerBatch) };
        }

        plan = plan with { StaffPerBatch = staffPerBatch > 0 ? staffPerBatch : plan.Needed };
        if (plan.ClosedPerLane < 1 || plan.StaffPerBatch < plan.Needed || plan.StaffPerBatch > RushPlan.MaxStaffPerBatch)
        {
            Console.Error.WriteLine($"Each room needs {plan.Needed} staff so that nobody is checked in twice (--staff-per-batch {plan.StaffPerBatch} given); a batch takes 1..{RushPlan.MaxStaffPerBatch}. Use more rooms, fewer scans per lane or a shorter open loop.");
            return 2;
        }

        Report.Machine();
        Console.WriteLine($"morning-rush: {rooms} kiosks in {rooms} rooms of {centers} centres, {plan.StaffPerBatch} staff enrolled per room ({Report.N(plan.TotalStaff)} staff); closed loop at {concurrency} concurrent ({plan.ClosedPerLane} scans per lane, at most {closedSeconds} s), open loop at {rate}/s for {seconds} s");
        var data = BenchHost.NewDataDirectory("rush");
        var tally = new CheckInTally();
        using var storeWatch = new StoreWatch();
        RushResult result;
        try
        {
            var host = await BenchHost.StartAsync(data);
            var noop = await NoopServer.StartAsync();
            RushWorld? world = null;
            try
            {
                Report.Step($"host started on {data}");
                var setup = Stopwatch.GetTimestamp();
                world = await RushWorld.CreateAsync(host, plan, DateTimeOffset.UtcNow);
                Report.Step($"setup done in {Stopwatch.GetElapsedTime(setup).TotalSeconds:0.0} s");
                result = await RunPhasesAsync(host, noop, world, tally, storeWatch, plan, pingCalls, TimeSpan.FromSeconds(warmUpSeconds), TimeSpan.FromSeconds(closedSeconds), gcTrace);
            }
            finally
            {
                if (world is not null)
                {
                    await world.DisposeAsync();
                }

                await noop.DisposeAsync();
                await host.StopAsync();
            }

            Report.Step("durability: host stopped; starting a new host on the same data folder to read every acknowledged check-in back");
            result = result with { Durability = await ReadBackAsync(data, world!, tally.Acknowledged) };
        }
        finally
        {
            if (!keep)
            {
                BenchHost.DeleteData(data);
            }
        }

        Console.WriteLine($"load average at end: {Report.LoadAverage()}");
        return Print(result, tally, plan);
    }

    private static async Task<RushResult> RunPhasesAsync(BenchHost host, NoopServer noop, RushWorld world, CheckInTally tally, StoreWatch store, RushPlan plan, int pingCalls, TimeSpan warmUpTime, TimeSpan closedLimit, GcTrace? gcTrace)
    {
        // Tiered JIT keeps recompiling hot paths for seconds under load: warm both paths up with the same kind of load
        // first. Fresh staff warm the accepting path (the commit) up; re-scans of them with new keys (answered DUPLICATE,
        // kept apart) the rest of the path for a while longer without using up staff.
        Report.Step($"warming up: empty RPCs, {plan.WarmUpPerLane} check-ins per lane at {plan.Concurrency} concurrent (staff not used again), then re-scans of them for {warmUpTime.TotalSeconds:0} s");
        await EmptyRpc.WarmUpAsync(noop, host);
        await Workers.ForAsync(2000, 16, i => world.Rooms[i % world.Rooms.Count].PingAsync());
        await Workers.ForAsync(2000, 16, i => world.Rooms[i % world.Rooms.Count].DevicePingAsync());
        var warmUp = await world.LanesAsync(plan.Concurrency, room => room.WarmUp.TryTake, tally.CheckInAsync, closedLimit);
        var rescans = new CheckInTally();
        var rescan = await world.LanesAsync(plan.Concurrency, room => room.WarmUp.Again, rescans.CheckInAsync, warmUpTime);
        Check(rescans.Failures == 0 && rescans.Acknowledged.Count == 0, $"re-scans of checked-in staff: {rescans.Acknowledged.Count} accepted again, {rescans.Failures} failed: {string.Join("; ", rescans.TopFailures(3))}");
        Report.Step($"warm-up: {Report.N(warmUp.Calls)} check-ins ({Report.Rate(warmUp.PerSecond)}/s), {Report.N(rescan.Calls)} re-scans answered DUPLICATE ({Report.Rate(rescan.PerSecond)}/s)");

        Report.Step($"phase 1, ceilings: the empty unary RPC on the bare gRPC server (Noop/Ping) and on the host's own endpoint and pipeline: anonymous over one connection and over one per kiosk, and with each kiosk's token; for reference the host's Health/Check and the kiosks' GetKiosk of themselves; {Report.N(pingCalls)} calls each at {plan.Concurrency} concurrent");
        var ping = await EmptyRpc.PingAsync(noop, pingCalls, plan.Concurrency);
        var hostPing = await EmptyRpc.HostPingAsync(host, pingCalls, plan.Concurrency);
        var roomPing = await Measure.ClosedLoopAsync(pingCalls, plan.Concurrency, i => world.Rooms[i % world.Rooms.Count].PingAsync());
        var devicePing = await Measure.ClosedLoopAsync(pingCalls, plan.Concurrency, i => world.Rooms[i % world.Rooms.Count].DevicePingAsync());
        var health = await EmptyRpc.HealthAsync(host, pingCalls, plan.Concurrency);
        var getKiosk = await Measure.ClosedLoopAsync(pingCalls, plan.Concurrency, i => world.Rooms[i % world.Rooms.Count].GetKioskAsync());
        var ceilings = new Ceilings(ping, hostPing, roomPing, devicePing, health, getKiosk);

        Report.Step($"phase 2, closed loop: check-ins at {plan.Concurrency} concurrent, each lane's next scan when the previous answered (load {Report.LoadAverage()})");
        var mark = store.Mark();
        var closed = await world.LanesAsync(plan.Concurrency, room => room.Closed.TryTake, tally.CheckInAsync, closedLimit);
        var closedStore = store.Since(mark);
        Report.Step($"closed loop: {Report.N(closed.Calls)} check-ins in {closed.Elapsed.TotalSeconds:0.00} s");

        Report.Step($"phase 3, open loop: {Report.N(plan.OpenScans)} check-ins offered at {plan.Rate}/s over {plan.Rooms} kiosks (load {Report.LoadAverage()})");
        mark = store.Mark();
        var open = await OpenLoopAsync(world, tally, plan.Rate, plan.OpenScans, gcTrace);
        var openStore = store.Since(mark);
        foreach (var line in gcTrace?.Describe() ?? [])
        {
            Console.WriteLine(line);
        }

        Report.Step($"open loop: sent {Report.N(open.Latency.Count)} at {Report.Rate(open.OfferedPerSecond)}/s, all answered {open.Elapsed.TotalSeconds:0.00} s after the first");
        var phases = plan.PhasePerLane > 0 ? await RushPhases.RunAsync(host, world, tally, plan.Concurrency, pingCalls, closedLimit) : [];
        return new RushResult(warmUp, rescan, ceilings, closed, closedStore, open, openStore, phases, null);
    }

    /// <summary>
    /// Scan <c>j</c> is due at <c>j / rate</c> seconds after the start, at the kiosk of room <c>j mod rooms</c>, whatever the
    /// earlier scans are doing. A dispatcher thread wakes about every millisecond and sends what is due; latency is measured
    /// from the scheduled time (so a late send or a backlog counts: no coordinated omission), and apart from the actual send.
    /// </summary>
    private static async Task<OpenRun> OpenLoopAsync(RushWorld world, CheckInTally tally, int rate, int total, GcTrace? gcTrace)
    {
        var fromScheduled = new double[total];
        var fromSent = new double[total];
        var calls = new Task[total];
        var ticksPerScan = (double)Stopwatch.Frequency / rate;
        var start = 0L;
        var lastSent = 0L;
        var dispatched = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cpu = ProcessCpu();
        var gc = GcWindow.Start();
        gcTrace?.Record();
        var dispatcher = new Thread(() =>
        {
            try
            {
                start = Stopwatch.GetTimestamp();
                for (var j = 0; j < total; j++)
                {
                    var due = start + (long)(j * ticksPerScan);
                    while (Stopwatch.GetTimestamp() < due)
                    {
                        Thread.Sleep(1);
                    }

                    calls[j] = SendAsync(j, due);
                }

                lastSent = Stopwatch.GetTimestamp();
                dispatched.SetResult();
            }
            catch (Exception e) when (e is InvalidOperationException or OutOfMemoryException)
            {
                dispatched.SetException(e);
            }
        })
        { IsBackground = true, Name = "open-loop dispatcher" };
        dispatcher.Start();
        await dispatched.Task;
        await Task.WhenAll(calls);
        var elapsed = Stopwatch.GetElapsedTime(start);
        var offered = total / ((lastSent - start) / (double)Stopwatch.Frequency);
        return new OpenRun(offered, elapsed, new Stats(fromScheduled), new Stats(fromSent), (ProcessCpu() - cpu) / elapsed, gc.Stop());

        async Task SendAsync(int j, long due)
        {
            var room = world.Rooms[j % world.Rooms.Count];
            Check(room.Open.TryTake(out var k), $"room {room.Index} ran out of open-loop staff");
            var sent = Stopwatch.GetTimestamp();
            await tally.CheckInAsync(room, k);
            var answered = Stopwatch.GetTimestamp();
            fromScheduled[j] = (answered - due) * 1000.0 / Stopwatch.Frequency;
            fromSent[j] = (answered - sent) * 1000.0 / Stopwatch.Frequency;
        }
    }

    /// <summary>Starts a new host on the run's data folder and reads every session's attendance through the API.</summary>
    private static async Task<Durability> ReadBackAsync(string data, RushWorld world, IReadOnlyCollection<(string Session, string Staff)> acknowledged)
    {
        var host = await BenchHost.StartAsync(data);
        try
        {
            var recorded = new HashSet<(string, string)>();
            foreach (var room in world.Rooms)
            {
                var attendance = await host.Batches.GetSessionAttendanceAsync(new GetSessionAttendanceRequest { Name = room.Session });
                foreach (var record in attendance.Records.Where(r => r.Source == AttendanceSource.Kiosk && r.Mark is AttendanceMark.Present or AttendanceMark.Late))
                {
                    recorded.Add((room.Session, record.StaffMember));
                }
            }

            var acked = acknowledged.ToHashSet();
            var missing = acked.Count(a => !recorded.Contains(a));
            var unexpected = recorded.Count(r => !acked.Contains(r));
            Report.Step($"read back {Report.N(recorded.Count)} kiosk check-ins over {world.Rooms.Count} sessions; acknowledged {Report.N(acknowledged.Count)} ({Report.N(acked.Count)} distinct); missing {missing}, not acknowledged {unexpected}");
            return new Durability(acknowledged.Count, recorded.Count, missing, unexpected);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static int Print(RushResult r, CheckInTally tally, RushPlan plan)
    {
        var c = r.Ceilings;
        string[] Row(string name, LoadRun run, string unit) =>
            [name, Report.N(run.Calls), Report.Rate(run.PerSecond), unit, Report.Ms(run.Latency.Median), Report.Ms(run.Latency.P99), Report.Ms(run.Latency.Max),
                Report.Ratio(run.PerSecond / c.Ping.PerSecond), Report.Ratio(run.PerSecond / c.HostPing.PerSecond), run.CpuMicrosPerCall.ToString("0", CultureInfo.InvariantCulture)];
        Report.Table(
            ["measure", "calls", "rate", "unit", "p50 ms", "p99 ms", "max ms", "÷ bare Noop/Ping", "÷ host's empty RPC", "CPU µs/call"],
            [
                Row($"phase 1: empty unary RPC, bare gRPC server (Noop/Ping: Kestrel, no interceptors, no authentication), {plan.Concurrency} concurrent", c.Ping, "calls/s"),
                Row($"phase 1: empty unary RPC on the host's own endpoint and pipeline, no token (middleware, 3 interceptors, open row), {plan.Concurrency} concurrent", c.HostPing, "calls/s"),
                Row($"phase 1: the same, no token, over one connection per kiosk ({plan.Rooms} connections, as the check-ins come), {plan.Concurrency} concurrent", c.RoomPing, "calls/s"),
                Row($"phase 1: the same empty RPC with each kiosk's token over its own connection (JWT validation, kiosk credential check, kiosk-only row), {plan.Concurrency} concurrent", c.DevicePing, "calls/s"),
                Row($"reference: real host's Health/Check, {plan.Concurrency} concurrent", c.Health, "calls/s"),
                Row($"reference: GetKiosk of itself with each kiosk's token (authentication, kiosk credential check, policy, 1 grain call), {plan.Concurrency} concurrent", c.GetKiosk, "calls/s"),
                Row($"warm-up: check-ins, {plan.Concurrency} concurrent", r.WarmUp, "check-ins/s"),
                Row($"warm-up: re-scans answered DUPLICATE, {plan.Concurrency} concurrent", r.Rescan, "scans/s"),
                Row($"**phase 2: closed loop, check-ins, {plan.Concurrency} concurrent**", r.Closed, "check-ins/s"),
                .. r.Phases.Select(p => Row($"diagnostic: {p.Name}, {plan.Concurrency} concurrent", p.Run, "calls/s")),
            ]);
        Report.Table(
            ["phase 3: open loop", "offered /s", "sent /s", "p50 ms", "p90 ms", "p99 ms", "max ms", "CPU (cores)"],
            [
                [$"from the scheduled send time ({Report.N(r.Open.FromScheduled.Count)} check-ins)", Report.Rate(plan.Rate), Report.Rate(r.Open.OfferedPerSecond), Report.Ms(r.Open.FromScheduled.Median), Report.Ms(r.Open.FromScheduled.P90), Report.Ms(r.Open.FromScheduled.P99), Report.Ms(r.Open.FromScheduled.Max), r.Open.CoresBusy.ToString("0.00", CultureInfo.InvariantCulture)],
                ["from the actual send (service time)", "", "", Report.Ms(r.Open.FromSent.Median), Report.Ms(r.Open.FromSent.P90), Report.Ms(r.Open.FromSent.P99), Report.Ms(r.Open.FromSent.Max), ""],
            ]);

        Console.WriteLine($"store during the closed loop: {r.ClosedStore.Describe()}");
        Console.WriteLine($"store during the open loop: {r.OpenStore.Describe()}");
        Console.WriteLine($"garbage collections during the open loop: {r.Open.Gc.Describe(r.Open.Elapsed)}");
        var d = r.Durability!;
        var durable = d.Missing == 0 && d.Unexpected == 0 && d.ReadBack == d.Acknowledged;
        Console.WriteLine($"check-ins acknowledged: {Report.N(d.Acknowledged)}; read back after a restart: {Report.N(d.ReadBack)}; missing {d.Missing}; not acknowledged {d.Unexpected} → {(durable ? "every acknowledged check-in is durable" : "DURABILITY CHECK FAILED")}");
        Console.WriteLine($"duplicates answered: {tally.Duplicates} (expected 0: every scan is a staff member not checked in before); failed: {tally.Failures}");
        foreach (var failure in tally.TopFailures(5))
        {
            Console.WriteLine($"  failure: {failure}");
        }

        var ratio = r.Closed.PerSecond / c.Ping.PerSecond;
        var hostRatio = r.Closed.PerSecond / c.HostPing.PerSecond;
        var closedMet = ratio >= TargetRatio;
        var hostMet = hostRatio >= TargetRatio;
        var openMet = r.Open.FromScheduled.P99 <= TargetP99Ms && r.Open.OfferedPerSecond >= plan.Rate * 0.99;
        var ok = durable && tally.Failures == 0 && tally.Duplicates == 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT morning-rush checkins_per_s={r.Closed.PerSecond:0} closed_p50_ms={r.Closed.Latency.Median:0.000} closed_p99_ms={r.Closed.Latency.P99:0.000} ping_per_s={c.Ping.PerSecond:0} ping_p50_ms={c.Ping.Latency.Median:0.000} ratio={ratio:0.000} target_ratio={TargetRatio} closed_met={(closedMet ? "yes" : "no")} host_ping_per_s={c.HostPing.PerSecond:0} ratio_host_ping={hostRatio:0.000} host_ping_met={(hostMet ? "yes" : "no")} room_ping_per_s={c.RoomPing.PerSecond:0} ratio_room_ping={r.Closed.PerSecond / c.RoomPing.PerSecond:0.000} device_ping_per_s={c.DevicePing.PerSecond:0} ratio_device_ping={r.Closed.PerSecond / c.DevicePing.PerSecond:0.000} health_per_s={c.Health.PerSecond:0} ratio_health={r.Closed.PerSecond / c.Health.PerSecond:0.000} get_kiosk_per_s={c.GetKiosk.PerSecond:0} cpu_us_per_checkin={r.Closed.CpuMicrosPerCall:0} cpu_us_per_ping={c.Ping.CpuMicrosPerCall:0} cpu_us_per_host_ping={c.HostPing.CpuMicrosPerCall:0} cpu_us_per_room_ping={c.RoomPing.CpuMicrosPerCall:0} cpu_us_per_device_ping={c.DevicePing.CpuMicrosPerCall:0} open_rate={plan.Rate} open_sent_per_s={r.Open.OfferedPerSecond:0} open_p50_ms={r.Open.FromScheduled.Median:0.000} open_p99_ms={r.Open.FromScheduled.P99:0.000} open_max_ms={r.Open.FromScheduled.Max:0.0} open_cpu_cores={r.Open.CoresBusy:0.00} open_gc_pause_ms={r.Open.Gc.Pause.TotalMilliseconds:0.0} open_gcs={r.Open.Gc.Gen0 + r.Open.Gc.Gen1 + r.Open.Gc.Gen2} target_p99_ms={TargetP99Ms} open_met={(openMet ? "yes" : "no")} acknowledged={d.Acknowledged} read_back={d.ReadBack} durable={(durable ? "yes" : "no")} duplicates={tally.Duplicates} failed={tally.Failures} concurrency={plan.Concurrency} rooms={plan.Rooms}"));
        return ok ? 0 : 1;
    }

    /// <summary>The empty-RPC ceilings and references of phase 1, all at the closed loop's concurrency.</summary>
    private sealed record Ceilings(LoadRun Ping, LoadRun HostPing, LoadRun RoomPing, LoadRun DevicePing, LoadRun Health, LoadRun GetKiosk);

    private sealed record RushResult(LoadRun WarmUp, LoadRun Rescan, Ceilings Ceilings, LoadRun Closed, StoreWindow ClosedStore, OpenRun Open, StoreWindow OpenStore, IReadOnlyList<(string Name, LoadRun Run)> Phases, Durability? Durability);

    private sealed record OpenRun(double OfferedPerSecond, TimeSpan Elapsed, Stats FromScheduled, Stats FromSent, double CoresBusy, GcWindow.Counts Gc)
    {
        public Stats Latency => FromScheduled;
    }

    private sealed record Durability(int Acknowledged, int ReadBack, int Missing, int Unexpected);
}
