using Microsoft.Extensions.DependencyInjection;
using Training.EventStore;

namespace Training.Grains.Tests;

/// <summary>A centre running a batch of a course, with staff enrolled: the starting point of most batch tests.</summary>
internal sealed class BatchScenario
{
    private BatchScenario(IGrainFactory grains, string center, string course, string name, IReadOnlyList<string> staff)
    {
        Grains = grains;
        Center = center;
        Course = course;
        Name = name;
        Staff = staff;
    }

    public IGrainFactory Grains { get; }

    public string Center { get; }

    public string Course { get; }

    public string Name { get; }

    /// <summary>The staff enrolled at the start, in order.</summary>
    public IReadOnlyList<string> Staff { get; }

    public ICourseBatchGrain Batch => Grains.GetGrain<ICourseBatchGrain>(Name);

    /// <summary>Creates (or reuses) a centre and a course, a batch with enrolment open, <paramref name="staff"/> staff enrolled, and starts it.</summary>
    public static async Task<BatchScenario> CreateAsync(
        IGrainFactory grains, int staff = 3, bool start = true, int capacity = 30, int waitingList = 5, string? center = null, string? course = null, CheckInPolicy? checkIn = null)
    {
        center ??= await TestData.CenterAsync(grains);
        course ??= await TestData.CourseAsync(grains);
        var name = $"{center}/batches/{TestData.Unique("b")}";
        var batch = grains.GetGrain<ICourseBatchGrain>(name);
        await batch.Create(TestData.Batch(course, capacity, waitingList, checkIn: checkIn), TestData.Command());
        await batch.OpenEnrolment(TestData.Command());
        var names = staff > 0 ? await TestData.StaffAsync(grains, center, staff) : [];
        if (names.Count > 0)
        {
            Assert.All(await batch.Enrol(names, TestData.Command()), r => Assert.Null(r.Error));
        }

        if (start)
        {
            await batch.Start(TestData.Command());
        }

        return new BatchScenario(grains, center, course, name, names);
    }

    /// <summary>Schedules a session under a new id; returns the id.</summary>
    public async Task<string> SessionAsync(SessionSpec spec)
    {
        var id = TestData.Unique("s");
        await Batch.AddSession(id, spec, TestData.Command());
        return id;
    }

    public string SessionName(string sessionId) => $"{Name}/sessions/{sessionId}";

    /// <summary>Kiosk records as the check-in desk hands them to the batch.</summary>
    public Task<IReadOnlyList<CheckInResult>> CheckInAsync(params BatchCheckIn[] records) =>
        Batch.CheckIn(records, new CommandContext(Guid.NewGuid().ToString("N"), "kiosk", "kiosk", $"{Center}/kiosks/k1"));

    /// <summary>A kiosk record of <paramref name="staffName"/> for the session in the host centre's room.</summary>
    public BatchCheckIn Scan(string sessionId, string staffName, DateTimeOffset? scanTime = null, string? key = null, int index = 0) =>
        TestData.Scan(Center, sessionId, staffName, scanTime ?? DateTimeOffset.UtcNow, key, index);

    /// <summary>The event store of the cluster's silo (to read the directory as the check-in desk does).</summary>
    public static IEventStore StoreOf(TrainingCluster cluster) =>
        ((InProcessSiloHandle)cluster.Cluster.Primary!).ServiceProvider.GetRequiredService<IEventStore>();
}
