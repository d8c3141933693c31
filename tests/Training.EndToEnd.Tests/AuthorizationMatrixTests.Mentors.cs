using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Training.EndToEnd.Tests;

/// <summary>The request builders of MentorService (issue 6): each a valid request about the mentor, batch or mentee on the given side.</summary>
public sealed partial class AuthorizationMatrixTests
{
    private const string MentorRpc = "/training.v1.MentorService/";

    private static Task<MatrixCase> CreateMentorCase(AuthorizationMatrixFixture f, Side side)
    {
        var id = Fresh("mx-m");
        var request = new CreateMentorRequest { MentorId = id, Mentor = f.NewMentor(side), RequestId = Seed.RequestId() };
        return Done(new MatrixCase(request, Resource.Unit(f.PlaceOf(side).Center)) { State = () => f.MentorState($"mentors/{id}") });
    }

    private static Task<MatrixCase> UpdateMentorCase(AuthorizationMatrixFixture f, Side side)
    {
        var mentor = f.MentorOf(side);
        var request = new UpdateMentorRequest { Mentor = new Mentor { Name = mentor, DisplayName = Fresh("导师") }, UpdateMask = Mask("display_name"), RequestId = Seed.RequestId() };
        return Done(new MatrixCase(request, f.MentorResource(side)) { State = () => f.MentorState(mentor) });
    }

    /// <summary>Deactivates a fresh mentor of the side (the side's own mentor keeps its mentee for the other cases).</summary>
    private static async Task<MatrixCase> DeactivateMentorCase(AuthorizationMatrixFixture f, Side side)
    {
        var mentor = await f.RegisterMentorAsync(side);
        return new MatrixCase(new DeactivateMentorRequest { Name = mentor, Reason = "调离本中心", RequestId = Seed.RequestId() }, Resource.MentorItem(mentor, f.PlaceOf(side).Center))
        {
            State = () => f.MentorState(mentor),
        };
    }

    /// <summary>Reactivates a fresh (active) mentor of the side: allowed callers get it back unchanged, refused ones write nothing.</summary>
    private static async Task<MatrixCase> ReactivateMentorCase(AuthorizationMatrixFixture f, Side side)
    {
        var mentor = await f.RegisterMentorAsync(side);
        return new MatrixCase(new ReactivateMentorRequest { Name = mentor, RequestId = Seed.RequestId() }, Resource.MentorItem(mentor, f.PlaceOf(side).Center))
        {
            State = () => f.MentorState(mentor),
        };
    }

    private static Task<MatrixCase> AssignMentorCase(AuthorizationMatrixFixture f, Side side)
    {
        var batch = f.MentoringBatchOf(side);
        var request = new AssignMentorRequest { CourseBatch = batch, Mentor = f.MentorOf(side), StaffMembers = { f.StaffOf(side) }, RequestId = Seed.RequestId() };
        return Done(new MatrixCase(request, Resource.Batch(batch)) { State = () => f.MentorshipsState(batch) });
    }

    /// <summary>Releases the side's staff member from a fresh mentor in a fresh running batch (the side's own mentorship stays for the other cases).</summary>
    private static async Task<MatrixCase> ReleaseMentorCase(AuthorizationMatrixFixture f, Side side)
    {
        var mentor = await f.RegisterMentorAsync(side);
        var batch = await f.FreshBatchAsync(side, open: true, started: true);
        await new MentorService.MentorServiceClient(f.Host.Channel).AssignMentorAsync(new AssignMentorRequest { CourseBatch = batch, Mentor = mentor, StaffMembers = { f.StaffOf(side) }, RequestId = Seed.RequestId() });
        var request = new ReleaseMentorRequest { CourseBatch = batch, StaffMember = f.StaffOf(side), Reason = "调整导师", RequestId = Seed.RequestId() };
        return new MatrixCase(request, Resource.Batch(batch)) { State = () => f.MentorshipsState(batch) };
    }

