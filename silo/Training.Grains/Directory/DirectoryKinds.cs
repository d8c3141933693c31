namespace Training.Grains.Directory;

/// <summary>The kinds of entries grains keep in the store's directory, and how parents are named.</summary>
public static class DirectoryKinds
{
    public const string Region = "region";
    public const string County = "county";
    public const string Center = "center";
    public const string Staff = "staff";
    public const string Kiosk = "kiosk";
    public const string Framework = "framework";
    public const string Course = "course";
    public const string QuestionBank = "question-bank";
    public const string Rubric = "rubric";

    /// <summary>A mentor: key its name, parent its home unit (a staff mentor's centre, an external expert's county).</summary>
    public const string Mentor = "mentor";

    /// <summary>A staff mentor's staff record: key the mentor's name, parent the staff member (found when they depart).</summary>
    public const string StaffMentor = "staff-mentor";

    /// <summary>A staff card: key the card id, parent the staff member holding it.</summary>
    public const string StaffCard = "staff-card";

    /// <summary>A course batch: key its name, parent the centre that runs it.</summary>
    public const string Batch = "batch";

    /// <summary>An offline session in a room, keyed for time-range reads (<see cref="RoomSchedule"/>).</summary>
    public const string RoomSession = RoomSchedule.Kind;

    /// <summary>A make-up session: parent <c>{course}|{stage}</c>, key the parent, the UTC start and the session name.</summary>
    public const string MakeUpSession = "make-up-session";

    /// <summary>The parent under which top-level resources (regions, catalogue items) are listed.</summary>
    public const string TopLevel = "";

    /// <summary>The resource name up to the last collection segment: <c>a/b/counties/c</c> → <c>a/b</c>.</summary>
    public static string ParentOf(string name, string collection)
    {
        var index = name.LastIndexOf('/' + collection + '/', StringComparison.Ordinal);
        return index < 0 ? TopLevel : name[..index];
    }
}
