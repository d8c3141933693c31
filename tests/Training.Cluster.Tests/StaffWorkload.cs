using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Net.Client;

namespace Training.Cluster.Tests;

/// <summary>What the cluster acknowledged for one staff member: registered, then <see cref="Updates"/> phone changes, the last to <see cref="Phone"/>.</summary>
public sealed record AcknowledgedStaff(string Name, string DisplayName, int Updates, string Phone);

/// <summary>
/// Writers that register staff members and update their phone numbers through a gateway, as a careful client would:
/// each request carries a request_id, and a call answered <c>Unavailable</c> — and only that — is retried with the same
/// request_id until it is acknowledged. Every acknowledged write is recorded, as is every status other than OK seen
/// on the way (a caller must never see a status it cannot retry).
/// </summary>
public sealed class StaffWorkload(GrpcChannel channel, string center)
{
    /// <summary>The longest a client waits for one answer (the gateway answers within its Orleans response timeout, 5 s, well before).</summary>
    public static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(20);

    /// <summary>How long one write is retried before the test gives up on it.</summary>
    public static readonly TimeSpan RetryBudget = TimeSpan.FromSeconds(120);

    private readonly StaffService.StaffServiceClient staff = new(channel);
    private readonly string run = Guid.NewGuid().ToString("N")[..6];
    private long retries;
    private long longestUnavailableMs;

    /// <summary>Staff members by resource name, as last acknowledged.</summary>
    public ConcurrentDictionary<string, AcknowledgedStaff> Acknowledged { get; } = new(StringComparer.Ordinal);

    /// <summary>Statuses a caller could not retry (must stay empty): "method: status: message".</summary>
    public ConcurrentQueue<string> NonRetryable { get; } = new();

    /// <summary>Calls answered Unavailable and retried.</summary>
    public long Retries => Interlocked.Read(ref retries);

    /// <summary>The longest time an Unavailable answer took (how fast failures are reported).</summary>
    public TimeSpan LongestUnavailable => TimeSpan.FromMilliseconds(Interlocked.Read(ref longestUnavailableMs));

    /// <summary>Writes acknowledged in total.</summary>
    public long Writes => Acknowledged.Values.Sum(a => 1L + a.Updates);

    /// <summary>Runs <paramref name="writers"/> writers until <paramref name="stop"/>; each finishes the write it started.</summary>
    public Task RunAsync(int writers, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(() => WriterAsync(w, stop), CancellationToken.None)));

    /// <summary>
    /// Reads every one of <paramref name="names"/> once (16 at a time); true when all answered OK. Unavailable answers are
    /// expected while the cluster recovers; any other status is recorded as non-retryable.
    /// </summary>
    public async Task<bool> AllAnswerAsync(IReadOnlyCollection<string> names)
    {
        var failed = 0;
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (name, cancel) =>
        {
            try
            {
                await staff.GetStaffMemberAsync(new GetStaffMemberRequest { Name = name }, deadline: DateTime.UtcNow + CallDeadline, cancellationToken: cancel);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
            {
                Interlocked.Increment(ref failed);
            }
            catch (RpcException e)
            {
                NonRetryable.Enqueue($"GetStaffMember {name}: {e.StatusCode}: {e.Status.Detail}");
                Interlocked.Increment(ref failed);
            }
        });
        return failed == 0;
    }

    private async Task WriterAsync(int writer, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var id = $"W{writer}-{n:D5}-{run}";
            var name = $"staff/{id}";
            var displayName = $"职员 {writer}-{n}";
            await CallAsync("CreateStaffMember", options => staff.CreateStaffMemberAsync(new CreateStaffMemberRequest
            {
                StaffMemberId = id,
                RequestId = $"create-{id}",
                StaffMember = new StaffMember { DisplayName = displayName, Center = center, Post = Post.Hotline12345, Phone = "0543-0000000" },
            }, options));
            Acknowledged[name] = new AcknowledgedStaff(name, displayName, 0, "0543-0000000");
            for (var update = 1; update <= 2; update++)
            {
                var phone = $"0543-{update}{n:D6}";
                await CallAsync("UpdateStaffMember", options => staff.UpdateStaffMemberAsync(new UpdateStaffMemberRequest
                {
                    StaffMember = new StaffMember { Name = name, Phone = phone },
                    UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "phone" } },
                    RequestId = $"update-{update}-{id}",
                }, options));
                Acknowledged[name] = new AcknowledgedStaff(name, displayName, update, phone);
            }
        }
    }

    /// <summary>Calls until acknowledged, retrying Unavailable only (after 200 ms, as the answer's RetryInfo says).</summary>
    private async Task CallAsync<T>(string method, Func<CallOptions, AsyncUnaryCall<T>> call)
    {
        var budget = Stopwatch.StartNew();
        while (true)
        {
            var attempt = Stopwatch.StartNew();
            try
            {
                await call(new CallOptions(deadline: DateTime.UtcNow + CallDeadline));
                return;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && budget.Elapsed < RetryBudget)
            {
                Interlocked.Increment(ref retries);
                var took = attempt.ElapsedMilliseconds;
                long seen;
                while (took > (seen = Interlocked.Read(ref longestUnavailableMs)) && Interlocked.CompareExchange(ref longestUnavailableMs, took, seen) != seen)
                {
                }

                await Task.Delay(200);
            }
            catch (RpcException e)
            {
                NonRetryable.Enqueue($"{method}: {e.StatusCode}: {e.Status.Detail}");
                throw;
            }
        }
    }
}