    private static Task<MatrixCase> LogCoachingSessionCase(AuthorizationMatrixFixture f, Side side)
    {
        var request = new LogCoachingSessionRequest { Parent = f.MentorOf(side), CoachingSessionId = Fresh("mx-cs"), CoachingSession = f.NewCoachingSession(side), RequestId = Seed.RequestId() };
        return Done(new MatrixCase(request, f.MentorResource(side)) { State = () => f.CoachingLogState(side) });
    }

    private static async Task<MatrixCase> CorrectCoachingSessionCase(AuthorizationMatrixFixture f, Side side)
    {
        var logged = await f.MentorClient(side).LogCoachingSessionAsync(new LogCoachingSessionRequest
        {
            Parent = f.MentorOf(side), CoachingSessionId = Fresh("mx-cs"), CoachingSession = f.NewCoachingSession(side), RequestId = Seed.RequestId(),
        });
        var corrected = logged.Clone();
        corrected.Duration = Duration.FromTimeSpan(TimeSpan.FromMinutes(50));
        var request = new CorrectCoachingSessionRequest { CoachingSession = corrected, Reason = "时长记错", RequestId = Seed.RequestId() };
        return new MatrixCase(request, f.MentorResource(side)) { State = () => f.CoachingLogState(side) };
    }

    private static Task<MatrixCase> RecordMentorEvaluationCase(AuthorizationMatrixFixture f, Side side)
    {
        var request = new RecordMentorEvaluationRequest
        {
            Parent = f.MentorOf(side),
            EvaluationId = Fresh("mx-ev"),
            Evaluation = new MentorEvaluation
            {
                StaffMember = f.StaffOf(side), Competency = "hotline-12345", Score = 0.75, ObserveTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1)), Note = "矩阵评价",
            },
            RequestId = Seed.RequestId(),
        };
        return Done(new MatrixCase(request, f.MentorResource(side)) { State = () => f.StaffState(f.StaffOf(side)) });
    }

    private static Task<MatrixCase> SignOffCase(AuthorizationMatrixFixture f, Side side)
    {
        var batch = f.MentoringBatchOf(side);
        var request = new SignOffOnTheJobRequest { CourseBatch = batch, StaffMember = f.StaffOf(side), Mentor = f.MentorOf(side), Note = "岗位实践合格", RequestId = Seed.RequestId() };
        return Done(new MatrixCase(request, f.MentorResource(side)) { State = () => f.MentorshipsState(batch) });
    }

    /// <summary>Withdraws a sign-off the side's mentor has just given (again).</summary>
    private static async Task<MatrixCase> WithdrawSignOffCase(AuthorizationMatrixFixture f, Side side)
    {
        var batch = f.MentoringBatchOf(side);
        await f.MentorClient(side).SignOffOnTheJobAsync(new SignOffOnTheJobRequest { CourseBatch = batch, StaffMember = f.StaffOf(side), Mentor = f.MentorOf(side), RequestId = Seed.RequestId() });
        var request = new WithdrawOnTheJobSignOffRequest { CourseBatch = batch, StaffMember = f.StaffOf(side), Mentor = f.MentorOf(side), Reason = "复核未通过", RequestId = Seed.RequestId() };
        return new MatrixCase(request, f.MentorResource(side)) { State = () => f.MentorshipsState(batch) };
    }
}

/// <summary>The mentors of the matrix: on each side a staff mentor of the side's centre, mentoring the side's staff member in a running batch.</summary>
public sealed partial class AuthorizationMatrixFixture
{
    private readonly Dictionary<Side, string> mentors = [];

    private readonly Dictionary<Side, string> mentoringBatches = [];

    /// <summary>The side's mentor (the own side's is the mentor role's own record).</summary>
    internal string MentorOf(Side side) => mentors.TryGetValue(side, out var mentor) ? mentor : $"mentors/matrix-{side.ToString().ToLowerInvariant()}";

