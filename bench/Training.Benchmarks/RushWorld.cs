using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using static Training.Benchmarks.Measure;

namespace Training.Benchmarks;

/// <summary>
/// The morning rush's world, created over gRPC with the operator's token (setup, not measured): a course, centres, and
/// per room a kiosk (registered through <c>KioskService.RegisterKiosk</c>, with its own device token and channel), a
/// running batch with one offline session in that room starting now, and the staff enrolled in it (registered with
/// card ids). Each room's staff are handed out to the benchmark's phases in disjoint <see cref="StaffPool"/>s, so no
/// staff member is checked in twice.
/// </summary>
internal sealed class RushWorld : IAsyncDisposable
{
    public const string Course = "courses/rush-hotline";

    private const string Framework = "frameworks/rush";

    private RushWorld(IReadOnlyList<RushRoom> rooms) => Rooms = rooms;

    public IReadOnlyList<RushRoom> Rooms { get; }

    /// <summary>Builds the world for <paramref name="plan"/>; the session of every room starts at <paramref name="sessionStart"/>.</summary>
    public static async Task<RushWorld> CreateAsync(BenchHost host, RushPlan plan, DateTimeOffset sessionStart)
    {
        var centers = await Organization.CreateAsync(host, plan.Centers);
        await CreateCourseAsync(host);

        var rooms = Enumerable.Range(0, plan.Rooms).Select(r => new RushRoom(r, centers[r % centers.Count], $"training-room-{(r / centers.Count) + 1:D2}", plan)).ToList();

        Report.Step($"registering {Report.N(plan.TotalStaff)} staff ({plan.StaffPerBatch} per room, card ids given), post 12345 hotline, at their room's centre");
        var rows = rooms.SelectMany(room => Enumerable.Range(0, plan.StaffPerBatch).Select(k => (room, k))).Chunk(5000);
        foreach (var chunk in rows)
        {
            var batch = new BatchCreateStaffMembersRequest { RequestId = Organization.RequestId() };
            batch.Requests.AddRange(chunk.Select(row => new CreateStaffMemberRequest
            {
                StaffMemberId = row.room.StaffId(row.k),
                StaffMember = new StaffMember
                {
                    DisplayName = $"学员{row.room.Index:D3}-{row.k:D3}",
                    Center = row.room.Center,
                    Post = Post.Hotline12345,
                    Phone = "0543-4260000",
                    CardId = row.room.CardId(row.k),
                },
            }));
            var created = await host.Staff.BatchCreateStaffMembersAsync(batch);
            Check(created.FailedCount == 0, $"staff registration failed {created.FailedCount} rows");
        }

        Report.Step($"registering {rooms.Count} kiosks (one per room) and creating, opening, enrolling and starting {rooms.Count} batches");
        await Workers.ForAsync(rooms.Count, 8, async r =>
        {
            var room = rooms[r];
            var kiosk = await host.Kiosks.RegisterKioskAsync(new RegisterKioskRequest
            {
                Parent = room.Center,
                KioskId = $"kiosk-{r:D3}",
                Kiosk = new Kiosk { DisplayName = $"{room.RoomId}签到机", Room = room.RoomId },
                RequestId = Organization.RequestId(),
            });
            Check(kiosk.DeviceToken.Length > 0, $"{kiosk.Name} was registered without a device token");
            room.Connect(kiosk.Name, kiosk.DeviceToken, host.ChannelFor(kiosk.DeviceToken), host.ChannelFor(token: null));
            await room.CreateBatchAsync(host, sessionStart);
        });

        return new RushWorld(rooms);
    }

