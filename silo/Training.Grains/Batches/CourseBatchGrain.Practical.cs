using System.Globalization;
using Training.Grains.Assessments;
using Training.Grains.EventSourcing;

namespace Training.Grains.Batches;

/// <summary>
/// The batch's part in practical assessments: the stages' rubrics (revision frozen here), stakes and examiners; the
/// gradings, scored at once and gated like quick tests; and the evidence each grading gives the staff record, one
/// piece per criterion, delivered as a pending step (resumed on activation and by the delivery reminder) until the
/// staff record confirmed it (idempotent by evidence id).
/// </summary>
public sealed partial class CourseBatchGrain
{
    /// <summary>The most examiners one practical assessment names.</summary>
    public const int MaxExaminers = 20;

    public async Task<PracticalAssessment> SetPracticalAssessment(StageKind stage, PracticalAssessmentSpec spec, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (await FirstAnswer(context, (s, _) => s.Practicals.TryGetValue(stage, out var set) ? set : throw UsedElsewhere(s, context.RequestId)) is { } first)
        {
            return first;
        }

        EnsureChangeable();
        if (!State.Stages.Any(s => s.Kind == stage))
        {
            throw TrainingException.Invalid("stage", $"{stage} is not a stage of {StreamId}.");
        }

        var examiners = spec.Examiners ?? [];
        if (examiners.Count is 0 or > MaxExaminers || examiners.Any(string.IsNullOrWhiteSpace) || examiners.Distinct(StringComparer.Ordinal).Count() != examiners.Count)
        {
            throw TrainingException.Invalid("examiners", $"1..{MaxExaminers} distinct examiners (mentors/{{id}}).");
        }

        if (spec.Stake == PracticalStake.High && examiners.Count < 2)
        {
            throw TrainingException.Invalid("examiners", "a high-stake assessment needs two independent examiners at least (a third decides a disagreement).");
        }

        if (!Enum.IsDefined(spec.Stake))
        {
            throw TrainingException.Invalid("stake", "standard or high.");
        }

        var rubric = await GrainFactory.GetGrain<IRubricGrain>(spec.RubricName).Get(spec.RubricRevision);
        var course = await GrainFactory.GetGrain<ICourseGrain>(State.Spec.CourseName).Get();
        if (!string.Equals(rubric.Spec.FrameworkName, course.FrameworkName, StringComparison.Ordinal))
        {
            throw TrainingException.Precondition(spec.RubricName, $"{spec.RubricName} grades on {rubric.Spec.FrameworkName}; the course {State.Spec.CourseName} is on {course.FrameworkName}.");
        }

        if (State.Practicals.TryGetValue(stage, out var current)
            && State.Assessed.Values.Any(a => a.Gradings.Any(g => g.Stage == stage))
            && (current.Stake != spec.Stake || current.Rubric.Name != rubric.Name || current.Rubric.Revision != rubric.Revision))
        {
            throw TrainingException.Precondition(StageName(stage), $"trainees were graded in the {stage} stage already; only its examiners may change.");
        }

        await Commit(Stamp(new PracticalAssessmentSet(new PracticalAssessment(StreamId, stage, rubric, spec.Stake, [.. examiners], Now)), context));
        return State.Practicals[stage];
    }

    public Task<IReadOnlyList<PracticalAssessment>> PracticalAssessments()
    {
        EnsureCreated();
        return Task.FromResult<IReadOnlyList<PracticalAssessment>>([.. State.Practicals.Keys.Order().Select(k => State.Practicals[k])]);
    }

    public async Task<PracticalGrade> GradePractical(string examiner, PracticalGrading grading, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(examiner);
        ArgumentNullException.ThrowIfNull(grading);
        ArgumentNullException.ThrowIfNull(context);
        if (await FirstAnswer(context, (s, _) => GradedBy(s, context.RequestId)) is { } first)
        {
            return first;
        }

        EnsureCreated();
        if (State.Lifecycle != BatchState.Running)
        {
            throw TrainingException.Precondition(StreamId, $"practical assessments are graded while the batch runs; {StreamId} is {State.Lifecycle}.");
        }

        var stage = grading.Stage;
        if (!State.Practicals.TryGetValue(stage, out var assessment))
        {
            throw TrainingException.Precondition(StageName(stage), $"the {stage} stage of {StreamId} has no practical assessment.");
        }

        if (!assessment.Examiners.Contains(examiner, StringComparer.Ordinal))
        {
            throw new TrainingException(ErrorKind.PermissionDenied, $"{examiner} is not an examiner of the {stage} practical assessment of {StreamId}.", StageName(stage));
        }

        var staffName = grading.StaffName;
        if (!State.Roster.TryGetValue(staffName, out var enrolment) || enrolment.Status is not (EnrolmentStatus.Enrolled or EnrolmentStatus.Completed))
        {
            throw new TrainingException(ErrorKind.FailedPrecondition, $"{staffName} is not enrolled in {StreamId}.", staffName);
        }

        var rubric = assessment.Rubric.Spec;
        var violations = PracticalScoring.Violations(rubric, grading.Criteria ?? [], grading.Comment ?? string.Empty);
        if (violations.Count > 0)
        {
            throw new TrainingException(ErrorKind.InvalidArgument, $"{violations[0].Field}: {violations[0].Description}", null, violations);
        }

        if (State.Stages.Select(s => s.Kind).Where(k => k < stage).Order().FirstOrDefault(k => !StageResultOf(State, staffName, k).Passed) is var earlier && earlier != default)
        {
            throw TrainingException.Precondition(StageName(earlier), $"{staffName} has not passed the {earlier} stage's assessment; the {stage} stage's assessment comes after it.");
        }

        var assessed = State.Assessed.GetValueOrDefault(staffName);
        var gradings = assessed?.Gradings.Where(g => g.Stage == stage).ToList() ?? [];
        if (PracticalScoring.FurtherGradingRefusal(assessment.Stake, gradings, examiner) is { } refusal)
        {
            throw TrainingException.Precondition(StageName(stage), $"{staffName}: {refusal}");
        }

        var score = PracticalScoring.Score(rubric, grading.Criteria!);
        var staffId = staffName[(staffName.LastIndexOf('/') + 1)..];
        var number = (assessed?.Gradings.Count ?? 0) + 1;
        var grade = new PracticalGrade(
            string.Create(CultureInfo.InvariantCulture, $"{StreamId}/practicalGrades/{staffId}.{number}"),
            staffName,
            stage,
            examiner,
            [.. rubric.Criteria.Select(c => grading.Criteria!.First(g => g.CriterionId == c.Id)).Select(g => g with { Comment = g.Comment ?? string.Empty })],
            grading.Comment ?? string.Empty,
            score,
            PracticalScoring.Passes(score, rubric.PassThreshold),
            Now,
            assessment.Rubric.Name,
            assessment.Rubric.Revision,
            context.RequestId);

        await EnsureDeliverReminder();
        await Commit(Stamp(new PracticalGraded(grade), context));
        await DeliverPracticalEvidence();
        await CompleteQualified(context);
        return grade;
    }

