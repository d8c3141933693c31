namespace Training.EndToEnd.Tests;

/// <summary>Everything a training officer set up survives stopping the host and starting it on the same data folder.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Every_resource_reads_back_identical_after_a_restart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "training-restart-" + Guid.NewGuid().ToString("N"));
        try
        {
            Seed seed;
            Snapshot before;
            await using (var host = await TrainingHostProcess.StartAsync(folder))
            {
                seed = await Seed.CreateAsync(host, staffCount: 25);
                await host.Staff.TransferStaffMemberAsync(new TransferStaffMemberRequest { Name = seed.StaffName(1), ToCenter = seed.OtherCenter, Reason = "岗位调整", RequestId = Seed.RequestId() });
                await host.Staff.StartStaffLeaveAsync(new StartStaffLeaveRequest { Name = seed.StaffName(2), Reason = "产假", RequestId = Seed.RequestId() });
                await host.Frameworks.CreateCompetencyAsync(new CreateCompetencyRequest
                {
                    Parent = seed.Framework,
                    CompetencyId = "emergency",
                    RequestId = Seed.RequestId(),
                    Competency = new Competency { DisplayName = "应急处置", Dimension = Dimension.BusinessProficient },
                });
                before = await Snapshot.TakeAsync(host, seed);
            }

            await using (var restarted = await TrainingHostProcess.StartAsync(folder))
            {
                var after = await Snapshot.TakeAsync(restarted, seed);
                Assert.Equal(before, after);
                Assert.Equal(24, after.Staff.Count);
                Assert.Contains(after.Staff, s => s.Status == StaffStatus.OnLeave);
                Assert.Single(after.OtherStaff);
                Assert.True(after.Draft.HasUnpublishedChanges);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Everything readable about the seed, compared as protobuf messages (value equality).</summary>
    private sealed record Snapshot(
        Region Region,
        County County,
        Center Center,
        IReadOnlyList<StaffMember> Staff,
        IReadOnlyList<StaffMember> OtherStaff,
        IReadOnlyList<Contracts.V1.HistoryEntry> History,
        CompetencyFramework Draft,
        CompetencyFramework Published,
        Course Course,
        QuestionBank Bank,
        QuestionItem Item)
    {
        public static async Task<Snapshot> TakeAsync(TrainingHostProcess host, Seed seed)
        {
            var staff = await host.Staff.ListStaffMembersAsync(new ListStaffMembersRequest { Parent = seed.Center, PageSize = 1000 });
            var other = await host.Staff.ListStaffMembersAsync(new ListStaffMembersRequest { Parent = seed.OtherCenter, PageSize = 1000 });
            var history = await host.Staff.ListStaffMemberHistoryAsync(new ListStaffMemberHistoryRequest { Name = seed.StaffName(1) });
            return new Snapshot(
                await host.Organization.GetRegionAsync(new GetRegionRequest { Name = seed.Region }),
                await host.Organization.GetCountyAsync(new GetCountyRequest { Name = seed.County }),
                await host.Organization.GetCenterAsync(new GetCenterRequest { Name = seed.Center }),
                [.. staff.StaffMembers],
                [.. other.StaffMembers],
                [.. history.Entries],
                await host.Frameworks.GetFrameworkAsync(new GetFrameworkRequest { Name = seed.Framework }),
                await host.Frameworks.GetFrameworkAsync(new GetFrameworkRequest { Name = seed.Framework, FrameworkVersion = 1 }),
                await host.Courses.GetCourseAsync(new GetCourseRequest { Name = seed.Course }),
                await host.QuestionBanks.GetQuestionBankAsync(new GetQuestionBankRequest { Name = seed.Bank }),
                await host.QuestionBanks.GetQuestionItemAsync(new GetQuestionItemRequest { Name = $"{seed.Bank}/items/q1" }));
        }

        public bool Equals(Snapshot? other) =>
            other is not null
            && Region.Equals(other.Region) && County.Equals(other.County) && Center.Equals(other.Center)
            && Staff.SequenceEqual(other.Staff) && OtherStaff.SequenceEqual(other.OtherStaff) && History.SequenceEqual(other.History)
            && Draft.Equals(other.Draft) && Published.Equals(other.Published) && Course.Equals(other.Course)
            && Bank.Equals(other.Bank) && Item.Equals(other.Item);

        public override int GetHashCode() => Region.GetHashCode();
    }
}
