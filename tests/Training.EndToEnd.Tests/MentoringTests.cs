using System.Net;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Training.Api.Security;

namespace Training.EndToEnd.Tests;

/// <summary>Mentoring over gRPC and HTTP/JSON against the real host: a centre manager registers and assigns a mentor, the mentor coaches, evaluates and signs off.</summary>
public sealed class MentoringTests(SeededHostFixture fixture) : IClassFixture<SeededHostFixture>
{
    private TrainingHostProcess Host => fixture.Host;

    private Seed Seed => fixture.Seed;

    [Fact]
    public async Task A_manager_assigns_a_mentor_who_coaches_evaluates_and_signs_off_and_refusals_write_nothing()
    {
        var manager = new MentorService.MentorServiceClient(Host.ChannelFor(Host.TokenFor(Roles.CenterManager, Seed.Center)));
        var batch = await Seed.CreateBatchAsync(Host, Seed.Center, "mentoring-" + Guid.NewGuid().ToString("N")[..8], open: true, Seed.StaffName(1), Seed.StaffName(2));
        await Host.CourseBatches.StartCourseBatchAsync(new StartCourseBatchRequest { Name = batch, RequestId = Seed.RequestId() });
        var mentorId = "wang-" + Guid.NewGuid().ToString("N")[..8];
        var mentor = await manager.CreateMentorAsync(new CreateMentorRequest
        {
            MentorId = mentorId,
            Mentor = new Mentor
            {
                DisplayName = "王师傅", HomeUnit = Seed.Center, Kind = MentorKind.Staff, StaffMember = Seed.StaffName(3), Framework = Seed.Framework,
                Specialities = { new MentorSpeciality { Competency = "hotline-12345", Level = 4 } }, Capacity = 1,
            },
            RequestId = Seed.RequestId(),
        });
        Assert.Equal(($"mentors/{mentorId}", true), (mentor.Name, mentor.Active));

        var assigned = await manager.AssignMentorAsync(new AssignMentorRequest { CourseBatch = batch, Mentor = mentor.Name, StaffMembers = { Seed.StaffName(1) }, RequestId = Seed.RequestId() });
        Assert.Equal(Seed.StaffName(1), Assert.Single(assigned.Mentorships).StaffMember);
        var full = await Assert.ThrowsAsync<RpcException>(async () =>
            await manager.AssignMentorAsync(new AssignMentorRequest { CourseBatch = batch, Mentor = mentor.Name, StaffMembers = { Seed.StaffName(2) }, RequestId = Seed.RequestId() }));
        Assert.Equal(StatusCode.FailedPrecondition, full.StatusCode);
        Assert.Single((await manager.ListMentorshipsAsync(new ListMentorshipsRequest { Parent = batch })).Mentorships);
        var suggestion = Assert.Single((await manager.SuggestMentorsAsync(new SuggestMentorsRequest { Parent = batch })).Suggestions);
        Assert.Equal((Seed.StaffName(2), string.Empty), (suggestion.StaffMember, suggestion.Mentor));
        Assert.Contains("no active mentor with a free place", suggestion.Reason, StringComparison.Ordinal);

        var self = new MentorService.MentorServiceClient(Host.ChannelFor(Host.TokenFor(Roles.Mentor, Seed.StaffName(3), Seed.Center, mentor.Name)));
        Assert.Equal(Seed.StaffName(1), Assert.Single((await self.ListMenteesAsync(new ListMenteesRequest { Parent = mentor.Name })).Mentees).StaffMember);
        var session = new CoachingSession
        {
            StartTime = DateTimeOffset.UtcNow.AddHours(-1).ToTimestamp(), Duration = Duration.FromTimeSpan(TimeSpan.FromMinutes(45)), Mode = CoachingMode.OneToOne,
            Mentees = { Seed.StaffName(1) }, Competencies = { "hotline-12345" }, Notes = "陪同接听12345来电",
        };
        await self.LogCoachingSessionAsync(new LogCoachingSessionRequest { Parent = mentor.Name, CoachingSessionId = "s1", CoachingSession = session, RequestId = Seed.RequestId() });
        var future = session.Clone();
        future.StartTime = DateTimeOffset.UtcNow.AddDays(1).ToTimestamp();
        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await self.LogCoachingSessionAsync(new LogCoachingSessionRequest { Parent = mentor.Name, CoachingSessionId = "s2", CoachingSession = future, RequestId = Seed.RequestId() }));
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);

        // The mentee reads the sessions they were in; a colleague naming someone else is refused.
        var mentee = new MentorService.MentorServiceClient(Host.ChannelFor(Host.TokenFor(Roles.Trainee, Seed.StaffName(1), Seed.Center)));
        Assert.Equal($"{mentor.Name}/coachingSessions/s1", Assert.Single((await mentee.ListCoachingSessionsAsync(new ListCoachingSessionsRequest { Parent = mentor.Name, Mentee = Seed.StaffName(1) })).CoachingSessions).Name);
        var other = new MentorService.MentorServiceClient(Host.ChannelFor(Host.TokenFor(Roles.Trainee, Seed.StaffName(2), Seed.Center)));
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(async () =>
            await other.ListCoachingSessionsAsync(new ListCoachingSessionsRequest { Parent = mentor.Name, Mentee = Seed.StaffName(1) }))).StatusCode);

        var evaluation = await self.RecordMentorEvaluationAsync(new RecordMentorEvaluationRequest
        {
            Parent = mentor.Name, EvaluationId = "e1", RequestId = Seed.RequestId(),
            Evaluation = new MentorEvaluation { StaffMember = Seed.StaffName(1), Competency = "hotline-12345", Score = 0.8, ObserveTime = DateTimeOffset.UtcNow.AddMinutes(-5).ToTimestamp() },
        });
        Assert.True(evaluation.Delivered);
        Assert.Equal(evaluation.Name, Assert.Single((await mentee.ListMentorEvaluationsAsync(new ListMentorEvaluationsRequest { Parent = mentor.Name, Mentee = Seed.StaffName(1) })).Evaluations).Name);
        Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(async () =>
            await self.ListMentorEvaluationsAsync(new ListMentorEvaluationsRequest { Parent = mentor.Name, Mentee = "not-a-staff-name" }))).StatusCode);
        var history = await Host.Staff.ListStaffMemberHistoryAsync(new ListStaffMemberHistoryRequest { Name = Seed.StaffName(1), PageSize = 1000 });
        Assert.Contains(history.Entries, e => e.EventType == "staff.evidence-recorded.v1" && e.Summary.Contains("hotline-12345", StringComparison.Ordinal));

        var notMine = await Assert.ThrowsAsync<RpcException>(async () =>
            await self.SignOffOnTheJobAsync(new SignOffOnTheJobRequest { CourseBatch = batch, StaffMember = Seed.StaffName(2), Mentor = mentor.Name, RequestId = Seed.RequestId() }));
        Assert.Equal(StatusCode.FailedPrecondition, notMine.StatusCode);
        var signed = await self.SignOffOnTheJobAsync(new SignOffOnTheJobRequest { CourseBatch = batch, StaffMember = Seed.StaffName(1), Mentor = mentor.Name, Note = "能独立办理", RequestId = Seed.RequestId() });
        Assert.True(signed.SignedOff);
        var started = DateTimeOffset.UtcNow.AddHours(-1);
        var load = await self.GetMentorWorkloadAsync(new GetMentorWorkloadRequest { Name = mentor.Name + "/workload" });
        Assert.Equal((1, 1, 0), (load.CurrentMentees, load.Capacity, load.PendingSignOffs));
        Assert.InRange(load.SessionsThisMonth, started.Month == DateTimeOffset.UtcNow.Month ? 1 : 0, 1);
        var results = await Host.Assessments.GetStageResultsAsync(new GetStageResultsRequest { CourseBatch = batch });
        Assert.True(results.Trainees.Single(r => r.StaffMember == Seed.StaffName(1)).Stages.Single(s => s.Stage == StageKind.OnTheJob).Passed);

        // HTTP/JSON: the mentor and the batch's orphans (none while the mentor is active, one after deactivation).
        var http = Host.HttpFor(Host.TokenFor(Roles.CenterManager, Seed.Center));
        var (status, body) = await HttpJson.SendAsync(http, HttpMethod.Get, $"/v1/{mentor.Name}");
        Assert.Equal((HttpStatusCode.OK, 1), (status, body.GetProperty("menteeCount").GetInt32()));
        await manager.DeactivateMentorAsync(new DeactivateMentorRequest { Name = mentor.Name, Reason = "调离本中心", RequestId = Seed.RequestId() });
        var (orphanStatus, orphans) = await HttpJson.SendAsync(http, HttpMethod.Get, $"/v1/{batch}/mentorships?orphansOnly=true");
        Assert.Equal(HttpStatusCode.OK, orphanStatus);
        Assert.Equal("调离本中心", Assert.Single(orphans.GetProperty("mentorships").EnumerateArray()).GetProperty("orphanReason").GetString());
    }

    [Fact]
    public async Task A_manager_releases_a_trainee_from_their_mentor_who_becomes_an_orphan_of_the_batch_and_leaves_the_mentee_list()
    {
        var manager = new MentorService.MentorServiceClient(Host.ChannelFor(Host.TokenFor(Roles.CenterManager, Seed.Center)));
        var county = new MentorService.MentorServiceClient(Host.ChannelFor(Host.TokenFor(Roles.CountyAdmin, Seed.County)));
        var batch = await Seed.CreateBatchAsync(Host, Seed.Center, "release-" + Guid.NewGuid().ToString("N")[..8], open: true, Seed.StaffName(1), Seed.StaffName(2));
        await Host.CourseBatches.StartCourseBatchAsync(new StartCourseBatchRequest { Name = batch, RequestId = Seed.RequestId() });
        var mentor = await CreateCountyExpertAsync(county, "li", "县人社局 李专家", capacity: 2);
        await manager.AssignMentorAsync(new AssignMentorRequest { CourseBatch = batch, Mentor = mentor.Name, StaffMembers = { Seed.StaffName(1), Seed.StaffName(2) }, RequestId = Seed.RequestId() });

        // Bad input is refused before any grain is asked, and writes nothing (a malformed name as the operator sends it:
        // a centre manager is refused sooner, for a batch that cannot be theirs).
        var blank = await Assert.ThrowsAsync<RpcException>(async () =>
            await manager.ReleaseMentorAsync(new ReleaseMentorRequest { CourseBatch = batch, StaffMember = Seed.StaffName(1), Reason = "  ", RequestId = Seed.RequestId() }));
        Assert.Equal(StatusCode.InvalidArgument, blank.StatusCode);
        var malformed = await Assert.ThrowsAsync<RpcException>(async () =>
            await new MentorService.MentorServiceClient(Host.Channel).ReleaseMentorAsync(new ReleaseMentorRequest { CourseBatch = "batches/x", StaffMember = "nobody", Reason = "调整", RequestId = Seed.RequestId() }));
        Assert.Equal(StatusCode.InvalidArgument, malformed.StatusCode);
        Assert.Empty((await manager.ListMentorshipsAsync(new ListMentorshipsRequest { Parent = batch, OrphansOnly = true })).Mentorships);

        var released = await manager.ReleaseMentorAsync(new ReleaseMentorRequest { CourseBatch = batch, StaffMember = Seed.StaffName(1), Reason = "导师调整", RequestId = Seed.RequestId() });
        Assert.Equal((mentor.Name, true, "mentoring ended: 导师调整"), (released.Mentor, released.Orphaned, released.OrphanReason));
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(async () =>
            await manager.ReleaseMentorAsync(new ReleaseMentorRequest { CourseBatch = batch, StaffMember = Seed.StaffName(1), Reason = "再次", RequestId = Seed.RequestId() }))).StatusCode);

        // HTTP/JSON: the second trainee is released too; both are the batch's orphans, and the mentor lists none.
        var http = Host.HttpFor(Host.TokenFor(Roles.CenterManager, Seed.Center));
        var (status, body) = await HttpJson.SendAsync(http, HttpMethod.Post, $"/v1/{batch}:releaseMentor", new { staffMember = Seed.StaffName(2), reason = "学员调岗", requestId = Seed.RequestId() });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("orphaned").GetBoolean());
        var (orphanStatus, orphans) = await HttpJson.SendAsync(http, HttpMethod.Get, $"/v1/{batch}/mentorships?orphansOnly=true");
        Assert.Equal(HttpStatusCode.OK, orphanStatus);
        Assert.Equal(
            [(Seed.StaffName(1), "mentoring ended: 导师调整"), (Seed.StaffName(2), "mentoring ended: 学员调岗")],
            orphans.GetProperty("mentorships").EnumerateArray().Select(m => (m.GetProperty("staffMember").GetString(), m.GetProperty("orphanReason").GetString())));
        Assert.Empty((await county.ListMenteesAsync(new ListMenteesRequest { Parent = mentor.Name })).Mentees);
        Assert.Equal(0, (await county.GetMentorAsync(new GetMentorRequest { Name = mentor.Name })).MenteeCount);

        // The host is shared by this class's tests: an expert with free places would be suggested to their batches.
        await county.DeactivateMentorAsync(new DeactivateMentorRequest { Name = mentor.Name, Reason = "测试结束", RequestId = Seed.RequestId() });
    }

    [Fact]
    public async Task A_trainees_centre_manager_reads_the_trainees_coaching_log_with_a_county_expert_and_nothing_more()
    {
        var manager = new MentorService.MentorServiceClient(Host.ChannelFor(Host.TokenFor(Roles.CenterManager, Seed.Center)));
        var otherManager = new MentorService.MentorServiceClient(Host.ChannelFor(Host.TokenFor(Roles.CenterManager, Seed.OtherCenter)));
        var county = new MentorService.MentorServiceClient(Host.ChannelFor(Host.TokenFor(Roles.CountyAdmin, Seed.County)));
        var batch = await Seed.CreateBatchAsync(Host, Seed.Center, "expert-log-" + Guid.NewGuid().ToString("N")[..8], open: true, Seed.StaffName(1));
        await Host.CourseBatches.StartCourseBatchAsync(new StartCourseBatchRequest { Name = batch, RequestId = Seed.RequestId() });
        var mentor = await CreateCountyExpertAsync(county, "zhao", "县人社局 赵专家", capacity: 3);
        await manager.AssignMentorAsync(new AssignMentorRequest { CourseBatch = batch, Mentor = mentor.Name, StaffMembers = { Seed.StaffName(1) }, RequestId = Seed.RequestId() });
        var expert = new MentorService.MentorServiceClient(Host.ChannelFor(Host.TokenFor(Roles.Mentor, Seed.County, mentor.Name)));
        await expert.LogCoachingSessionAsync(new LogCoachingSessionRequest
        {
            Parent = mentor.Name, CoachingSessionId = "s1", RequestId = Seed.RequestId(),
            CoachingSession = new CoachingSession
            {
                StartTime = DateTimeOffset.UtcNow.AddHours(-2).ToTimestamp(), Duration = Duration.FromTimeSpan(TimeSpan.FromMinutes(30)), Mode = CoachingMode.OneToOne,
                Mentees = { Seed.StaffName(1) }, Competencies = { "hotline-12345" }, Notes = "政策解读",
            },
        });

        // The trainee's centre manager reads the trainee's sessions with the county's expert, over gRPC and HTTP/JSON.
        var read = new ListCoachingSessionsRequest { Parent = mentor.Name, Mentee = Seed.StaffName(1) };
        Assert.Equal($"{mentor.Name}/coachingSessions/s1", Assert.Single((await manager.ListCoachingSessionsAsync(read)).CoachingSessions).Name);
        var (status, body) = await HttpJson.SendAsync(Host.HttpFor(Host.TokenFor(Roles.CenterManager, Seed.Center)), HttpMethod.Get, $"/v1/{mentor.Name}/coachingSessions?mentee={Seed.StaffName(1)}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Single(body.GetProperty("coachingSessions").EnumerateArray());

        // Not the whole log of the expert (other centres' trainees), and not as another centre's manager.
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(async () =>
            await manager.ListCoachingSessionsAsync(new ListCoachingSessionsRequest { Parent = mentor.Name }))).StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(async () =>
            await otherManager.ListCoachingSessionsAsync(read))).StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(async () =>
            await manager.GetMentorAsync(new GetMentorRequest { Name = mentor.Name }))).StatusCode);

        // The host is shared by this class's tests: an expert with free places would be suggested to their batches.
        await county.DeactivateMentorAsync(new DeactivateMentorRequest { Name = mentor.Name, Reason = "测试结束", RequestId = Seed.RequestId() });
    }

    /// <summary>An external expert of the seed's county (hotline speciality), registered by the county admin.</summary>
    private Task<Mentor> CreateCountyExpertAsync(MentorService.MentorServiceClient county, string idPrefix, string displayName, int capacity) =>
        county.CreateMentorAsync(new CreateMentorRequest
        {
            MentorId = idPrefix + "-" + Guid.NewGuid().ToString("N")[..8],
            Mentor = new Mentor
            {
                DisplayName = displayName, HomeUnit = Seed.County, Kind = MentorKind.External, Affiliation = "县人社局", Framework = Seed.Framework,
                Specialities = { new MentorSpeciality { Competency = "hotline-12345", Level = 5 } }, Capacity = capacity,
            },
            RequestId = Seed.RequestId(),
        }).ResponseAsync;
}
