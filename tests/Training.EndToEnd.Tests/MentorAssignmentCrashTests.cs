using Grpc.Core;

namespace Training.EndToEnd.Tests;

/// <summary>
/// A mentor assignment touches two grains: the batch (the authority) records it, then drives the mentor's mentee list.
/// The host is a real process that kills itself between the two writes (TRAINING_FAULT_CRASH_AFTER_MENTOR_ASSIGNED);
/// started again on the same data, the batch resumes the pending step and the two agree.
/// </summary>
public sealed class MentorAssignmentCrashTests
{
    private static readonly Dictionary<string, string> CrashAfterMentorAssigned = new() { ["TRAINING_FAULT_CRASH_AFTER_MENTOR_ASSIGNED"] = "1" };

    [Fact]
    public async Task A_process_killed_between_the_batch_and_the_mentor_recovers_so_both_agree()
    {
        var folder = Path.Combine(Path.GetTempPath(), "training-mentor-crash-" + Guid.NewGuid().ToString("N"));
        try
        {
            string batch;
            string mentor;
            string[] trainees;
            await using (var doomed = await ChildHost.StartAsync(folder, CrashAfterMentorAssigned))
            {
                var seed = await Seed.CreateAsync(doomed.Channel, staffCount: 4);
                trainees = [seed.StaffName(1), seed.StaffName(2), seed.StaffName(3)];
                batch = await seed.CreateBatchAsync(doomed.Channel, seed.Center, open: true, enrol: trainees);
                var mentors = new MentorService.MentorServiceClient(doomed.Channel);
                mentor = (await mentors.CreateMentorAsync(new CreateMentorRequest
                {
                    MentorId = "li-expert",
                    Mentor = new Mentor
                    {
                        DisplayName = "县人社局 李专家", HomeUnit = seed.County, Kind = MentorKind.External, Affiliation = "县人社局", Framework = seed.Framework,
                        Specialities = { new MentorSpeciality { Competency = "communication", Level = 5 } }, Capacity = 5,
                    },
                    RequestId = Seed.RequestId(),
                })).Name;

                var call = new AssignMentorRequest { CourseBatch = batch, Mentor = mentor, StaffMembers = { trainees }, RequestId = Seed.RequestId() };
                var failure = await Assert.ThrowsAsync<RpcException>(async () => await mentors.AssignMentorAsync(call, deadline: DateTime.UtcNow.AddSeconds(30)));
                Assert.True(failure.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Cancelled, $"the caller saw {failure.Status}");
                Assert.True(await doomed.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the host did not die at the fault-injection point");
                Assert.NotEqual(0, doomed.ExitCode);
                Assert.Contains("fault injection", doomed.Output, StringComparison.Ordinal);
            }

            await using var restarted = await ChildHost.StartAsync(folder);
            var client = new MentorService.MentorServiceClient(restarted.Channel);

            // The assignment was durable in the batch before the crash; reading the batch activates it and resumes the delivery.
            var listed = await client.ListMentorshipsAsync(new ListMentorshipsRequest { Parent = batch });
            Assert.Equal(trainees.Order(StringComparer.Ordinal), listed.Mentorships.Select(m => m.StaffMember).Order(StringComparer.Ordinal));
            Assert.All(listed.Mentorships, m => Assert.Equal((mentor, "group-1"), (m.Mentor, m.GroupId)));

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                var mentees = (await client.ListMenteesAsync(new ListMenteesRequest { Parent = mentor })).Mentees;
                var confirmed = (await client.ListMentorshipsAsync(new ListMentorshipsRequest { Parent = batch })).Mentorships.Count(m => m.Confirmed);
                if (mentees.Count == trainees.Length && confirmed == trainees.Length)
                {
                    Assert.Equal(trainees.Order(StringComparer.Ordinal), mentees.Select(m => m.StaffMember).Order(StringComparer.Ordinal));
                    Assert.All(mentees, m => Assert.Equal(batch, m.CourseBatch));
                    break;
                }

                Assert.True(DateTime.UtcNow < deadline, $"after the restart the mentor lists {mentees.Count} of {trainees.Length} mentees and {confirmed} are confirmed");
                await Task.Delay(200);
            }

            Assert.Equal(trainees.Length, (await client.GetMentorAsync(new GetMentorRequest { Name = mentor })).MenteeCount);
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
