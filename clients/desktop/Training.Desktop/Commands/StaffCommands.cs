using System.CommandLine;
using System.Globalization;
using Training.Desktop.Import;

namespace Training.Desktop.Commands;

/// <summary><c>training staff …</c></summary>
internal static class StaffCommands
{
    public static Command Create(Cli cli) =>
        new("staff", "The staff registry: list, show, history (the training archive), transfer, leave, return, import.")
        {
            List(cli), Show(cli), History(cli), Transfer(cli), Leave(cli), Return(cli), Import(cli),
        };

    private static Command List(Cli cli)
    {
        var center = CenterOption("The centre whose staff to list.");
        var query = new Option<string?>("--query") { Description = "Only staff whose name or staff number contains this text, e.g. 王.", HelpName = "text" };
        var pageSize = Cli.Bounded("--page-size", "Staff per page.", 50, 1, 1000);
        var all = new Option<bool>("--all") { Description = "Follow the page tokens and list every page." };
        var pageToken = new Option<string?>("--page-token") { Description = "Continue from a page token printed by an earlier list.", HelpName = "token" };
        var command = new Command("list", "List the staff of a centre, ordered by staff number.") { center, query, pageSize, all, pageToken };
        cli.Handle(command, async (parse, api, ct) =>
        {
            var request = new ListStaffMembersRequest
            {
                Parent = parse.GetRequiredValue(center),
                Query = parse.GetValue(query) ?? string.Empty,
                PageSize = parse.GetValue(pageSize),
                PageToken = parse.GetValue(pageToken) ?? string.Empty,
            };
            var staff = new List<StaffMember>();
            ListStaffMembersResponse page;
            do
            {
                page = await api.Staff.ListStaffMembersAsync(request, cancellationToken: ct);
                staff.AddRange(page.StaffMembers);
                request.PageToken = page.NextPageToken;
            }
            while (parse.GetValue(all) && page.NextPageToken.Length > 0);

            cli.Output.Table(
                ["Name", "Display name", "Post", "Status", "Phone", "Email"],
                staff.Select(s => new[] { s.Name, s.DisplayName, ProtoEnums.ShortName(s.Post), ProtoEnums.ShortName(s.Status), s.Phone, s.Email }));
            if (page.NextPageToken.Length > 0)
            {
                cli.Output.Line($"More staff: add --all, or --page-token {page.NextPageToken}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(Cli cli)
    {
        var name = StaffArgument();
        var command = new Command("show", "Show a staff member.") { name };
        cli.Handle(command, async (parse, api, ct) =>
        {
            var member = await api.Staff.GetStaffMemberAsync(new GetStaffMemberRequest { Name = Names.Staff(parse.GetRequiredValue(name)) }, cancellationToken: ct);
            Print(cli, member);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command History(Cli cli)
    {
        var name = StaffArgument();
        var command = new Command("history", "Show a staff member's history, oldest first: their training archive.") { name };
        cli.Handle(command, async (parse, api, ct) =>
        {
            using var call = api.Staff.StreamStaffMemberHistory(new StreamStaffMemberHistoryRequest { Name = Names.Staff(parse.GetRequiredValue(name)) }, cancellationToken: ct);
            var entries = new List<HistoryEntry>();
            await foreach (var entry in call.ResponseStream.ReadAllAsync(ct))
            {
                entries.Add(entry);
            }

            cli.Output.Table(
                ["#", "Recorded", "Event", "Summary", "Actor", "Request id"],
                entries.Select(e => new[] { e.Version.ToString(CultureInfo.InvariantCulture), Output.Time(e.RecordTime), e.EventType, e.Summary, e.Actor, e.RequestId }));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Transfer(Cli cli)
    {
        var name = StaffArgument();
        var to = Cli.Required("--to", "The centre to move to.", "center");
        var reason = new Option<string?>("--reason") { Description = "Why, up to 500 characters.", HelpName = "text" };
        var command = new Command("transfer", "Transfer a staff member to another centre.") { name, to, reason };
        cli.HandleMutation(command, Cli.RequestIdOption(), async (parse, api, requestId, ct) =>
        {
            var request = new TransferStaffMemberRequest
            {
                Name = Names.Staff(parse.GetRequiredValue(name)),
                ToCenter = parse.GetRequiredValue(to),
                Reason = parse.GetValue(reason) ?? string.Empty,
                RequestId = requestId,
            };
            Print(cli, await api.Staff.TransferStaffMemberAsync(request, cancellationToken: ct));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Leave(Cli cli)
    {
        var name = StaffArgument();
        var reason = Cli.Required("--reason", "Why, 1..500 characters.", "text");
        var command = new Command("leave", "Start a leave (the staff member must be active).") { name, reason };
        cli.HandleMutation(command, Cli.RequestIdOption(), async (parse, api, requestId, ct) =>
        {
            var request = new StartStaffLeaveRequest { Name = Names.Staff(parse.GetRequiredValue(name)), Reason = parse.GetRequiredValue(reason), RequestId = requestId };
            Print(cli, await api.Staff.StartStaffLeaveAsync(request, cancellationToken: ct));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Return(Cli cli)
    {
        var name = StaffArgument();
        var command = new Command("return", "End a leave (the staff member must be on leave).") { name };
        cli.HandleMutation(command, Cli.RequestIdOption(), async (parse, api, requestId, ct) =>
        {
            var request = new EndStaffLeaveRequest { Name = Names.Staff(parse.GetRequiredValue(name)), RequestId = requestId };
            Print(cli, await api.Staff.EndStaffLeaveAsync(request, cancellationToken: ct));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Import(Cli cli)
    {
        var file = new Argument<FileInfo>("file") { Description = $"A UTF-8 CSV file with the header {string.Join(',', StaffImportPlan.Columns)}; post as e.g. HOTLINE_12345." };
        var center = CenterOption("The centre to register the staff at.");
        var command = new Command("import", "Register the staff of a CSV file at a centre (safe to re-run: nothing is registered twice).") { file, center };
        cli.Handle(command, async (parse, api, ct) =>
        {
            var content = await File.ReadAllBytesAsync(parse.GetRequiredValue(file).FullName, ct);
            var plan = StaffImportPlan.Create(content, parse.GetRequiredValue(center));
            var errors = new List<RowError>(plan.Errors);
            var (registered, failed) = (0, 0);
            if (plan.Chunks.Count > 0)
            {
                try
                {
                    using var call = api.Staff.ImportStaffMembers(cancellationToken: ct);
                    foreach (var chunk in plan.Chunks)
                    {
                        await call.RequestStream.WriteAsync(chunk.Request, ct);
                        if (!await call.ResponseStream.MoveNext(ct))
                        {
                            return cli.Output.Error("the server ended the import stream before answering every chunk; re-run the same import.");
                        }

                        var response = call.ResponseStream.Current;
                        registered += response.CreatedCount;
                        failed += response.FailedCount;
                        errors.AddRange(response.Results.Where(r => r.Status is { Code: not 0 }).Select(r => new RowError(
                            chunk.Lines[r.Index], chunk.Request.Requests[r.Index].StaffMemberId, Output.CodeName(r.Status.Code), RowMessage(r.Status))));
                        cli.Output.Line($"chunk {chunk.Number}/{plan.Chunks.Count} ({chunk.Request.RequestId}): {chunk.Request.Requests.Count} rows, {response.CreatedCount} registered, {response.FailedCount} failed");
                    }

                    await call.RequestStream.CompleteAsync();
                    while (await call.ResponseStream.MoveNext(ct))
                    {
                        // Nothing more is expected; drain to the call's end and its status.
                    }
                }
                catch (RpcException e)
                {
                    cli.Output.RpcError(e);
                    cli.Output.Err.WriteLine("  Re-running the same import is safe: chunks already registered are not registered twice.");
                    return ExitCodes.Error;
                }
            }

            if (errors.Count > 0)
            {
                cli.Output.Table(
                    ["Line", "Staff id", "Code", "Message"],
                    errors.OrderBy(e => e.Line).Select(e => new[] { e.Line.ToString(CultureInfo.InvariantCulture), e.StaffId, e.Code, e.Message }),
                    title: "Rows not registered");
            }

            cli.Output.Line($"rows: {plan.RowCount}, registered: {registered}, failed: {failed}, refused before sending: {plan.Errors.Count}");
            cli.Output.Line($"Import id {plan.ImportId}: re-running this file for this centre is safe; rows registered by an earlier run are answered as before, never registered twice.");
            return errors.Count == 0 ? ExitCodes.Ok : ExitCodes.Error;
        });
        return command;
    }

    /// <summary>The field violations of a refused row, else its message.</summary>
    private static string RowMessage(Google.Rpc.Status status)
    {
        var fields = Output.DetailLines(status).Where(l => l.StartsWith("field ", StringComparison.Ordinal)).Select(l => l["field ".Length..]).ToList();
        return fields.Count > 0 ? string.Join("; ", fields) : status.Message;
    }

    private static void Print(Cli cli, StaffMember member) =>
        cli.Output.Fields(
            ("Name", member.Name),
            ("Display name", member.DisplayName),
            ("Centre", member.Center),
            ("Post", ProtoEnums.ShortName(member.Post)),
            ("Status", ProtoEnums.ShortName(member.Status) + (member.StatusReason.Length > 0 ? $" ({member.StatusReason})" : string.Empty)),
            ("Phone", member.Phone),
            ("Email", member.Email),
            ("Card", member.CardId),
            ("Created", Output.Time(member.CreateTime)),
            ("Updated", Output.Time(member.UpdateTime)),
            ("Etag", member.Etag));

    private static Argument<string> StaffArgument() => new("staff") { Description = "The staff member: staff/{staff_id}, or just the staff number." };

    private static Option<string> CenterOption(string description) =>
        Cli.Required("--center", description + " E.g. regions/shandong/counties/zouping/centers/t-town.", "center");
}
