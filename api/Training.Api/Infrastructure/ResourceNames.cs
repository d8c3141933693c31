using System.Text.RegularExpressions;

namespace Training.Api.Infrastructure;

/// <summary>
/// The resource name patterns of the contract. Grain keys are the resource names themselves, so
/// a valid name here is the key of the grain that owns the resource.
/// </summary>
public static partial class ResourceNames
{
    /// <summary>True for a lower-case resource id segment.</summary>
    public static bool IsValidId(string id) => IdPattern().IsMatch(id);

    /// <summary>True for a staff number: [A-Za-z0-9][A-Za-z0-9-]{0,39}.</summary>
    public static bool IsValidStaffId(string id) => StaffIdPattern().IsMatch(id);

    public static string Region(string regionId) => $"regions/{regionId}";

    public static string County(string regionName, string countyId) => $"{regionName}/counties/{countyId}";

    public static string Center(string countyName, string centerId) => $"{countyName}/centers/{centerId}";

    public static string Kiosk(string centerName, string kioskId) => $"{centerName}/kiosks/{kioskId}";

    public static string Batch(string centerName, string batchId) => $"{centerName}/batches/{batchId}";

    public static string Session(string batchName, string sessionId) => $"{batchName}/sessions/{sessionId}";

    public static string Staff(string staffId) => $"staff/{staffId}";

    public static string Framework(string frameworkId) => $"frameworks/{frameworkId}";

    public static string Competency(string frameworkName, string competencyId) => $"{frameworkName}/competencies/{competencyId}";

    public static string Course(string courseId) => $"courses/{courseId}";

    public static string QuestionBank(string bankId) => $"questionBanks/{bankId}";

    public static string Rubric(string rubricId) => $"rubrics/{rubricId}";

    public static string QuestionItem(string bankName, string itemId) => $"{bankName}/items/{itemId}";

    public static bool IsRegion(string name) => RegionPattern().IsMatch(name);

    public static bool IsCounty(string name) => CountyPattern().IsMatch(name);

    public static bool IsCenter(string name) => CenterPattern().IsMatch(name);

    public static bool IsKiosk(string name) => KioskPattern().IsMatch(name);

    public static bool IsBatch(string name) => BatchPattern().IsMatch(name);

    public static bool IsSession(string name) => SessionPattern().IsMatch(name);

    public static bool IsStaff(string name) => StaffPattern().IsMatch(name);

    public static bool IsMentor(string name) => MentorPattern().IsMatch(name);

    public static bool IsFramework(string name) => FrameworkPattern().IsMatch(name);

    public static bool IsCourse(string name) => CoursePattern().IsMatch(name);

    public static bool IsQuestionBank(string name) => QuestionBankPattern().IsMatch(name);

    public static bool IsRubric(string name) => RubricPattern().IsMatch(name);

    /// <summary>Splits <c>regions/{r}/counties/{c}/centers/{x}/kiosks/{k}</c> into the centre's name and the kiosk id.</summary>
    public static bool TryParseKiosk(string name, out string centerName, out string kioskId) =>
        TrySplitChild(KioskPattern().Match(name), out centerName, out kioskId);

    /// <summary>Splits <c>regions/{r}/counties/{c}/centers/{x}/batches/{b}</c> into the host centre's name and the batch id.</summary>
    public static bool TryParseBatch(string name, out string centerName, out string batchId) =>
        TrySplitChild(BatchPattern().Match(name), out centerName, out batchId);

    /// <summary>Splits <c>{batch}/sessions/{s}</c> into the batch's name and the session id.</summary>
    public static bool TryParseSession(string name, out string batchName, out string sessionId) =>
        TrySplitChild(SessionPattern().Match(name), out batchName, out sessionId);

    /// <summary>The centre that runs the batch a batch or session name belongs to (the first three levels of the name); null for any other name.</summary>
    public static string? HostCenterOf(string name)
    {
        if (TryParseSession(name, out var batchName, out _))
        {
            name = batchName;
        }

        return TryParseBatch(name, out var centerName, out _) ? centerName : null;
    }

    /// <summary>
    /// Splits a quick-test attempt's name <c>{batch}/attempts/{staff_id}.{number}</c> into the batch's name and the staff
    /// member's name (<c>staff/{staff_id}</c>): the trainee an attempt belongs to is read from its name.
    /// </summary>
    public static bool TryParseAttempt(string name, out string batchName, out string staffName)
    {
        var match = AttemptPattern().Match(name);
        batchName = match.Success ? match.Groups["parent"].Value : string.Empty;
        staffName = match.Success ? Staff(match.Groups["staff"].Value) : string.Empty;
        return match.Success;
    }

