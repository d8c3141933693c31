using Grpc.Net.Client;

namespace Training.Cluster.Tests;

/// <summary>The checks after a workload: every acknowledged write is there, and none is recorded twice.</summary>
internal static class Verify
{
    /// <summary>Waits for the writers to finish the writes they started; a writer that met a status it cannot retry fails the test with every process's output.</summary>
    public static async Task WritersFinishedAsync(Task writing, TrainingWorkload workload, TestCluster cluster)
    {
        try
        {
            await writing;
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException)
        {
            Assert.Fail($"a writer failed: {e.Message}; {string.Join("; ", workload.NonRetryable)}\n{cluster.Outputs()}");
        }
    }

    /// <summary>
    /// Reads every acknowledged staff member back through the gateway (name, last phone number, centre), every
    /// acknowledged enrolment in its batch's roster and every acknowledged check-in in its session's attendance; then
    /// counts the events in the database: per staff member exactly one registration, one event per acknowledged update
    /// and one enrolment change per enrolment; per batch exactly one enrolment and one check-in event per acknowledged one.
    /// </summary>
    public static async Task EverythingAcknowledgedIsRecordedOnceAsync(GrpcChannel channel, TestCluster cluster, TrainingWorkload workload, Organization organization)
    {
        var staff = new StaffService.StaffServiceClient(channel);
        await Parallel.ForEachAsync(workload.Acknowledged.Values, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (expected, cancel) =>
        {
            var member = await staff.GetStaffMemberAsync(new GetStaffMemberRequest { Name = expected.Name }, cancellationToken: cancel);
            Assert.Equal((expected.DisplayName, expected.Phone, organization.Center), (member.DisplayName, member.Phone, member.Center));
        });

        var batches = new CourseBatchService.CourseBatchServiceClient(channel);
        foreach (var batch in workload.Batches.Values)
        {
            var roster = new List<string>();
            var page = new ListEnrolmentsResponse();
            do
            {
                page = await batches.ListEnrolmentsAsync(new ListEnrolmentsRequest { Parent = batch.Name, PageSize = 1000, PageToken = page.NextPageToken });
                roster.AddRange(page.Enrolments.Select(e => e.StaffMember));
            }
            while (page.NextPageToken.Length > 0);

            var enrolled = workload.Acknowledged.Values.Where(a => a.Batch == batch.Name).Select(a => a.Name).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(enrolled, roster.Order(StringComparer.Ordinal).ToList());
            var attendance = await batches.GetSessionAttendanceAsync(new GetSessionAttendanceRequest { Name = batch.Session });
            var checkedIn = workload.Acknowledged.Values.Where(a => a.Batch == batch.Name && a.CheckedIn).Select(a => a.Name).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(checkedIn, attendance.Records.Select(r => r.StaffMember).Order(StringComparer.Ordinal).ToList());
        }

        // The staff records' side of an enrolment follows the batch's (the batch delivers it, retried by its reminder
        // when a staff record could not be told at once): wait for it. Counts above the acknowledged ones never shrink.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        List<string> wrong;
        while ((wrong = await MismatchesAsync(cluster, workload)).Count > 0
            && !wrong.Any(w => w.StartsWith("TWICE", StringComparison.Ordinal)) && clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong.Take(50)));
    }

    private static async Task<List<string>> MismatchesAsync(TestCluster cluster, TrainingWorkload workload)
    {
        var events = await cluster.CountsAsync(
            "SELECT stream_id || ' ' || type, count(*) FROM training.events WHERE stream_id LIKE 'staff/W%' OR stream_id LIKE '%/batches/%' GROUP BY stream_id, type");
        var wrong = new List<string>();
        void Expect(string stream, string type, long count)
        {
            var found = events.GetValueOrDefault($"{stream} {type}");
            if (found != count)
            {
                wrong.Add($"{(found > count ? "TWICE " : string.Empty)}{stream}: {found} {type} events, {count} acknowledged");
            }
        }

        foreach (var a in workload.Acknowledged.Values)
        {
            Expect(a.Name, "staff.registered.v1", 1);
            Expect(a.Name, "staff.profile-updated.v1", a.Updates);
            Expect(a.Name, "staff.enrolment-changed.v1", a.Batch is null ? 0 : 1);
        }

        foreach (var batch in workload.Batches.Keys)
        {
            Expect(batch, "batch.staff-enrolled.v1", workload.Acknowledged.Values.Count(a => a.Batch == batch));
            Expect(batch, "batch.checked-in.v1", workload.Acknowledged.Values.Count(a => a.Batch == batch && a.CheckedIn));
        }

        return wrong;
    }
}
