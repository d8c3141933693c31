using System.CommandLine;

namespace Training.Desktop.Commands;

/// <summary><c>training centers …</c></summary>
internal static class CentersCommands
{
    public static Command Create(Cli cli)
    {
        var county = Cli.Required("--county", "The county, e.g. regions/shandong/counties/zouping.");
        var list = new Command("list", "List the service centres of a county.") { county };
        cli.Handle(list, async (parse, api, ct) =>
        {
            var parent = parse.GetRequiredValue(county);
            var centers = await ApiClient.ReadAllPages(
                token => api.Organization.ListCentersAsync(new ListCentersRequest { Parent = parent, PageSize = 1000, PageToken = token }, cancellationToken: ct),
                page => page.Centers,
                page => page.NextPageToken);
            cli.Output.Table(
                ["Name", "Display name", "Address", "Phone", "Archived"],
                centers.Select(c => new[] { c.Name, c.DisplayName, c.Address, c.Phone, c.Archived ? "yes" : string.Empty }));
            return ExitCodes.Ok;
        });

        var name = new Argument<string>("name") { Description = "The centre, e.g. regions/shandong/counties/zouping/centers/t-town." };
        var show = new Command("show", "Show one service centre.") { name };
        cli.Handle(show, async (parse, api, ct) =>
        {
            var center = await api.Organization.GetCenterAsync(new GetCenterRequest { Name = parse.GetRequiredValue(name) }, cancellationToken: ct);
            cli.Output.Fields(
                ("Name", center.Name),
                ("Display name", center.DisplayName),
                ("Description", center.Description),
                ("Address", center.Address),
                ("Phone", center.Phone),
                ("Archived", center.Archived ? "yes" : "no"),
                ("Created", Output.Time(center.CreateTime)),
                ("Updated", Output.Time(center.UpdateTime)),
                ("Etag", center.Etag));
            return ExitCodes.Ok;
        });

        return new Command("centers", "Town-level public service centres (便民服务中心).") { list, show };
    }
}
