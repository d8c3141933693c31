using System.Collections.Concurrent;
using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;

namespace Training.Cluster.Tests;

/// <summary>
/// What the cluster acknowledged for one staff member: registered (with a card), <see cref="Updates"/> phone changes
/// (the last to <see cref="Phone"/>), and — when the workload drives them — enrolled in <see cref="Batch"/> and checked in
/// to its session by its kiosk.
/// </summary>
public sealed record AcknowledgedStaff(string Name, string DisplayName, int Updates, string Phone, string? Batch = null, bool CheckedIn = false);

/// <summary>
/// Writers that drive the platform through a gateway as careful clients would: each registers staff members, updates
/// their phone numbers and, with a course (<see cref="Organization.Course"/>), enrols each in a batch
/// (CourseBatchService.EnrolStaffMembers) and checks them in at that batch's kiosk with the kiosk's own device token
/// (CheckInService.CheckIn). Every request carries a request_id (a check-in its idempotency key); a call answered
/// <c>Unavailable</c> — and only that — is retried with the same request until acknowledged. Every acknowledged write is
/// recorded, and every other status seen on the way (a caller must never see a status it cannot retry).
/// </summary>
public sealed class TrainingWorkload(GrpcChannel channel, Organization organization, Func<string, GrpcChannel> channelFor)
{
    /// <summary>The longest a client waits for one answer (the gateway answers within its Orleans response timeout, 5 s, well before).</summary>
    public static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(20);

    /// <summary>How long one write is retried before the test gives up on it.</summary>
    public static readonly TimeSpan RetryBudget = TimeSpan.FromSeconds(120);

    /// <summary>Enrolments per batch before a writer sets up the next (a batch holds 500).</summary>
    private const int PerBatch = 400;

    private readonly StaffService.StaffServiceClient staff = new(channel);
    private readonly CourseBatchService.CourseBatchServiceClient batches = new(channel);
    private readonly KioskService.KioskServiceClient kiosks = new(channel);
    private readonly string run = Guid.NewGuid().ToString("N")[..6];
    private long retries;
    private long longestUnavailableMs;

    /// <summary>Staff members by resource name, as last acknowledged.</summary>
    public ConcurrentDictionary<string, AcknowledgedStaff> Acknowledged { get; } = new(StringComparer.Ordinal);

    /// <summary>The batches set up, by name.</summary>
    public ConcurrentDictionary<string, BatchSetup> Batches { get; } = new(StringComparer.Ordinal);

    /// <summary>Statuses a caller could not retry (must stay empty): "method: status: message".</summary>
    public ConcurrentQueue<string> NonRetryable { get; } = new();

    /// <summary>Calls answered Unavailable and retried.</summary>
    public long Retries => Interlocked.Read(ref retries);

    /// <summary>The longest time an Unavailable answer took (how fast failures are reported).</summary>
    public TimeSpan LongestUnavailable => TimeSpan.FromMilliseconds(Interlocked.Read(ref longestUnavailableMs));

    /// <summary>Writes acknowledged in total.</summary>
    public long Writes => Acknowledged.Values.Sum(a => 1L + a.Updates + (a.Batch is null ? 0 : 1) + (a.CheckedIn ? 1 : 0));

    private bool ChecksIn => organization.Course is not null;