    /// <summary>
    /// <paramref name="concurrency"/> lanes; lane <c>w</c> scans at the kiosk of room <c>w mod rooms</c> with
    /// <paramref name="scan"/>, each scan when its previous one answered, taking staff from that room with
    /// <paramref name="takerOf"/>. Stops when a room runs out of staff (so every lane is busy until the end) or after
    /// <paramref name="limit"/>.
    /// </summary>
    public async Task<LoadRun> LanesAsync(int concurrency, Func<RushRoom, StaffTaker> takerOf, Func<RushRoom, int, Task> scan, TimeSpan limit)
    {
        using var stop = new CancellationTokenSource(limit);
        var cpu = ProcessCpu();
        var started = Stopwatch.GetTimestamp();
        var lanes = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var room = Rooms[w % Rooms.Count];
            var take = takerOf(room);
            var latencies = new List<double>();
            while (!stop.IsCancellationRequested)
            {
                if (!take(out var k))
                {
                    await stop.CancelAsync();
                    break;
                }

                var sent = Stopwatch.GetTimestamp();
                await scan(room, k);
                latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }

            return latencies;
        })));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var all = lanes.SelectMany(l => l).ToList();
        return new LoadRun(all.Count, elapsed, new Stats(all), ProcessCpu() - cpu);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var room in Rooms)
        {
            await room.DisposeAsync();
        }
    }

    /// <summary>A published framework with two competencies and a three-stage offline course for the 12345 hotline post.</summary>
    private static async Task CreateCourseAsync(BenchHost host)
    {
        var frameworks = host.Frameworks;
        await frameworks.CreateFrameworkAsync(new CreateFrameworkRequest
        {
            FrameworkId = "rush",
            RequestId = Organization.RequestId(),
            Framework = new CompetencyFramework
            {
                DisplayName = "便民服务能力框架",
                LevelScale = { new Level { Level_ = 1, Label = "了解" }, new Level { Level_ = 2, Label = "掌握" } },
            },
        });
        foreach (var (id, parent, name) in new[] { ("service-awareness", "", "服务意识"), ("hotline-12345", "service-awareness", "12345热线诉求办理") })
        {
            await frameworks.CreateCompetencyAsync(new CreateCompetencyRequest
            {
                Parent = Framework,
                CompetencyId = id,
                RequestId = Organization.RequestId(),
                Competency = new Competency { ParentId = parent, DisplayName = name, Dimension = Dimension.ServiceExcellent },
            });
        }

        await frameworks.PublishFrameworkAsync(new PublishFrameworkRequest { Name = Framework, RequestId = Organization.RequestId() });
        CourseStage Stage(StageKind kind, string name) => new() { Kind = kind, DisplayName = name, CompetencyIds = { "hotline-12345" }, PlannedHours = 4 };
        await host.Courses.CreateCourseAsync(new CreateCourseRequest
        {
            CourseId = "rush-hotline",
            RequestId = Organization.RequestId(),
            Course = new Course
            {
                DisplayName = "12345热线诉求办理",
                Framework = Framework,
                TargetPosts = { Post.Hotline12345 },
                DeliveryMode = DeliveryMode.Offline,
                Stages = { Stage(StageKind.Theory, "理论学习"), Stage(StageKind.PracticalDrill, "模拟来电演练"), Stage(StageKind.OnTheJob, "岗位实践") },
            },
        });
    }
}

/// <summary>
/// One training room: its kiosk and the kiosk's own channel (device token), its batch and today's session, its
/// enrolled staff <c>MR{room}{k}</c> (k &lt; <see cref="RushPlan.StaffPerBatch"/>), and the pools the phases draw them from.
/// </summary>
internal sealed class RushRoom : IAsyncDisposable
{
    private GrpcChannel? channel;
    private KioskService.KioskServiceClient kioskClient = null!;
    private CallInvoker kioskInvoker = null!;
    private GrpcChannel? anonymousChannel;
    private CallInvoker anonymousInvoker = null!;

    public RushRoom(int index, string center, string roomId, RushPlan plan)
    {
        Index = index;
        Center = center;
        RoomId = roomId;
        StaffCount = plan.StaffPerBatch;
        var lanes = plan.LanesOf(index);
        WarmUp = new StaffPool(0, lanes * plan.WarmUpPerLane);
        Closed = new StaffPool(WarmUp.End, WarmUp.End + (lanes * plan.ClosedPerLane));
        KioskGrain = new StaffPool(Closed.End, Closed.End + (lanes * plan.PhasePerLane));
        Grain = new StaffPool(KioskGrain.End, KioskGrain.End + (lanes * plan.PhasePerLane));
        Open = new StaffPool(Grain.End, Grain.End + plan.OpenScansOf(index));
        Check(Open.End <= StaffCount, $"room {index} needs {Open.End} staff, has {StaffCount}");
    }

    public int Index { get; }

    public string Center { get; }

    public string RoomId { get; }

    public int StaffCount { get; }

    public StaffPool WarmUp { get; }

    public StaffPool Closed { get; }

    public StaffPool Open { get; }

