using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Training.EventStore;
using Training.EventStore.Sqlite;
using Training.Grains.Assessments;

namespace Training.Grains.Tests;

/// <summary>A graded attempt whose result had not reached the batch and the staff record when the silo died.</summary>
public sealed class QuickTestRestartTests
{
    [Fact]
    public async Task A_result_graded_but_not_delivered_when_the_silo_died_reaches_the_batch_and_the_staff_record_when_the_attempt_is_activated_again()
    {
        var cluster = await TrainingCluster.StartAsync();
        var folder = cluster.DataDirectory;
        var s = await QuickTestScenario.CreateAsync(cluster.Grains, staff: 1);
        await s.SetAsync(StageKind.Theory, s.Blueprint());
        var staff = s.Batch.Staff[0];
        var attempt = await s.StartAsync(staff);
        var framework = (await cluster.Grains.GetGrain<ICourseGrain>(s.Batch.Course).Get()).FrameworkName;
        await cluster.StopAsync();

        // The crash between the two writes: the attempt's submission is durable, the batch and the staff record never heard of it.
        await using (var store = await SqliteEventStore.OpenAsync(new SqliteEventStoreOptions { DataDirectory = folder }, NullLogger<SqliteEventStore>.Instance))
        {
            await using var services = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(AssessmentAttemptGrain).Assembly)).BuildServiceProvider();
            var serializer = services.GetRequiredService<Serializer>();
            var answers = attempt.Items.ToDictionary(i => i.Item, IReadOnlyList<int> (_) => []);
            var submitted = new AttemptSubmitted(answers, false, 40, false, [new CompetencyScore(framework, "hotline-12345", 3, 2, 0.6667)]) { RequestId = "submit-1", Actor = "tester", At = DateTimeOffset.UtcNow };
            var version = await store.ReadStreamVersionAsync(attempt.Name);
            var appended = await store.AppendAsync(new StreamCommit(attempt.Name, version, [new EventToAppend("attempt.submitted.v1", serializer.SerializeToArray<AssessmentAttemptEvent>(submitted), submitted.At)]));
            Assert.Equal(AppendOutcome.Appended, appended);
        }

        await using var restarted = await TrainingCluster.StartAsync(folder);
        var grain = restarted.Grains.GetGrain<IAssessmentAttemptGrain>(attempt.Name);
        var delivered = await TestData.EventuallyAsync(grain.Get, a => a.Delivered);
        Assert.Equal((AttemptState.Submitted, 40.0), (delivered.State, delivered.Score));
        var theory = (await restarted.Grains.GetGrain<ICourseBatchGrain>(s.Batch.Name).StageResultsOf(staff)).Stages.Single(r => r.Stage == StageKind.Theory);
        Assert.Equal((40.0, false, attempt.Name), (theory.BestScore, theory.Passed, theory.BestAttempt));
        Assert.Single(await restarted.Grains.GetGrain<IStaffMemberGrain>(staff).History(1, 100), h => h.EventType == "staff.evidence-recorded.v1");
    }
}