    public Task<IReadOnlyList<PracticalGrade>> PracticalGrades(string? staffName)
    {
        EnsureCreated();
        return Task.FromResult<IReadOnlyList<PracticalGrade>>([.. State.Assessed
            .Where(a => staffName is null || string.Equals(a.Key, staffName, StringComparison.Ordinal))
            .SelectMany(a => a.Value.Gradings)
            .OrderBy(g => g.GradeTime)
            .ThenBy(g => g.Name, StringComparer.Ordinal)]);
    }

    public Task<IReadOnlyList<string>> Examiners() =>
        Task.FromResult<IReadOnlyList<string>>([.. State.Practicals.Values.SelectMany(p => p.Examiners).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);

    /// <summary>Tells the staff records the evidence of every grading not yet confirmed, then records what they confirmed.</summary>
    private async Task DeliverPracticalEvidence()
    {
        if (State.UndeliveredGrades.Count == 0)
        {
            return;
        }

        var grades = State.Assessed.Values.SelectMany(a => a.Gradings).Where(g => State.UndeliveredGrades.Contains(g.Name)).ToList();
        var delivered = await Task.WhenAll(grades.Select(async grade =>
        {
            var staff = GrainFactory.GetGrain<IStaffMemberGrain>(grade.StaffName);
            var context = new CommandContext($"{grade.Name}|evidence", "system", string.Empty, StreamId);
            var evidence = PracticalEvidence(grade);
            return await Delivery.TryAsync(logger, StreamId, grade.StaffName, async () =>
            {
                foreach (var piece in evidence)
                {
                    await staff.RecordEvidence(piece, context);
                }
            }, ErrorKind.InvalidArgument) ? grade.Name : null;
        }));
        var confirmed = delivered.OfType<string>().ToList();
        if (confirmed.Count > 0)
        {
            await Commit(Stamp(new PracticalEvidenceDelivered(confirmed), System(DeliverReminder)));
        }
    }

    /// <summary>One piece of evidence per criterion of a grading: the criterion's level on the scale (0..1), its competency, the examiner.</summary>
    private IReadOnlyList<CompetencyEvidence> PracticalEvidence(PracticalGrade grade)
    {
        var rubric = State.Practicals.TryGetValue(grade.Stage, out var assessment) && assessment.Rubric.Revision == grade.RubricRevision && assessment.Rubric.Name == grade.RubricName
            ? assessment.Rubric.Spec
            : null;
        if (rubric is null)
        {
            return [];
        }

        var top = rubric.Levels.Count - 1;
        return [.. grade.Criteria.Select(g =>
        {
            var criterion = rubric.Criteria.First(c => c.Id == g.CriterionId);
            var detail = string.Create(
                CultureInfo.InvariantCulture,
                $"{grade.Stage} practical assessment \"{rubric.DisplayName}\", {criterion.DisplayName}: level {g.Level}/{top} ({rubric.Levels[g.Level]}) by {grade.Examiner}.");
            return new CompetencyEvidence(
                $"{grade.Name}/{g.CriterionId}",
                EvidenceKind.PracticalAssessment,
                rubric.FrameworkName,
                criterion.CompetencyId,
                Math.Round(PracticalScoring.CriterionScore(g.Level, rubric.Levels.Count), 4),
                grade.GradeTime,
                grade.Name,
                detail.Length > 500 ? detail[..500] : detail);
        })];
    }

    /// <summary>The grading a retried request recorded; FailedPrecondition when the request id was used for something else.</summary>
    private static PracticalGrade GradedBy(CourseBatchState s, string requestId) =>
        s.Assessed.Values.SelectMany(a => a.Gradings).FirstOrDefault(g => string.Equals(g.RequestId, requestId, StringComparison.Ordinal))
            ?? throw UsedElsewhere(s, requestId);

    /// <summary>A trainee's practical result in a stage, or null when the stage has no practical assessment.</summary>
    private static PracticalStageResult? PracticalResultOf(CourseBatchState s, string staffName, StageKind stage) =>
        s.Practicals.TryGetValue(stage, out var assessment)
            ? PracticalScoring.Result(assessment.Stake, [.. s.Assessed.GetValueOrDefault(staffName)?.Gradings.Where(g => g.Stage == stage) ?? []])
            : null;
}