    /// <summary>Fresh staff for the diagnostic phase that calls the kiosk grain's check-in in-process.</summary>
    public StaffPool KioskGrain { get; }

    /// <summary>Fresh staff for the diagnostic phase that calls the batch grain in-process.</summary>
    public StaffPool Grain { get; }

    public string Kiosk { get; private set; } = string.Empty;

    /// <summary>The kiosk's device token as RegisterKiosk answered it.</summary>
    public string DeviceToken { get; private set; } = string.Empty;

    public string Batch { get; private set; } = string.Empty;

    public string Session { get; private set; } = string.Empty;

    public CheckInService.CheckInServiceClient CheckIn { get; private set; } = null!;

    /// <summary>The kiosk reading itself with its own token (a reference: the API's cost of a kiosk's call).</summary>
    public Task GetKioskAsync() => kioskClient.GetKioskAsync(new GetKioskRequest { Name = Kiosk }).ResponseAsync;

    /// <summary>The empty RPC on the host without a token, over a connection of this room's own (as many connections as kiosks).</summary>
    public Task PingAsync() => anonymousInvoker.AsyncUnaryCall(NoopServiceBase.PingMethod, null, default, new Google.Protobuf.WellKnownTypes.Empty()).ResponseAsync;

    /// <summary>The empty RPC on the host with the kiosk's own token: what authenticating a kiosk's call costs, with nothing behind it.</summary>
    public Task DevicePingAsync() => kioskInvoker.AsyncUnaryCall(NoopServiceBase.DevicePingMethod, null, default, new Google.Protobuf.WellKnownTypes.Empty()).ResponseAsync;

    public string StaffId(int k) => $"MR{Index:D3}{k:D4}";

    public string StaffName(int k) => "staff/" + StaffId(k);

    /// <summary>The staff card's id: numeric, as printed on the card.</summary>
    public string CardId(int k) => $"9{Index:D3}{k:D4}";

    /// <summary>The scan of staff member <paramref name="k"/>: card, QR code or staff number in turn, the kiosk's clock now, a fresh idempotency key.</summary>
    public CheckInRequest Scan(int k)
    {
        var scan = new KioskScan { ScanTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow), IdempotencyKey = Guid.NewGuid().ToString("N") };
        switch (k % 3)
        {
            case 0:
                scan.CardId = CardId(k);
                break;
            case 1:
                scan.QrPayload = StaffName(k);
                break;
            default:
                scan.StaffNumber = StaffId(k);
                break;
        }