    internal Resource MentorResource(Side side) => Resource.MentorItem(MentorOf(side), PlaceOf(side).Center);

    /// <summary>A running batch of the side's centre where the side's mentor mentors the side's staff member.</summary>
    internal string MentoringBatchOf(Side side) => mentoringBatches[side];

    /// <summary>A gRPC client acting as the side's mentor.</summary>
    internal MentorService.MentorServiceClient MentorClient(Side side) =>
        new(Host.ChannelFor(Host.TokenFor(AuthorizationExpectations.Mentor, MentorStaffOf(side), PlaceOf(side).Center, MentorOf(side))));

    internal Mentor NewMentor(Side side) => new()
    {
        DisplayName = "矩阵导师",
        HomeUnit = PlaceOf(side).Center,
        Kind = MentorKind.Staff,
        StaffMember = MentorStaffOf(side),
        Framework = CatalogueOf(side).Framework,
        Specialities = { new MentorSpeciality { Competency = "hotline-12345", Level = 4 } },
        Capacity = 10,
    };

    internal CoachingSession NewCoachingSession(Side side) => new()
    {
        StartTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-2)),
        Duration = Duration.FromTimeSpan(TimeSpan.FromMinutes(40)),
        Mode = CoachingMode.OneToOne,
        Mentees = { StaffOf(side) },
        Competencies = { "hotline-12345" },
        Notes = "陪同接听12345来电",
    };

    /// <summary>Registers a new mentor of the side's centre; answers its name.</summary>
    internal async Task<string> RegisterMentorAsync(Side side)
    {
        var mentors = new MentorService.MentorServiceClient(Host.Channel);
        return (await mentors.CreateMentorAsync(new CreateMentorRequest { MentorId = AuthorizationMatrixTests.Fresh("mx-m"), Mentor = NewMentor(side), RequestId = Seed.RequestId() })).Name;
    }

    /// <summary>A mentor as the operator reads it, or "(absent)".</summary>
    internal Task<string> MentorState(string name) =>
        Read(() => new MentorService.MentorServiceClient(Host.Channel).GetMentorAsync(new GetMentorRequest { Name = name }));

    /// <summary>A batch's mentorships as the operator reads them.</summary>
    internal Task<string> MentorshipsState(string batch) =>
        Read(() => new MentorService.MentorServiceClient(Host.Channel).ListMentorshipsAsync(new ListMentorshipsRequest { Parent = batch }));

    /// <summary>The side's mentor's coaching log (read by the mentor themself: the operator manages mentors but keeps no log).</summary>
    internal Task<string> CoachingLogState(Side side) =>
        Read(() => MentorClient(side).ListCoachingSessionsAsync(new ListCoachingSessionsRequest { Parent = MentorOf(side) }));

    /// <summary>The staff member who mentors on a side: the own seed's staff member 2, Han Dian's staff member, the foreign seed's staff member 2.</summary>
    private string MentorStaffOf(Side side) => side switch
    {
        Side.Own => Own.StaffName(2),
        Side.Neighbour => NeighbourStaff,
        _ => Foreign.StaffName(2),
    };

    /// <summary>On each side: a mentor, a running batch with the side's staff member enrolled, and the mentor assigned to them.</summary>
    private async Task CreateMentorsAsync()
    {
        var client = new MentorService.MentorServiceClient(Host.Channel);
        foreach (var side in new[] { Side.Own, Side.Neighbour, Side.Foreign })
        {
            mentors[side] = await RegisterMentorAsync(side);
            mentoringBatches[side] = await FreshBatchAsync(side, open: true, started: true);
            await client.AssignMentorAsync(new AssignMentorRequest { CourseBatch = mentoringBatches[side], Mentor = mentors[side], StaffMembers = { StaffOf(side) }, RequestId = Seed.RequestId() });
        }
    }
}
