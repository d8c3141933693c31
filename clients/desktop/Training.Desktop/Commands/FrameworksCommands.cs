using System.CommandLine;
using System.Globalization;

namespace Training.Desktop.Commands;

/// <summary><c>training frameworks …</c></summary>
internal static class FrameworksCommands
{
    public static Command Create(Cli cli)
    {
        var name = new Argument<string>("name") { Description = "The framework, e.g. frameworks/public-service." };
        var version = Cli.Bounded("--version", "A published version (default: the working draft).", 0, 0, int.MaxValue);
        var show = new Command("show", "Show a competency framework: its level scale and its competency tree.") { name, version };
        cli.Handle(show, async (parse, api, ct) =>
        {
            var request = new GetFrameworkRequest { Name = Names.Framework(parse.GetRequiredValue(name)), FrameworkVersion = parse.GetValue(version) };
            var framework = await api.Frameworks.GetFrameworkAsync(request, cancellationToken: ct);
            cli.Output.Fields(
                ("Name", framework.Name),
                ("Display name", framework.DisplayName),
                ("Description", framework.Description),
                ("Shown", framework.FrameworkVersion == 0 ? "working draft" : $"published version {framework.FrameworkVersion}"),
                ("Latest published", framework.LatestPublishedVersion == 0 ? "none" : framework.LatestPublishedVersion.ToString(CultureInfo.InvariantCulture)),
                ("Unpublished changes", framework.HasUnpublishedChanges ? "yes" : "no"),
                ("Levels", string.Join("  ", framework.LevelScale.Select(l => $"{l.Level_} {l.Label}"))));
            cli.Output.Table(
                ["Competency", "Id", "Dimension", "Retired"],
                Tree(framework.Competencies).Select(n => new[]
                {
                    new string(' ', 2 * n.Depth) + (n.Depth == 0 ? string.Empty : "└ ") + n.Competency.DisplayName,
                    Names.Id(n.Competency.Name),
                    ProtoEnums.ShortName(n.Competency.Dimension),
                    n.Competency.Retired ? "yes" : string.Empty,
                }));
            return ExitCodes.Ok;
        });

        return new Command("frameworks", "Competency frameworks (政策通、业务精、服务优).") { show };
    }

    /// <summary>The competencies in tree order (each followed by its descendants) with their depth, modules at 0.</summary>
    public static IReadOnlyList<(Competency Competency, int Depth)> Tree(IEnumerable<Competency> competencies)
    {
        var all = competencies.ToList();
        var children = all.ToLookup(c => c.ParentId);
        var ids = all.Select(c => Names.Id(c.Name)).ToHashSet(StringComparer.Ordinal);
        var ordered = new List<(Competency, int)>(all.Count);

        // Modules, then any competency whose parent is not in the list, so nothing is ever dropped.
        foreach (var root in all.Where(c => c.ParentId.Length == 0 || !ids.Contains(c.ParentId)))
        {
            Visit(root, 0);
        }

        return ordered;

        void Visit(Competency competency, int depth)
        {
            ordered.Add((competency, depth));
            foreach (var child in children[Names.Id(competency.Name)])
            {
                Visit(child, depth + 1);
            }
        }
    }
}
