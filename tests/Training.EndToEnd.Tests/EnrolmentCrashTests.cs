using Grpc.Core;

namespace Training.EndToEnd.Tests;

/// <summary>
/// Enrolment touches two grains: the batch (the authority) records it, then drives the staff member's own record. The
/// host is a real process that kills itself between the two writes (fault injection); started again on the same data,
/// the batch resumes the pending step and the roster and the staff records agree.
/// </summary>
public sealed class EnrolmentCrashTests
{
    private static readonly Dictionary<string, string> CrashAfterEnrolmentRecorded = new() { ["TRAINING_FAULT_CRASH_AFTER_ENROLMENT_RECORDED"] = "1" };

    [Fact]
    public async Task A_process_killed_between_the_batch_and_the_staff_record_recovers_so_both_agree()
    {
        var folder = Path.Combine(Path.GetTempPath(), "training-crash-" + Guid.NewGuid().ToString("N"));
        try
        {
            Seed seed;
            string batch;
            string[] staff;
            await using (var doomed = await ChildHost.StartAsync(folder, CrashAfterEnrolmentRecorded))
            {
                seed = await Seed.CreateAsync(doomed.Channel, staffCount: 4);
                staff = [seed.StaffName(1), seed.StaffName(2), seed.StaffName(3)];
                batch = await seed.CreateBatchAsync(doomed.Channel, seed.Center, open: true);

                var batches = new CourseBatchService.CourseBatchServiceClient(doomed.Channel);
                var call = new EnrolStaffMembersRequest { CourseBatch = batch, StaffMembers = { staff }, RequestId = Seed.RequestId() };
                var failure = await Assert.ThrowsAsync<RpcException>(async () => await batches.EnrolStaffMembersAsync(call, deadline: DateTime.UtcNow.AddSeconds(30)));
                Assert.True(failure.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Cancelled, $"the caller saw {failure.Status}");
                Assert.True(await doomed.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the host did not die at the fault-injection point");
                Assert.NotEqual(0, doomed.ExitCode);
                Assert.Contains("fault injection", doomed.Output, StringComparison.Ordinal);
            }

            await using var restarted = await ChildHost.StartAsync(folder);
            var client = new CourseBatchService.CourseBatchServiceClient(restarted.Channel);

            // The enrolments were durable before the crash: the batch lists them; activating it resumes the pending step.
            var roster = await client.ListEnrolmentsAsync(new ListEnrolmentsRequest { Parent = batch });
            Assert.Equal(staff.Order(StringComparer.Ordinal), roster.Enrolments.Select(e => e.StaffMember).Order(StringComparer.Ordinal));
            Assert.All(roster.Enrolments, e => Assert.Equal(EnrolmentStatus.Enrolled, e.Status));

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                var agreed = 0;
                foreach (var name in staff)
                {
                    var own = await client.ListStaffMemberEnrolmentsAsync(new ListStaffMemberEnrolmentsRequest { Parent = name });
                    agreed += own.Enrolments.Count(e => e.CourseBatch == batch && e.Status == EnrolmentStatus.Enrolled);
                }

                var confirmed = (await client.ListEnrolmentsAsync(new ListEnrolmentsRequest { Parent = batch })).Enrolments.Count(e => e.Confirmed);
                if (agreed == staff.Length && confirmed == staff.Length)
                {
                    break;
                }

                Assert.True(DateTime.UtcNow < deadline, $"after the restart {agreed} of {staff.Length} staff records show the enrolment and {confirmed} are confirmed");
                await Task.Delay(200);
            }

            // Nobody outside the request was touched, and the staff record holds the batch once.
            var outsider = await client.ListStaffMemberEnrolmentsAsync(new ListStaffMemberEnrolmentsRequest { Parent = seed.StaffName(4) });
            Assert.DoesNotContain(outsider.Enrolments, e => e.CourseBatch == batch);
            var first = await client.ListStaffMemberEnrolmentsAsync(new ListStaffMemberEnrolmentsRequest { Parent = staff[0] });
            Assert.Single(first.Enrolments, e => e.CourseBatch == batch);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
