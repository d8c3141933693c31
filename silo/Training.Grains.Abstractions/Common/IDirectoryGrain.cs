namespace Training.Grains;

/// <summary>
/// Lists resources from the store's directory projection (kept in the same transaction as the
/// events), so that listing a centre's staff does not activate every staff grain. A stateless worker.
/// </summary>
public interface IDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>All regions.</summary>
    Task<Page<OrgUnitView>> ListRegions(PageRequest page);

    /// <summary>Counties of a region (<c>regions/{r}</c>).</summary>
    Task<Page<OrgUnitView>> ListCounties(string regionName, PageRequest page);

    /// <summary>Centres of a county (<c>regions/{r}/counties/{c}</c>).</summary>
    Task<Page<OrgUnitView>> ListCenters(string countyName, PageRequest page);

    /// <summary>
    /// The centre a staff member (<c>staff/{id}</c>) is registered at, from their directory entry (moved atomically
    /// with a transfer); null when no such staff member was ever registered. Used by the API's authorization to
    /// place a staff member in the region → county → centre hierarchy without activating their grain.
    /// </summary>
    Task<string?> CenterOfStaff(string staffName);

    /// <summary>Staff of a centre; <see cref="PageRequest.Search"/> matches name or staff number.</summary>
    Task<Page<StaffView>> ListStaff(string centerName, PageRequest page);

    /// <summary>Kiosks of a centre, active and revoked; <see cref="PageRequest.Search"/> matches name, room or kiosk id.</summary>
    Task<Page<KioskView>> ListKiosks(string centerName, PageRequest page);

    /// <summary>The staff member (<c>staff/{id}</c>) whose card id is <paramref name="cardId"/>, or null.</summary>
    Task<string?> StaffOfCard(string cardId);

    /// <summary>Course batches run by a centre, ordered by name.</summary>
    Task<Page<BatchView>> ListBatches(string centerName, PageRequest page);

    /// <summary>Mentors of a home unit: a centre's staff mentors, or a county's external experts; <see cref="PageRequest.Search"/> matches name, id or speciality.</summary>
    Task<Page<MentorView>> ListMentors(string homeUnit, PageRequest page);

    /// <summary>The home unit (centre or county) of a mentor (<c>mentors/{id}</c>), from its directory entry; null when never registered. Places a mentor for authorization.</summary>
    Task<string?> HomeOfMentor(string mentorName);

    /// <summary>All competency frameworks (their working drafts).</summary>
    Task<Page<FrameworkView>> ListFrameworks(PageRequest page);

    /// <summary>All courses.</summary>
    Task<Page<CourseView>> ListCourses(PageRequest page);

    /// <summary>Question banks; <see cref="PageRequest.Search"/> matches name or competency id.</summary>
    Task<Page<QuestionBankView>> ListQuestionBanks(PageRequest page);

    /// <summary>Rubrics (their latest revisions); <see cref="PageRequest.Search"/> matches name or a criterion's competency id.</summary>
    Task<Page<RubricView>> ListRubrics(PageRequest page);
}
