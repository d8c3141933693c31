using System.CommandLine;

namespace Training.Desktop.Commands;

/// <summary><c>training banks …</c></summary>
internal static class BanksCommands
{
    public static Command Create(Cli cli)
    {
        var query = new Option<string?>("--query") { Description = "Only banks whose display name or competency id contains this text.", HelpName = "text" };
        var list = new Command("list", "List the question banks.") { query };
        cli.Handle(list, async (parse, api, ct) =>
        {
            var text = parse.GetValue(query) ?? string.Empty;
            var banks = await ApiClient.ReadAllPages(
                token => api.QuestionBanks.ListQuestionBanksAsync(new ListQuestionBanksRequest { PageSize = 1000, PageToken = token, Query = text }, cancellationToken: ct),
                page => page.QuestionBanks,
                page => page.NextPageToken);
            cli.Output.Table(
                ["Name", "Display name", "Framework", "Competency", "Active items", "Retired items"],
                banks.Select(b => new[] { b.Name, b.DisplayName, b.Framework, b.CompetencyId, Number(b.ActiveItemCount), Number(b.RetiredItemCount) }));
            return ExitCodes.Ok;
        });

        return new Command("banks", "Question banks of quick-test items.") { list };
    }

    private static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
