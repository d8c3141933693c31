using System.CommandLine;
using System.Globalization;

namespace Training.Desktop.Commands;

/// <summary><c>training courses …</c></summary>
internal static class CoursesCommands
{
    public static Command Create(Cli cli)
    {
        var list = new Command("list", "List the course catalogue.");
        cli.Handle(list, async (_, api, ct) =>
        {
            var courses = await ApiClient.ReadAllPages(
                token => api.Courses.ListCoursesAsync(new ListCoursesRequest { PageSize = 1000, PageToken = token }, cancellationToken: ct),
                page => page.Courses,
                page => page.NextPageToken);
            cli.Output.Table(
                ["Name", "Display name", "Posts", "Delivery", "Hours", "Archived"],
                courses.Select(c => new[]
                {
                    c.Name, c.DisplayName, Posts(c), ProtoEnums.ShortName(c.DeliveryMode),
                    c.Stages.Sum(s => s.PlannedHours).ToString(CultureInfo.InvariantCulture), c.Archived ? "yes" : string.Empty,
                }));
            return ExitCodes.Ok;
        });

        var name = new Argument<string>("name") { Description = "The course, e.g. courses/hotline-12345." };
        var show = new Command("show", "Show a course and its three stages.") { name };
        cli.Handle(show, async (parse, api, ct) =>
        {
            var course = await api.Courses.GetCourseAsync(new GetCourseRequest { Name = Names.Course(parse.GetRequiredValue(name)) }, cancellationToken: ct);
            cli.Output.Fields(
                ("Name", course.Name),
                ("Display name", course.DisplayName),
                ("Description", course.Description),
                ("Framework", course.Framework),
                ("Posts", Posts(course)),
                ("Delivery", ProtoEnums.ShortName(course.DeliveryMode)),
                ("Archived", course.Archived ? "yes" : "no"),
                ("Updated", Output.Time(course.UpdateTime)));
            cli.Output.Table(
                ["#", "Stage", "Display name", "Hours", "Competencies", "Assessment"],
                course.Stages.Select((s, i) => new[]
                {
                    (i + 1).ToString(CultureInfo.InvariantCulture), ProtoEnums.ShortName(s.Kind), s.DisplayName,
                    s.PlannedHours.ToString(CultureInfo.InvariantCulture), string.Join(", ", s.CompetencyIds), s.Assessment,
                }),
                title: "Stages");
            return ExitCodes.Ok;
        });

        return new Command("courses", "The course catalogue: theory → practical drill → on-the-job practice.") { list, show };
    }

    private static string Posts(Course course) => string.Join(", ", course.TargetPosts.Select(ProtoEnums.ShortName));
}
