namespace Training.Grains.Batches;

/// <summary>Counts marks into an <see cref="AttendanceSummary"/>: attended is present + late + completed online + missed sessions fulfilled by a make-up.</summary>
internal sealed class AttendanceTally
{
    private int expected;
    private int present;
    private int late;
    private int absent;
    private int excused;
    private int completedOnline;
    private int notYetMarked;
    private int fulfilled;

    /// <summary>One expected mark: <paramref name="mark"/>, or not marked yet when null.</summary>
    public void Count(AttendanceMark? mark, bool fulfilled = false)
    {
        expected++;
        switch (mark)
        {
            case null:
                notYetMarked++;
                break;
            case AttendanceMark.Present:
                present++;
                break;
            case AttendanceMark.Late:
                late++;
                break;
            case AttendanceMark.Absent:
                absent++;
                this.fulfilled += fulfilled ? 1 : 0;
                break;
            case AttendanceMark.Excused:
                excused++;
                this.fulfilled += fulfilled ? 1 : 0;
                break;
            case AttendanceMark.CompletedOnline:
                completedOnline++;
                break;
        }
    }

    /// <summary>Adds another summary's counts.</summary>
    public void Add(AttendanceSummary summary)
    {
        expected += summary.Expected;
        present += summary.Present;
        late += summary.Late;
        absent += summary.Absent;
        excused += summary.Excused;
        completedOnline += summary.CompletedOnline;
        notYetMarked += summary.NotYetMarked;
        fulfilled += summary.Attended - summary.Present - summary.Late - summary.CompletedOnline;
    }

    public AttendanceSummary ToSummary()
    {
        var attended = present + late + completedOnline + fulfilled;
        return new AttendanceSummary(expected, present, late, absent, excused, completedOnline, notYetMarked, attended, expected == 0 ? 0 : (double)attended / expected);
    }
}
