using Training.Grains.Directory;
using Training.Grains.EventSourcing;

namespace Training.Grains.Catalogue;

/// <summary>
/// A course: three stages in order (theory → practical drill → on-the-job), each training active
/// competencies of the course's framework.
/// </summary>
[GrainType("course")]
public sealed class CourseGrain(EventSourcingServices services) : EventSourcedGrain<CourseState, CourseEvent>(services), ICourseGrain
{
    private static readonly StageKind[] StageOrder = [StageKind.Theory, StageKind.PracticalDrill, StageKind.OnTheJob];

    public async Task<CourseView> Create(CourseSpec spec, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (await FirstAnswer(context, ViewOf) is { } first)
        {
            return first;
        }

        if (State.Exists)
        {
            throw TrainingException.AlreadyExists(StreamId);
        }

        if (spec.TargetPosts.Count == 0)
        {
            throw TrainingException.Invalid("course.target_posts", "name at least one post.");
        }

        await EnsureValidStages(spec.FrameworkName, spec.Stages);
        await Commit(Stamp(new CourseCreated(spec), context));
        return View();
    }

    public Task<CourseView> Get() => Task.FromResult(State.Exists ? View() : throw TrainingException.NotFound(StreamId));

    public async Task<CourseView> Update(CoursePatch patch, long expectedVersion, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(patch);
        if (await FirstAnswer(context, ViewOf) is { } first)
        {
            return first;
        }

        EnsureChangeable();

        if (expectedVersion > 0 && expectedVersion != Version)
        {
            throw TrainingException.Conflict(StreamId);
        }

        if (patch.TargetPosts is { Count: 0 })
        {
            throw TrainingException.Invalid("course.target_posts", "name at least one post.");
        }

        if (patch.Stages is { } stages)
        {
            await EnsureValidStages(State.Spec.FrameworkName, stages);
        }

        await Commit(Stamp(new CourseUpdated(patch), context));
        return View();
    }

    public async Task<CourseView> Archive(CommandContext context)
    {
        if (await FirstAnswer(context, ViewOf) is { } first)
        {
            return first;
        }

        if (!State.Exists)
        {
            throw TrainingException.NotFound(StreamId);
        }

        if (State.Archived)
        {
            return View();
        }

        await Commit(Stamp(new CourseArchived(), context));
        return View();
    }

    public Task<IReadOnlyList<HistoryEntry>> History(long fromVersion, int maxCount) => ReadHistory(fromVersion, maxCount);

    protected override IReadOnlyList<DirectoryChange> DirectoryChanges(CourseState stateAfter, long versionAfter) =>
        [new DirectoryChange(DirectoryKinds.Course, StreamId, DirectoryKinds.TopLevel, stateAfter.Spec.DisplayName.ToLowerInvariant(), Serialize(ViewOf(stateAfter, versionAfter)))];

    private async Task EnsureValidStages(string frameworkName, IReadOnlyList<CourseStage> stages)
    {
        if (stages.Count != StageOrder.Length)
        {
            throw TrainingException.Invalid("course.stages", "a course has exactly three stages: theory, practical drill, on-the-job.");
        }

        var framework = GrainFactory.GetGrain<ICompetencyFrameworkGrain>(frameworkName);
        _ = await framework.Get(0);
        for (var i = 0; i < stages.Count; i++)
        {
            if (stages[i].Kind != StageOrder[i])
            {
                throw TrainingException.Invalid($"course.stages[{i}].kind", $"stage {i + 1} must be {StageOrder[i]}.");
            }

            foreach (var id in stages[i].CompetencyIds)
            {
                if (!await framework.IsActiveCompetency(id))
                {
                    throw TrainingException.Invalid($"course.stages[{i}].competency_ids", $"'{id}' is not an active competency of {frameworkName}.");
                }
            }
        }
    }

    /// <summary>NotFound if absent; FailedPrecondition if archived.</summary>
    private void EnsureChangeable()
    {
        if (!State.Exists)
        {
            throw TrainingException.NotFound(StreamId);
        }

        if (State.Archived)
        {
            throw TrainingException.Precondition(StreamId, $"{StreamId} is archived and cannot be changed.");
        }
    }

    private CourseView View() => ViewOf(State, Version);

    private CourseView ViewOf(CourseState s, long version) =>
        new(StreamId, s.Spec.DisplayName, s.Spec.Description, s.Spec.FrameworkName, s.Spec.TargetPosts, s.Spec.DeliveryMode, s.Spec.Stages, s.Archived, version, s.CreateTime, s.UpdateTime);
}
