using System.Globalization;

namespace Training.Grains.Batches;

/// <summary>
/// How make-up sessions are keyed in the directory (kind <c>make-up-session</c>): parent <c>{course}|{stage}</c>, key the
/// parent, the UTC start (sortable) and the session name, so "the next make-up of this stage of this course" is one
/// ordered range read across all batches of the course.
/// </summary>
internal static class MakeUpSchedule
{
    public static string Parent(string courseName, StageKind stage) => $"{courseName}|{stage}";

    public static string Key(string courseName, StageKind stage, DateTimeOffset start, string sessionName) =>
        $"{Parent(courseName, stage)}|{Stamp(start)}|{sessionName}";

    /// <summary>A key that sorts before every make-up of the stage starting at or after <paramref name="time"/>.</summary>
    public static string After(string courseName, StageKind stage, DateTimeOffset time) => $"{Parent(courseName, stage)}|{Stamp(time)}";

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
}
