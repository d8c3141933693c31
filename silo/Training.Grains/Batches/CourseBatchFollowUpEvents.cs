using System.Globalization;

namespace Training.Grains.Batches;

/// <summary>Retention re-tests were scheduled for trainees who completed (at completion, from the configured plan).</summary>
[GenerateSerializer, Alias("batch.follow-ups-scheduled.v1")]
public sealed record FollowUpsScheduled([property: Id(0)] IReadOnlyList<FollowUp> FollowUps) : CourseBatchUnlistedEvent
{
    public override string Describe() => string.Create(
        CultureInfo.InvariantCulture, $"Follow-ups scheduled: {string.Join(", ", FollowUps.Select(f => $"{f.Name} due {f.DueTime:yyyy-MM-dd}"))}.");
}

/// <summary>The follow-up reminder found follow-ups past a boundary: now due, or overdue.</summary>
[GenerateSerializer, Alias("batch.follow-ups-fell-due.v1")]
public sealed record FollowUpsFellDue([property: Id(0)] IReadOnlyList<string> Names, [property: Id(1)] FollowUpState State) : CourseBatchUnlistedEvent
{
    public override string Describe() => $"{State}: {string.Join(", ", Names)}.";
}

/// <summary>A trainee started a follow-up's re-test (its attempt opened).</summary>
[GenerateSerializer, Alias("batch.follow-up-started.v1")]
public sealed record FollowUpStarted([property: Id(0)] string FollowUpName, [property: Id(1)] string AttemptName) : CourseBatchUnlistedEvent
{
    public override string Describe() => $"Follow-up {FollowUpName} started: {AttemptName}.";
}

/// <summary>A follow-up's re-test reported its graded result: the follow-up is closed.</summary>
[GenerateSerializer, Alias("batch.follow-up-taken.v1")]
public sealed record FollowUpTaken([property: Id(0)] string FollowUpName, [property: Id(1)] StageResult Result) : CourseBatchUnlistedEvent
{
    public override string Describe() => string.Create(
        CultureInfo.InvariantCulture, $"Follow-up {FollowUpName} taken: {Result.Score} ({(Result.Passed ? "passed" : "not passed")}).");
}

/// <summary>The batch's follow-ups, rebuilt from its events.</summary>
public sealed partial class CourseBatchState
{
    /// <summary>Retention re-tests by name.</summary>
    [Id(40)]
    public Dictionary<string, FollowUp> FollowUps { get; set; } = new(StringComparer.Ordinal);

    private void WhenFollowUp(CourseBatchEvent @event)
    {
        switch (@event)
        {
            case FollowUpsScheduled e:
                foreach (var f in e.FollowUps)
                {
                    FollowUps[f.Name] = f;
                }

                break;
            case FollowUpsFellDue e:
                foreach (var name in e.Names)
                {
                    FollowUps[name] = FollowUps[name] with { NotedState = e.State };
                }

                break;
            case FollowUpStarted e:
                FollowUps[e.FollowUpName] = FollowUps[e.FollowUpName] with { AttemptName = e.AttemptName };
                break;
            case FollowUpTaken e:
                FollowUps[e.FollowUpName] = FollowUps[e.FollowUpName] with { Result = e.Result, NotedState = FollowUpState.Taken };
                break;
        }
    }
}