    /// <summary>Splits a follow-up's name, <c>{batch}/followUps/{staff_id}.{n}</c>, into the batch's and the staff member's names.</summary>
    public static bool TryParseFollowUp(string name, out string batchName, out string staffName)
    {
        var match = FollowUpPattern().Match(name);
        batchName = match.Success ? match.Groups["parent"].Value : string.Empty;
        staffName = match.Success ? Staff(match.Groups["staff"].Value) : string.Empty;
        return match.Success;
    }

    /// <summary>Splits <c>frameworks/{f}/competencies/{c}</c> into the framework's name and the competency id.</summary>
    public static bool TryParseCompetency(string name, out string frameworkName, out string competencyId) =>
        TrySplitChild(CompetencyPattern().Match(name), out frameworkName, out competencyId);

    /// <summary>Splits <c>questionBanks/{b}/items/{i}</c> into the bank's name and the item id.</summary>
    public static bool TryParseQuestionItem(string name, out string bankName, out string itemId) =>
        TrySplitChild(QuestionItemPattern().Match(name), out bankName, out itemId);

    private static bool TrySplitChild(Match match, out string parent, out string id)
    {
        parent = match.Success ? match.Groups["parent"].Value : string.Empty;
        id = match.Success ? match.Groups["id"].Value : string.Empty;
        return match.Success;
    }

    private const string Id = "[a-z0-9][a-z0-9-]{0,62}";

    [GeneratedRegex($"^{Id}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,39}$")]
    private static partial Regex StaffIdPattern();

    [GeneratedRegex($"^regions/{Id}$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex($"^regions/{Id}/counties/{Id}$")]
    private static partial Regex CountyPattern();

    [GeneratedRegex($"^regions/{Id}/counties/{Id}/centers/{Id}$")]
    private static partial Regex CenterPattern();

    [GeneratedRegex($"^(?<parent>regions/{Id}/counties/{Id}/centers/{Id})/kiosks/(?<id>{Id})$")]
    private static partial Regex KioskPattern();

    [GeneratedRegex($"^(?<parent>regions/{Id}/counties/{Id}/centers/{Id})/batches/(?<id>{Id})$")]
    private static partial Regex BatchPattern();

    [GeneratedRegex($"^(?<parent>regions/{Id}/counties/{Id}/centers/{Id}/batches/{Id})/sessions/(?<id>{Id})$")]
    private static partial Regex SessionPattern();

    [GeneratedRegex($"^(?<parent>regions/{Id}/counties/{Id}/centers/{Id}/batches/{Id})/followUps/(?<staff>[A-Za-z0-9][A-Za-z0-9-]{{0,39}})\\.[1-9][0-9]?$")]
    private static partial Regex FollowUpPattern();

    [GeneratedRegex($"^(?<parent>regions/{Id}/counties/{Id}/centers/{Id}/batches/{Id})/attempts/(?<staff>[A-Za-z0-9][A-Za-z0-9-]{{0,39}})\\.[1-9][0-9]{{0,3}}$")]
    private static partial Regex AttemptPattern();

    [GeneratedRegex("^staff/[A-Za-z0-9][A-Za-z0-9-]{0,39}$")]
    private static partial Regex StaffPattern();

    [GeneratedRegex("^mentors/[A-Za-z0-9][A-Za-z0-9-]{0,39}$")]
    private static partial Regex MentorPattern();

    [GeneratedRegex($"^frameworks/{Id}$")]
    private static partial Regex FrameworkPattern();

    [GeneratedRegex($"^(?<parent>frameworks/{Id})/competencies/(?<id>{Id})$")]
    private static partial Regex CompetencyPattern();

    [GeneratedRegex($"^courses/{Id}$")]
    private static partial Regex CoursePattern();

    [GeneratedRegex($"^questionBanks/{Id}$")]
    private static partial Regex QuestionBankPattern();

    [GeneratedRegex($"^rubrics/{Id}$")]
    private static partial Regex RubricPattern();

    [GeneratedRegex($"^(?<parent>questionBanks/{Id})/items/(?<id>{Id})$")]
    private static partial Regex QuestionItemPattern();
}
