using System.Globalization;

namespace Training.Grains.Mentoring;

[GenerateSerializer, Alias("mentor.coaching-session-logged.v1")]
public sealed record CoachingSessionLogged([property: Id(0)] string SessionId, [property: Id(1)] CoachingSessionSpec Spec) : MentorEvent
{
    public override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"Coaching session {SessionId} logged: {Spec.StartTime:u}, {Spec.Duration.TotalMinutes:0} min, {Spec.Mode}, with {string.Join(", ", Spec.Mentees)}.");
}

/// <summary>A logged session was corrected (who: the event's actor; why: <see cref="Reason"/>); the logged original stays in the history.</summary>
[GenerateSerializer, Alias("mentor.coaching-session-corrected.v1")]
public sealed record CoachingSessionCorrected([property: Id(0)] string SessionId, [property: Id(1)] CoachingSessionSpec Spec, [property: Id(2)] string Reason) : MentorEvent
{
    public override string Describe() => $"Coaching session {SessionId} corrected by {Actor}: {Reason}.";
}

[GenerateSerializer, Alias("mentor.evaluation-recorded.v1")]
public sealed record MentorEvaluationRecorded([property: Id(0)] string EvaluationId, [property: Id(1)] CompetencyEvidence Evidence, [property: Id(2)] string StaffName) : MentorEvent
{
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"Evaluated {StaffName} in {Evidence.CompetencyId}: {Evidence.Score:0.00}.");
}

/// <summary>The mentees' records confirmed these evaluations' evidence (the second step of the two-grain write).</summary>
[GenerateSerializer, Alias("mentor.evaluations-delivered.v1")]
public sealed record MentorEvaluationsDelivered([property: Id(0)] IReadOnlyList<string> EvaluationIds) : MentorEvent
{
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"{EvaluationIds.Count} evaluation(s) recorded on the mentees' records.");
}

/// <summary>A logged coaching session with who logged it and its corrections.</summary>
[GenerateSerializer, Immutable, Alias("training.CoachingSessionEntry")]
public sealed record CoachingSessionEntry(
    [property: Id(0)] CoachingSessionSpec Spec,
    [property: Id(1)] string LoggedBy,
    [property: Id(2)] DateTimeOffset LogTime,
    [property: Id(3)] int Corrections,
    [property: Id(4)] string CorrectedBy,
    [property: Id(5)] string CorrectionReason);

/// <summary>An evaluation with its evidence and whether the mentee's record confirmed it.</summary>
[GenerateSerializer, Immutable, Alias("training.MentorEvaluationEntry")]
public sealed record MentorEvaluationEntry(
    [property: Id(0)] string StaffName,
    [property: Id(1)] CompetencyEvidence Evidence,
    [property: Id(2)] bool Delivered);