        return new CheckInRequest { Kiosk = Kiosk, Scan = scan };
    }

    public void Connect(string kiosk, string deviceToken, GrpcChannel kioskChannel, GrpcChannel tokenless)
    {
        anonymousChannel = tokenless;
        anonymousInvoker = tokenless.CreateCallInvoker();
        Kiosk = kiosk;
        DeviceToken = deviceToken;
        channel = kioskChannel;
        CheckIn = new CheckInService.CheckInServiceClient(kioskChannel);
        kioskClient = new KioskService.KioskServiceClient(kioskChannel);
        kioskInvoker = kioskChannel.CreateCallInvoker();
    }

    /// <summary>Creates the room's batch (capacity = its staff), its session in this room, opens it, enrols every staff member of the room and starts it.</summary>
    public async Task CreateBatchAsync(BenchHost host, DateTimeOffset sessionStart)
    {
        var batches = host.Batches;
        var now = DateTimeOffset.UtcNow;
        var batch = await batches.CreateCourseBatchAsync(new CreateCourseBatchRequest
        {
            Parent = Center,
            CourseBatchId = $"rush-{Index:D3}",
            RequestId = Organization.RequestId(),
            CourseBatch = new CourseBatch
            {
                DisplayName = $"早高峰第{Index + 1}期 12345热线诉求办理",
                Course = RushWorld.Course,
                Capacity = StaffCount,
                EnrolmentOpenTime = Timestamp.FromDateTimeOffset(now.AddHours(-1)),
                EnrolmentCloseTime = Timestamp.FromDateTimeOffset(now.AddDays(1)),
            },
        });
        Batch = batch.Name;
        var session = await batches.CreateSessionAsync(new CreateSessionRequest
        {
            Parent = Batch,
            SessionId = "morning",
            RequestId = Organization.RequestId(),
            Session = new Session
            {
                Stage = StageKind.Theory,
                DisplayName = "晨间理论课",
                Mode = SessionMode.Offline,
                Center = Center,
                Room = RoomId,
                StartTime = Timestamp.FromDateTimeOffset(sessionStart),
                EndTime = Timestamp.FromDateTimeOffset(sessionStart.AddHours(3)),
                Instructor = "王老师",
            },
        });
        Session = session.Name;
        await batches.OpenCourseBatchEnrolmentAsync(new OpenCourseBatchEnrolmentRequest { Name = Batch, RequestId = Organization.RequestId() });
        foreach (var chunk in Enumerable.Range(0, StaffCount).Chunk(500))
        {
            var enrol = new EnrolStaffMembersRequest { CourseBatch = Batch, RequestId = Organization.RequestId() };
            enrol.StaffMembers.AddRange(chunk.Select(StaffName));
            var response = await batches.EnrolStaffMembersAsync(enrol);
            var refused = response.Results.Where(r => r.Enrolment?.Status != EnrolmentStatus.Enrolled).ToList();
            Check(refused.Count == 0, $"{Batch}: {refused.Count} of {chunk.Length} not enrolled, e.g. {refused.FirstOrDefault()}");
        }

        var started = await batches.StartCourseBatchAsync(new StartCourseBatchRequest { Name = Batch, RequestId = Organization.RequestId() });
        Check(started.State == CourseBatchState.Running, $"{Batch} is {started.State} after StartCourseBatch");
    }

    public ValueTask DisposeAsync()
    {
        channel?.Dispose();
        anonymousChannel?.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>Hands out the next staff member (their index in the room), or false when there is none left.</summary>
internal delegate bool StaffTaker(out int k);

/// <summary>A range of a room's staff, each handed out once (thread-safe).</summary>
internal sealed class StaffPool(int start, int end)
{
    private int next = start - 1;
    private int again = start - 1;

    public int Start { get; } = start;

    public int End { get; } = end;

    public bool TryTake(out int k)
    {
        k = Interlocked.Increment(ref next);
        return k < End;
    }

    /// <summary>Staff already handed out, round and round (for re-scans); false when none was handed out yet.</summary>
    public bool Again(out int k)
    {
        var taken = Taken;
        k = taken == 0 ? -1 : Start + ((Interlocked.Increment(ref again) - Start) % taken);
        return taken > 0;
    }

    public int Taken => Math.Min(Volatile.Read(ref next) + 1, End) - Start;
}

/// <summary>
/// How many staff each room needs so that no phase checks anyone in twice. Closed-loop lane <c>w</c> scans at the kiosk of
/// room <c>w mod rooms</c>; open-loop scan <c>j</c> at the kiosk of room <c>j mod rooms</c>.
/// </summary>
internal sealed record RushPlan(int Centers, int Rooms, int Concurrency, int WarmUpPerLane, int ClosedPerLane, int PhasePerLane, int Rate, int Seconds, int StaffPerBatch)
{
    /// <summary>A batch's capacity limit (the contract's 1..500): the most staff a room can have.</summary>
    public const int MaxStaffPerBatch = 500;

    public int OpenScans => Rate * Seconds;

    public int TotalStaff => Rooms * StaffPerBatch;

    public int LanesOf(int room) => (Concurrency / Rooms) + (room < Concurrency % Rooms ? 1 : 0);

    public int OpenScansOf(int room) => (OpenScans / Rooms) + (room < OpenScans % Rooms ? 1 : 0);

    /// <summary>The staff room <paramref name="room"/> needs: its lanes' warm-up and closed-loop scans and its share of the open loop.</summary>
    public int NeededBy(int room) => (LanesOf(room) * (WarmUpPerLane + ClosedPerLane + (2 * PhasePerLane))) + OpenScansOf(room);

    public int Needed => Enumerable.Range(0, Rooms).Max(NeededBy);

    /// <summary>The most closed-loop scans per lane that leave every room within <paramref name="staffPerBatch"/> staff.</summary>
    public int ClosedPerLaneFitting(int staffPerBatch) =>
        Enumerable.Range(0, Rooms).Where(r => LanesOf(r) > 0).Min(r => ((staffPerBatch - OpenScansOf(r)) / LanesOf(r)) - WarmUpPerLane - (2 * PhasePerLane));
}
