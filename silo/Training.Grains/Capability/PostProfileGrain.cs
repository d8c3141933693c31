using Training.Grains.EventSourcing;

namespace Training.Grains.Capability;

/// <summary>The levels a post requires per competency of a framework; checked against the framework's draft and scale.</summary>
[GrainType("post-profile")]
public sealed class PostProfileGrain(EventSourcingServices services) : EventSourcedGrain<PostProfileState, PostProfileEvent>(services), IPostProfileGrain
{
    /// <summary>Most competencies one post profile names.</summary>
    public const int MaxRequirements = 200;

    public async Task<PostProfileView> Set(IReadOnlyList<RequiredLevel> requirements, long expectedVersion, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        if (await FirstAnswer(context, ViewOf) is { } first)
        {
            return first;
        }

        if (!PostProfileNames.TryParse(StreamId, out var frameworkName, out _))
        {
            throw TrainingException.Invalid("name", "must be frameworks/{framework}/postProfiles/{post}");
        }

        if (expectedVersion > 0 && expectedVersion != Version)
        {
            throw TrainingException.Conflict(StreamId);
        }

        if (requirements.Count > MaxRequirements)
        {
            throw TrainingException.Invalid("post_profile.requirements", $"at most {MaxRequirements}");
        }

        var framework = GrainFactory.GetGrain<ICompetencyFrameworkGrain>(frameworkName);
        var levels = (await framework.Get(0)).LevelScale.Count;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < requirements.Count; i++)
        {
            var r = requirements[i];
            if (!seen.Add(r.CompetencyId))
            {
                throw TrainingException.Invalid($"post_profile.requirements[{i}].competency", $"{r.CompetencyId} is named twice");
            }

            if (r.Level < 1 || r.Level > levels)
            {
                throw TrainingException.Invalid($"post_profile.requirements[{i}].level", $"must lie on the framework's scale, 1..{levels}");
            }

            if (!await framework.IsActiveCompetency(r.CompetencyId))
            {
                throw TrainingException.Invalid($"post_profile.requirements[{i}].competency", $"{r.CompetencyId} is not an active competency of {frameworkName}");
            }
        }

        await Commit(Stamp(new PostProfileSet([.. requirements]), context));
        return ViewOf(State, Version);
    }

    public Task<PostProfileView> Get() => Task.FromResult(State.Exists ? ViewOf(State, Version) : throw TrainingException.NotFound(StreamId));

    public Task<IReadOnlyDictionary<string, int>> Requirements() =>
        Task.FromResult<IReadOnlyDictionary<string, int>>(State.Requirements.ToDictionary(r => r.CompetencyId, r => r.Level, StringComparer.Ordinal));

    public async Task Delete(CommandContext context)
    {
        if (await FirstAnswer(context, (_, v) => (object)v) is not null)
        {
            return;
        }

        if (!State.Exists)
        {
            throw TrainingException.NotFound(StreamId);
        }

        await Commit(Stamp(new PostProfileDeleted(), context));
    }

    public Task<IReadOnlyList<HistoryEntry>> History(long fromVersion, int maxCount) => ReadHistory(fromVersion, maxCount);

    private PostProfileView ViewOf(PostProfileState s, long version)
    {
        _ = PostProfileNames.TryParse(StreamId, out var frameworkName, out var post);
        return new PostProfileView(StreamId, frameworkName, post, s.Requirements, version, s.UpdateTime);
    }
}
