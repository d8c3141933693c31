using System.CommandLine;

namespace Training.Desktop.Commands;

/// <summary><c>training regions …</c></summary>
internal static class RegionsCommands
{
    public static Command Create(Cli cli)
    {
        var list = new Command("list", "List the regions (provinces).");
        cli.Handle(list, async (_, api, ct) =>
        {
            var regions = await ApiClient.ReadAllPages(
                token => api.Organization.ListRegionsAsync(new ListRegionsRequest { PageSize = 1000, PageToken = token }, cancellationToken: ct),
                page => page.Regions,
                page => page.NextPageToken);
            cli.Output.Table(["Name", "Display name", "Description"], regions.Select(r => new[] { r.Name, r.DisplayName, r.Description }));
            return ExitCodes.Ok;
        });

        return new Command("regions", "Regions: provinces or other top-level areas.") { list };
    }
}
