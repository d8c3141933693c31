using System.CommandLine;

namespace Training.Desktop.Commands;

/// <summary><c>training counties …</c></summary>
internal static class CountiesCommands
{
    public static Command Create(Cli cli)
    {
        var region = Cli.Required("--region", "The region, e.g. regions/shandong.");
        var list = new Command("list", "List the counties of a region.") { region };
        cli.Handle(list, async (parse, api, ct) =>
        {
            var parent = Names.Region(parse.GetRequiredValue(region));
            var counties = await ApiClient.ReadAllPages(
                token => api.Organization.ListCountiesAsync(new ListCountiesRequest { Parent = parent, PageSize = 1000, PageToken = token }, cancellationToken: ct),
                page => page.Counties,
                page => page.NextPageToken);
            cli.Output.Table(["Name", "Display name", "Description"], counties.Select(c => new[] { c.Name, c.DisplayName, c.Description }));
            return ExitCodes.Ok;
        });

        return new Command("counties", "Counties of a region.") { list };
    }
}
