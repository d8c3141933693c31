using Microsoft.Extensions.Logging;
using Training.Grains;

namespace Training.Silo.DemoData;

/// <summary>
/// The demonstration dataset, built from the T town case study (DOMAIN.md): Shandong → Zouping →
/// T town and three neighbouring centres with their staff, the public-service competency framework
/// (published), courses, question banks and practical-assessment rubrics. Every call carries a fixed request id and existing
/// resources are left as they are, so loading twice leaves the same data.
/// </summary>
public static partial class DemoDataSet
{
    /// <summary>Loads the dataset through the grains; safe to call again.</summary>
    public static async Task LoadAsync(IGrainFactory grains, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(logger);
        LogLoading(logger);

        await DemoStaff.LoadOrganizationAsync(grains, cancellationToken);
        var framework = await DemoFramework.LoadAsync(grains, cancellationToken);
        var courses = await DemoCourses.LoadAsync(grains, cancellationToken);
        await DemoQuestionBanks.LoadAsync(grains, cancellationToken);
        await DemoRubrics.LoadAsync(grains, cancellationToken);
        var refused = await DemoStaff.LoadStaffAsync(grains, cancellationToken);
        foreach (var (centerId, row, result) in refused)
        {
            LogStaffRefused(logger, row.StaffId, centerId, result.Error, result.Message);
        }

        LogLoaded(
            logger,
            DemoStaff.Centers.Count,
            framework.Competencies.Count,
            framework.FrameworkVersion,
            courses,
            DemoQuestionBanks.Banks.Count,
            DemoQuestionBanks.ItemCount,
            DemoStaff.StaffCount - refused.Count);
    }

    [LoggerMessage(1, LogLevel.Information, "Loading the demonstration dataset (T town, Zouping, Shandong)")]
    private static partial void LogLoading(ILogger logger);

    [LoggerMessage(2, LogLevel.Warning, "Demo staff member {StaffId} of {CenterId} was not registered: {Error} {Message}")]
    private static partial void LogStaffRefused(ILogger logger, string staffId, string centerId, ErrorKind? error, string message);

    [LoggerMessage(
        3,
        LogLevel.Information,
        "Demo data loaded: 1 region, 1 county, {Centers} centres, {Competencies} competencies (framework version {FrameworkVersion}), {Courses} courses, {QuestionBanks} question banks with {QuestionItems} items, {Staff} staff")]
    private static partial void LogLoaded(ILogger logger, int centers, int competencies, int frameworkVersion, int courses, int questionBanks, int questionItems, int staff);
}

/// <summary>The conventions every demo call follows: a fixed request id, the system actor, existing resources tolerated.</summary>
internal static class DemoCalls
{
    /// <summary>The actor recorded on every event the dataset writes.</summary>
    public const string Actor = "system";

    public static CommandContext Context(string requestId) => new(requestId, Actor, Actor, "demo-data");

    /// <summary>Runs a create; "already exists" means an earlier load (or a user) made it, which is fine.</summary>
    /// <returns>True when the call succeeded (created, or replayed under the same request id).</returns>
    public static async Task<bool> TolerateExisting<T>(Func<Task<T>> create)
    {
        try
        {
            await create();
            return true;
        }
        catch (TrainingException e) when (e.Kind == ErrorKind.AlreadyExists)
        {
            return false;
        }
    }
}