    /// <summary>Runs <paramref name="writers"/> writers until <paramref name="stop"/>; each finishes the staff member it started.</summary>
    public Task RunAsync(int writers, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(() => WriterAsync(w, stop), CancellationToken.None)));

    /// <summary>Every grain written so far: the staff members' and the batches' resource names.</summary>
    public IReadOnlyList<string> Grains => [.. Acknowledged.Keys, .. Batches.Keys];

    /// <summary>
    /// Reads every one of <paramref name="names"/> (staff members and batches) once, 16 at a time; true when all answered
    /// OK. Unavailable answers are expected while the cluster recovers; any other status is recorded as non-retryable.
    /// </summary>
    public async Task<bool> AllAnswerAsync(IReadOnlyCollection<string> names)
    {
        var failed = 0;
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (name, cancel) =>
        {
            try
            {
                var deadline = DateTime.UtcNow + CallDeadline;
                if (name.StartsWith("staff/", StringComparison.Ordinal))
                {
                    await staff.GetStaffMemberAsync(new GetStaffMemberRequest { Name = name }, deadline: deadline, cancellationToken: cancel);
                }
                else
                {
                    await batches.GetCourseBatchAsync(new GetCourseBatchRequest { Name = name }, deadline: deadline, cancellationToken: cancel);
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
            {
                Interlocked.Increment(ref failed);
            }
            catch (RpcException e)
            {
                NonRetryable.Enqueue($"read {name}: {e.StatusCode}: {e.Status.Detail}");
                Interlocked.Increment(ref failed);
            }
        });
        return failed == 0;
    }

    private async Task WriterAsync(int writer, CancellationToken stop)
    {
        (BatchSetup Batch, CheckInService.CheckInServiceClient Kiosk)? current = null;
        var inBatch = 0;
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var id = $"W{writer}-{n:D5}-{run}";
            var name = $"staff/{id}";
            var displayName = $"职员 {writer}-{n}";
            await CallAsync("CreateStaffMember", options => staff.CreateStaffMemberAsync(new CreateStaffMemberRequest
            {
                StaffMemberId = id,
                RequestId = $"create-{id}",
                StaffMember = new StaffMember { DisplayName = displayName, Center = organization.Center, Post = Post.Hotline12345, Phone = "0543-0000000", CardId = $"CARD-{id}" },
            }, options));
            var acknowledged = new AcknowledgedStaff(name, displayName, 0, "0543-0000000");
            Acknowledged[name] = acknowledged;
            for (var update = 1; update <= (ChecksIn ? 1 : 2); update++)
            {
                var phone = $"0543-{update}{n:D6}";
                await CallAsync("UpdateStaffMember", options => staff.UpdateStaffMemberAsync(new UpdateStaffMemberRequest
                {
                    StaffMember = new StaffMember { Name = name, Phone = phone },
                    UpdateMask = new FieldMask { Paths = { "phone" } },
                    RequestId = $"update-{update}-{id}",
                }, options));
                Acknowledged[name] = acknowledged = acknowledged with { Updates = update, Phone = phone };
            }

            if (!ChecksIn)
            {
                continue;
            }

            if (current is null || inBatch >= PerBatch)
            {
                current = await SetUpBatchAsync(organization.Batch($"w{writer}-{n:D5}-{run}"));
                inBatch = 0;
            }

            var (batch, kiosk) = current.Value;
            var enrolled = await CallAsync("EnrolStaffMembers", options => batches.EnrolStaffMembersAsync(new EnrolStaffMembersRequest
            {
                CourseBatch = batch.Name,
                StaffMembers = { name },
                RequestId = $"enrol-{id}",
            }, options), response => response.Results[0].Status is { Code: (int)StatusCode.Unavailable });
            var row = enrolled.Results[0];
            if (row.Enrolment is null)
            {
                NonRetryable.Enqueue($"EnrolStaffMembers {name}: row {(StatusCode)row.Status.Code}: {row.Status.Message}");
                throw new InvalidOperationException($"{name} was not enrolled: {row.Status}");
            }

            Acknowledged[name] = acknowledged = acknowledged with { Batch = batch.Name };
            if (inBatch++ == 0)
            {
                // A batch starts once someone is enrolled; kiosks check in only to a running batch.
                await CallAsync("StartCourseBatch", options => batches.StartCourseBatchAsync(batch.Start, options));
            }

            var scan = new KioskScan { CardId = $"CARD-{id}", IdempotencyKey = $"scan-{id}", ScanTime = DateTimeOffset.UtcNow.ToTimestamp(), Session = batch.Session };
            var result = await CallAsync("CheckIn", options => kiosk.CheckInAsync(new CheckInRequest { Kiosk = batch.RegisterKiosk.Parent + "/kiosks/" + batch.RegisterKiosk.KioskId, Scan = scan }, options));
            if (result.Outcome is not (CheckInOutcome.Accepted or CheckInOutcome.Duplicate) || result.StaffMember != name)
            {
                NonRetryable.Enqueue($"CheckIn {name}: {result.Outcome} {result.Rejection}: {result.Message}");
                throw new InvalidOperationException($"{name} was not checked in: {result}");
            }

            Acknowledged[name] = acknowledged with { CheckedIn = true };
        }
    }

    /// <summary>Sets up a batch (not started yet) and its kiosk, every step retried like any write, and answers the kiosk's client.</summary>
    private async Task<(BatchSetup, CheckInService.CheckInServiceClient)> SetUpBatchAsync(BatchSetup batch)
    {
        await CallAsync("CreateCourseBatch", options => batches.CreateCourseBatchAsync(batch.Create, options));
        await CallAsync("CreateSession", options => batches.CreateSessionAsync(batch.AddSession, options));
        await CallAsync("OpenCourseBatchEnrolment", options => batches.OpenCourseBatchEnrolmentAsync(batch.Open, options));
        var kiosk = await CallAsync("RegisterKiosk", options => kiosks.RegisterKioskAsync(batch.RegisterKiosk, options));
        if (string.IsNullOrEmpty(kiosk.DeviceToken))
        {
            // A retried registration answers the kiosk without its token (shown once): issue it a credential instead.
            kiosk = await CallAsync("IssueKioskCredential", options => kiosks.IssueKioskCredentialAsync(new IssueKioskCredentialRequest { Name = kiosk.Name, RequestId = $"issue-{batch.BatchId}" }, options));
        }

        Batches[batch.Name] = batch;
        return (batch, new CheckInService.CheckInServiceClient(channelFor(kiosk.DeviceToken)));
    }

    /// <summary>
    /// Calls until acknowledged, retrying Unavailable only (after 200 ms, as the answer's RetryInfo says) — also an answer
    /// that <paramref name="unavailable"/> judges to carry Unavailable inside (a batch call's row).
    /// </summary>
    private async Task<T> CallAsync<T>(string method, Func<CallOptions, AsyncUnaryCall<T>> call, Func<T, bool>? unavailable = null)
    {
        var budget = Stopwatch.StartNew();
        while (true)
        {
            var attempt = Stopwatch.StartNew();
            try
            {
                var answer = await call(new CallOptions(deadline: DateTime.UtcNow + CallDeadline));
                if (unavailable?.Invoke(answer) is not true || budget.Elapsed >= RetryBudget)
                {
                    return answer;
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && budget.Elapsed < RetryBudget)
            {
            }
            catch (RpcException e)
            {
                NonRetryable.Enqueue($"{method}: {e.StatusCode}: {e.Status.Detail}");
                throw;
            }

            Interlocked.Increment(ref retries);
            var took = attempt.ElapsedMilliseconds;
            long seen;
            while (took > (seen = Interlocked.Read(ref longestUnavailableMs)) && Interlocked.CompareExchange(ref longestUnavailableMs, took, seen) != seen)
            {
            }

            await Task.Delay(200);
        }
    }
}
