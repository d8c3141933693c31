namespace Training.Grains;

/// <summary>A course in the catalogue. Key: <c>courses/{course}</c>.</summary>
public interface ICourseGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the course. AlreadyExists if it exists; NotFound for an unknown framework;
    /// InvalidArgument when the stages are not theory → practical drill → on-the-job or name
    /// unknown or retired competencies.
    /// </summary>
    Task<CourseView> Create(CourseSpec spec, CommandContext context);

    /// <summary>The course; NotFound if never created.</summary>
    Task<CourseView> Get();

    /// <summary>Applies the non-null fields. FailedPrecondition on an archived course; Aborted on a stale <paramref name="expectedVersion"/> (when &gt; 0).</summary>
    Task<CourseView> Update(CoursePatch patch, long expectedVersion, CommandContext context);

    /// <summary>Archives the course: it stays readable but no new batch may use it.</summary>
    Task<CourseView> Archive(CommandContext context);

    /// <summary>The course's history, oldest first.</summary>
    Task<IReadOnlyList<HistoryEntry>> History(long fromVersion, int maxCount);
}
