using System.CommandLine;
using System.Globalization;

namespace Training.Desktop.Commands;

/// <summary><c>training batches …</c></summary>
internal static class BatchesCommands
{
    public static Command Create(Cli cli) =>
        new("batches", "Course batches: one run of a course for the staff of one or more centres (sessions, enrolment, attendance).")
        {
            List(cli), Get(cli), CreateBatch(cli), Enrol(cli), Attendance(cli),
        };

    private static Command List(Cli cli)
    {
        var center = Cli.Required("--center", "The centre running the batches, e.g. regions/shandong/counties/zouping/centers/t-town.", "center");
        var command = new Command("list", "List the batches a centre runs.") { center };
        cli.Handle(command, async (parse, api, ct) =>
        {
            var parent = parse.GetRequiredValue(center);
            var batches = await ApiClient.ReadAllPages(
                token => api.CourseBatches.ListCourseBatchesAsync(new ListCourseBatchesRequest { Parent = parent, PageSize = 1000, PageToken = token }, cancellationToken: ct),
                page => page.CourseBatches,
                page => page.NextPageToken);
            cli.Output.Table(
                ["Name", "Display name", "Course", "State", "Enrolled", "Wait-listed", "Sessions"],
                batches.Select(b => new[]
                {
                    b.Name, b.DisplayName, b.Course, ProtoEnums.ShortName(b.State), $"{b.EnrolledCount}/{b.Capacity}",
                    Number(b.WaitListedCount), Number(b.Sessions.Count),
                }));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Get(Cli cli)
    {
        var name = BatchArgument();
        var command = new Command("get", "Show a batch and its sessions.") { name };
        cli.Handle(command, async (parse, api, ct) =>
        {
            Print(cli, await api.CourseBatches.GetCourseBatchAsync(new GetCourseBatchRequest { Name = parse.GetRequiredValue(name) }, cancellationToken: ct));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateBatch(Cli cli)
    {
        var center = Cli.Required("--center", "The centre that runs it.", "center");
        var id = Cli.Required("--id", "The batch id: [a-z0-9][a-z0-9-]{0,62}, e.g. hotline-2026-1.", "id");
        var course = Cli.Required("--course", "The course, e.g. courses/hotline-12345 (or just hotline-12345).", "course");
        var displayName = Cli.Required("--display-name", "1..200 characters, e.g. 2026年第一期 12345热线接诉即办.", "text");
        var capacity = Cli.Bounded("--capacity", "Staff enrolled at once.", 30, 1, 500);
        var waitingList = Cli.Bounded("--waiting-list", "Places on the waiting list (0: none).", 0, 0, 500);
        var posts = new Option<string[]>("--post") { Description = $"A post that may enrol (repeatable; default: the course's target posts): {ProtoEnums.Choices<Post>()}.", HelpName = "post" };
        var centers = new Option<string[]>("--also-center") { Description = "Another centre of the county whose staff may enrol (repeatable).", HelpName = "center" };
        var opens = Cli.Required("--opens", "When enrolment opens, e.g. 2026-03-01T08:00+08:00 (local time without an offset).", "time");
        var closes = Cli.Required("--closes", "When enrolment closes.", "time");
        var command = new Command("create", "Create a batch of a course (in state PLANNED).") { center, id, course, displayName, capacity, waitingList, posts, centers, opens, closes };
        cli.HandleMutation(command, Cli.RequestIdOption(), async (parse, api, requestId, ct) =>
        {
            var (openTime, closeTime) = (Times.Parse(parse.GetRequiredValue(opens)), Times.Parse(parse.GetRequiredValue(closes)));
            if (openTime is null || closeTime is null)
            {
                return cli.Output.UsageError("--opens and --closes must be times such as 2026-03-01T08:00+08:00.");
            }

            var batch = new CourseBatch
            {
                DisplayName = parse.GetRequiredValue(displayName),
                Course = Names.Course(parse.GetRequiredValue(course)),
                Centers = { parse.GetValue(centers) ?? [] },
                Capacity = parse.GetValue(capacity),
                WaitingListCapacity = parse.GetValue(waitingList),
                EnrolmentOpenTime = openTime,
                EnrolmentCloseTime = closeTime,
            };
            foreach (var text in parse.GetValue(posts) ?? [])
            {
                if (!ProtoEnums.TryParse<Post>(text, out var post))
                {
                    return cli.Output.UsageError($"--post {text} is not a post; one of {ProtoEnums.Choices<Post>()}.");
                }

                batch.EligiblePosts.Add(post);
            }

            var request = new CreateCourseBatchRequest { Parent = parse.GetRequiredValue(center), CourseBatchId = parse.GetRequiredValue(id), CourseBatch = batch, RequestId = requestId };
            Print(cli, await api.CourseBatches.CreateCourseBatchAsync(request, cancellationToken: ct));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Enrol(Cli cli)
    {
        var name = BatchArgument();
        var staff = new Option<string[]>("--staff") { Description = "A staff member to enrol (repeatable): staff/{staff_id} or the staff number.", HelpName = "staff" };
        var post = new Option<string?>("--post") { Description = $"Enrol every active staff member with this post at --center: {ProtoEnums.Choices<Post>()}.", HelpName = "post" };
        var center = new Option<string?>("--center") { Description = "With --post: the centre whose staff to enrol (default: the batch's own centre).", HelpName = "center" };
        var command = new Command("enrol", "Enrol staff members (one result per staff member; beyond capacity they go on the waiting list).") { name, staff, post, center };
        cli.HandleMutation(command, Cli.RequestIdOption(), async (parse, api, requestId, ct) =>
        {
            var batch = parse.GetRequiredValue(name);
            var request = new EnrolStaffMembersRequest { CourseBatch = batch, RequestId = requestId };
            request.StaffMembers.AddRange((parse.GetValue(staff) ?? []).Select(Names.Staff));
            if (parse.GetValue(post) is { } postText)
            {
                if (!ProtoEnums.TryParse<Post>(postText, out var wanted))
                {
                    return cli.Output.UsageError($"--post {postText} is not a post; one of {ProtoEnums.Choices<Post>()}.");
                }

                var parent = parse.GetValue(center) is { Length: > 0 } given ? given : HostCenter(batch);
                var members = await ApiClient.ReadAllPages(
                    token => api.Staff.ListStaffMembersAsync(new ListStaffMembersRequest { Parent = parent, PageSize = 1000, PageToken = token }, cancellationToken: ct),
                    page => page.StaffMembers,
                    page => page.NextPageToken);
                request.StaffMembers.AddRange(members.Where(m => m.Post == wanted && m.Status == StaffStatus.Active).Select(m => m.Name).Except(request.StaffMembers));
            }

            if (request.StaffMembers.Count == 0)
            {
                return cli.Output.UsageError("nobody to enrol: give --staff, or --post with staff of that post at the centre.");
            }

            var response = await api.CourseBatches.EnrolStaffMembersAsync(request, cancellationToken: ct);
            cli.Output.Table(
                ["Staff", "Result", "Detail"],
                response.Results.Select(r => r.Enrolment is { } e
                    ? new[] { r.StaffMember, ProtoEnums.ShortName(e.Status), e.WaitListPosition > 0 ? $"waiting list #{e.WaitListPosition}" : e.StaffDisplayName }
                    : [r.StaffMember, Output.CodeName(r.Status?.Code ?? 0), r.Status?.Message ?? string.Empty]));
            var failed = response.Results.Count(r => r.Enrolment is null);
            cli.Output.Line($"enrolled or wait-listed: {response.Results.Count - failed}, refused: {failed}");
            return failed == 0 ? ExitCodes.Ok : ExitCodes.Error;
        });
        return command;
    }

    private static Command Attendance(Cli cli)
    {
        var name = new Argument<string>("name") { Description = "A batch (its rates per session and who owes which session) or one of its sessions (every mark)." };
        var command = new Command("attendance", "Show a batch's or a session's attendance.") { name };
        cli.Handle(command, async (parse, api, ct) =>
        {
            var target = parse.GetRequiredValue(name);
            if (target.Contains("/sessions/", StringComparison.Ordinal))
            {
                var session = await api.CourseBatches.GetSessionAttendanceAsync(new GetSessionAttendanceRequest { Name = target }, cancellationToken: ct);
                cli.Output.Fields(
                    ("Session", session.Session.Name),
                    ("State", ProtoEnums.ShortName(session.Session.State)),
                    ("Attendance", Summary(session.Session.Attendance)),
                    ("Not yet marked", string.Join(", ", session.NotYetMarked)));
                cli.Output.Table(
                    ["Staff", "Mark", "Source", "Recorded", "Reason", "Corrections"],
                    session.Records.Select(r => new[] { r.StaffMember, ProtoEnums.ShortName(r.Mark), ProtoEnums.ShortName(r.Source), Output.Time(r.RecordTime), r.Reason, Number(r.Corrections) }));
                return ExitCodes.Ok;
            }

            var batch = await api.CourseBatches.GetCourseBatchAttendanceAsync(new GetCourseBatchAttendanceRequest { Name = target }, cancellationToken: ct);
            cli.Output.Fields(("Batch", batch.CourseBatch), ("Attendance", Summary(batch.Summary)));
            cli.Output.Table(
                ["Session", "Stage", "Start", "State", "Attendance"],
                batch.Sessions.Select(s => new[] { Names.Id(s.Name), ProtoEnums.ShortName(s.Stage), Output.Time(s.StartTime), ProtoEnums.ShortName(s.State), Summary(s.Attendance) }),
                title: "Sessions");
            cli.Output.Table(
                ["Staff", "Missed", "Mark", "Make-up offered", "Booked"],
                batch.Owed.Select(o => new[] { o.StaffMember, Names.Id(o.MissedSession), ProtoEnums.ShortName(o.Mark), o.OfferedMakeUp, o.BookedMakeUp }),
                title: "Owed sessions");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>A batch with its sessions.</summary>
    internal static void Print(Cli cli, CourseBatch batch)
    {
        cli.Output.Fields(
            ("Name", batch.Name),
            ("Display name", batch.DisplayName),
            ("Course", batch.Course),
            ("State", ProtoEnums.ShortName(batch.State) + (batch.CancelReason.Length > 0 ? $" ({batch.CancelReason})" : string.Empty)),
            ("Centres", string.Join(", ", batch.Centers)),
            ("Enrolled", $"{batch.EnrolledCount}/{batch.Capacity}, waiting list {batch.WaitListedCount}/{batch.WaitingListCapacity}"),
            ("Posts", string.Join(", ", batch.EligiblePosts.Select(ProtoEnums.ShortName))),
            ("Enrolment", $"{Output.Time(batch.EnrolmentOpenTime)} – {Output.Time(batch.EnrolmentCloseTime)}"),
            ("Attendance", Summary(batch.Attendance)),
            ("Updated", Output.Time(batch.UpdateTime)),
            ("Etag", batch.Etag));
        cli.Output.Table(
            ["Session", "Stage", "Display name", "Mode", "Room", "Start", "End", "Instructor", "State"],
            batch.Sessions.Select(s => new[]
            {
                Names.Id(s.Name), ProtoEnums.ShortName(s.Stage), s.DisplayName + (s.MakeUp ? " (make-up)" : string.Empty), ProtoEnums.ShortName(s.Mode),
                s.Room, Output.Time(s.StartTime), Output.Time(s.EndTime), s.Instructor, ProtoEnums.ShortName(s.State),
            }),
            title: "Sessions");
    }

    /// <summary>"5/8 attended (62%)", or "nothing expected yet".</summary>
    internal static string Summary(AttendanceSummary? summary) =>
        summary is null || summary.Expected == 0
            ? "nothing expected yet"
            : string.Create(CultureInfo.InvariantCulture, $"{summary.Attended}/{summary.Expected} attended ({summary.Rate:P0}), {summary.Absent} absent, {summary.Excused} excused");

    private static Argument<string> BatchArgument() =>
        new("batch") { Description = "The batch: regions/{region}/counties/{county}/centers/{center}/batches/{batch}." };

    /// <summary>The centre that runs a batch: its name up to <c>/batches/</c>.</summary>
    private static string HostCenter(string batch)
    {
        var at = batch.IndexOf("/batches/", StringComparison.Ordinal);
        return at < 0 ? batch : batch[..at];
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
