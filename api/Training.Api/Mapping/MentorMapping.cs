using DomainCoachingMode = Training.Grains.CoachingMode;
using DomainMentee = Training.Grains.Mentee;
using DomainMentorKind = Training.Grains.MentorKind;
using DomainMentorSpeciality = Training.Grains.MentorSpeciality;
using ProtoCoachingMode = Training.Contracts.V1.CoachingMode;
using ProtoMentee = Training.Contracts.V1.Mentee;
using ProtoMentor = Training.Contracts.V1.Mentor;
using ProtoMentorKind = Training.Contracts.V1.MentorKind;
using ProtoMentorSpeciality = Training.Contracts.V1.MentorSpeciality;

namespace Training.Api.Mapping;

/// <summary>Mentors, mentorships, coaching sessions and evaluations between the grains' views and the contract.</summary>
public static class MentorMapping
{
    public static ProtoMentor ToMentor(this MentorView view) => new()
    {
        Name = view.Name,
        DisplayName = view.Spec.DisplayName,
        HomeUnit = view.Spec.HomeUnit,
        Kind = view.Spec.Kind == DomainMentorKind.Staff ? ProtoMentorKind.Staff : ProtoMentorKind.External,
        StaffMember = view.Spec.StaffName,
        Affiliation = view.Spec.Affiliation,
        Framework = view.Spec.FrameworkName,
        Specialities = { view.Spec.Specialities.Select(s => new ProtoMentorSpeciality { Competency = s.CompetencyId, Level = s.Level }) },
        Capacity = view.Spec.Capacity,
        Active = view.Active,
        InactiveReason = view.InactiveReason,
        MenteeCount = view.MenteeCount,
        Etag = Etags.From(view.Version),
        CreateTime = view.CreateTime.ToTimestamp(),
        UpdateTime = view.UpdateTime.ToTimestamp(),
    };

    public static MentorSpec ToSpec(this ProtoMentor mentor) => new(
        mentor.DisplayName,
        mentor.HomeUnit,
        mentor.Kind == ProtoMentorKind.Staff ? DomainMentorKind.Staff : DomainMentorKind.External,
        mentor.StaffMember,
        mentor.Affiliation,
        mentor.Framework,
        Specialities(mentor),
        mentor.Capacity);

    /// <summary>The fields of <paramref name="mentor"/> named by <paramref name="paths"/>; the others stay null.</summary>
    public static MentorPatch ToPatch(this ProtoMentor mentor, IReadOnlySet<string> paths) => new(
        DisplayName: paths.Contains("display_name") ? mentor.DisplayName : null,
        Affiliation: paths.Contains("affiliation") ? mentor.Affiliation : null,
        Specialities: paths.Contains("specialities") ? Specialities(mentor) : null,
        Capacity: paths.Contains("capacity") ? mentor.Capacity : null);

    public static ProtoMentee ToMentee(this DomainMentee mentee) => new()
    {
        CourseBatch = mentee.BatchName,
        StaffMember = mentee.StaffName,
        DisplayName = mentee.DisplayName,
        GroupId = mentee.GroupId,
        Since = mentee.Since.ToTimestamp(),
    };

    public static Mentorship ToMentorship(this TraineeMentor view) => new()
    {
        CourseBatch = view.BatchName,
        StaffMember = view.StaffName,
        DisplayName = view.DisplayName,
        Mentor = view.MentorName,
        GroupId = view.GroupId,
        Since = view.Since == default ? null : view.Since.ToTimestamp(),
        SignedOff = view.SignedOff,
        SignOffTime = view.SignOffTime?.ToTimestamp(),
        SignOffNote = view.SignOffNote,
        Orphaned = view.Orphaned,
        OrphanReason = view.OrphanReason,
        Confirmed = view.Confirmed,
    };

    public static CoachingSession ToCoachingSession(this CoachingSessionView view) => new()
    {
        Name = view.Name,
        StartTime = view.Spec.StartTime.ToTimestamp(),
        Duration = Duration.FromTimeSpan(view.Spec.Duration),
        Mode = view.Spec.Mode == DomainCoachingMode.OneToOne ? ProtoCoachingMode.OneToOne : ProtoCoachingMode.Group,
        Mentees = { view.Spec.Mentees },
        Competencies = { view.Spec.Competencies },
        Notes = view.Spec.Notes,
        LoggedBy = view.LoggedBy,
        LogTime = view.LogTime.ToTimestamp(),
        Corrections = view.Corrections,
        CorrectedBy = view.CorrectedBy,
        CorrectionReason = view.CorrectionReason,
    };

    public static MentorEvaluation ToEvaluation(this MentorEvaluationView view) => new()
    {
        Name = view.Name,
        StaffMember = view.StaffName,
        Competency = view.CompetencyId,
        Score = view.Score,
        ObserveTime = view.ObservedAt.ToTimestamp(),
        Note = view.Note,
        Delivered = view.Delivered,
    };

    private static List<DomainMentorSpeciality> Specialities(ProtoMentor mentor) =>
        [.. mentor.Specialities.Select(s => new DomainMentorSpeciality(s.Competency, s.Level))];
}
