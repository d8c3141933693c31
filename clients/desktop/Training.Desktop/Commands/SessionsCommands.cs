using System.CommandLine;

namespace Training.Desktop.Commands;

/// <summary><c>training sessions …</c></summary>
internal static class SessionsCommands
{
    public static Command Create(Cli cli)
    {
        var batch = new Argument<string>("batch") { Description = "The batch: regions/{region}/counties/{county}/centers/{center}/batches/{batch}." };
        var id = Cli.Required("--id", "The session id: [a-z0-9][a-z0-9-]{0,62}, e.g. theory-1.", "id");
        var stage = Cli.Required("--stage", $"The course stage: {ProtoEnums.Choices<StageKind>()}.", "stage");
        var displayName = Cli.Required("--display-name", "1..200 characters.", "text");
        var mode = new Option<string>("--mode") { Description = $"{ProtoEnums.Choices<SessionMode>()}.", HelpName = "mode", DefaultValueFactory = _ => "OFFLINE" };
        var room = new Option<string?>("--room") { Description = "Offline: the training room, 1..100 characters.", HelpName = "room" };
        var center = new Option<string?>("--center") { Description = "Offline: the centre it is held at, one of the batch's (default: the batch's own).", HelpName = "center" };
        var start = Cli.Required("--start", "When it starts, e.g. 2026-03-10T09:00+08:00 (local time without an offset).", "time");
        var end = Cli.Required("--end", "When it ends (after --start, at most 12 hours later).", "time");
        var instructor = Cli.Required("--instructor", "Who teaches, 1..100 characters.", "name");
        var makeUp = new Option<bool>("--make-up") { Description = "A make-up session for staff who missed one of this stage." };
        var add = new Command("add", "Schedule a session of one of the course's three stages.") { batch, id, stage, displayName, mode, room, center, start, end, instructor, makeUp };
        cli.HandleMutation(add, Cli.RequestIdOption(), async (parse, api, requestId, ct) =>
        {
            if (!ProtoEnums.TryParse<StageKind>(parse.GetRequiredValue(stage), out var stageKind))
            {
                return cli.Output.UsageError($"--stage must be one of {ProtoEnums.Choices<StageKind>()}.");
            }

            if (!ProtoEnums.TryParse<SessionMode>(parse.GetValue(mode), out var sessionMode))
            {
                return cli.Output.UsageError($"--mode must be one of {ProtoEnums.Choices<SessionMode>()}.");
            }

            var (startTime, endTime) = (Times.Parse(parse.GetRequiredValue(start)), Times.Parse(parse.GetRequiredValue(end)));
            if (startTime is null || endTime is null)
            {
                return cli.Output.UsageError("--start and --end must be times such as 2026-03-10T09:00+08:00.");
            }

            var request = new CreateSessionRequest
            {
                Parent = parse.GetRequiredValue(batch),
                SessionId = parse.GetRequiredValue(id),
                RequestId = requestId,
                Session = new Session
                {
                    Stage = stageKind,
                    DisplayName = parse.GetRequiredValue(displayName),
                    Mode = sessionMode,
                    Center = parse.GetValue(center) ?? string.Empty,
                    Room = parse.GetValue(room) ?? string.Empty,
                    StartTime = startTime,
                    EndTime = endTime,
                    Instructor = parse.GetRequiredValue(instructor),
                    MakeUp = parse.GetValue(makeUp),
                },
            };
            var session = await api.CourseBatches.CreateSessionAsync(request, cancellationToken: ct);
            cli.Output.Fields(
                ("Name", session.Name),
                ("Stage", ProtoEnums.ShortName(session.Stage)),
                ("Display name", session.DisplayName + (session.MakeUp ? " (make-up)" : string.Empty)),
                ("Mode", ProtoEnums.ShortName(session.Mode)),
                ("Where", session.Room.Length > 0 ? $"{session.Room}, {session.Center}" : "online"),
                ("Time", $"{Output.Time(session.StartTime)} – {Output.Time(session.EndTime)}"),
                ("Instructor", session.Instructor),
                ("State", ProtoEnums.ShortName(session.State)));
            return ExitCodes.Ok;
        });

        return new Command("sessions", "Sessions of a batch: theory → practical drill → on-the-job practice.") { add };
    }
}
