using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Training.EventStore;
using Training.EventStore.Sqlite;
using Training.Grains.Batches;

namespace Training.Grains.Tests;

/// <summary>A grading recorded in the batch whose evidence had not reached the staff record when the silo died.</summary>
public sealed class PracticalRestartTests
{
    [Fact]
    public async Task A_grading_recorded_but_not_delivered_when_the_silo_died_reaches_the_staff_record_and_completes_the_trainee_when_the_batch_is_activated_again()
    {
        var cluster = await TrainingCluster.StartAsync();
        var folder = cluster.DataDirectory;
        var s = await PracticalScenario.CreateAsync(cluster.Grains, staff: 1);
        var assessment = await s.SetAsync();
        var staff = s.Batch.Staff[0];
        await cluster.StopAsync();

        // The crash between the two writes: the grading is durable in the batch, the staff record never heard of it.
        var grade = new PracticalGrade(
            $"{s.Batch.Name}/practicalGrades/{staff["staff/".Length..]}.1", staff, StageKind.PracticalDrill, PracticalScenario.ExaminerA,
            [new CriterionGrade("handling", 3, "及时"), new CriterionGrade("listening", 1, "打断")], "合格", 62.5, true, DateTimeOffset.UtcNow,
            assessment.Rubric.Name, assessment.Rubric.Revision, "grade-1");
        await using (var store = await SqliteEventStore.OpenAsync(new SqliteEventStoreOptions { DataDirectory = folder }, NullLogger<SqliteEventStore>.Instance))
        {
            await using var services = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(CourseBatchGrain).Assembly)).BuildServiceProvider();
            var serializer = services.GetRequiredService<Serializer>();
            var graded = new PracticalGraded(grade) { RequestId = "grade-1", Actor = "examiner", At = grade.GradeTime };
            var version = await store.ReadStreamVersionAsync(s.Batch.Name);
            var appended = await store.AppendAsync(new StreamCommit(s.Batch.Name, version, [new EventToAppend("batch.practical-graded.v1", serializer.SerializeToArray<CourseBatchEvent>(graded), graded.At)]));
            Assert.Equal(AppendOutcome.Appended, appended);
        }

        await using var restarted = await TrainingCluster.StartAsync(folder);
        var batch = restarted.Grains.GetGrain<ICourseBatchGrain>(s.Batch.Name);
        var drill = (await batch.StageResultsOf(staff)).Stages.Single(r => r.Stage == StageKind.PracticalDrill);
        Assert.Equal((PracticalStatus.Passed, (double?)62.5), (drill.Practical!.Status, drill.Practical.Score));
        var evidence = await TestData.EventuallyAsync(
            async () => (await restarted.Grains.GetGrain<IStaffMemberGrain>(staff).History(1, 100)).Where(h => h.EventType == "staff.evidence-recorded.v1").ToList(),
            e => e.Count == 2);
        Assert.Contains(evidence, e => e.Summary.StartsWith("PracticalAssessment evidence for hotline-12345: 0.75", StringComparison.Ordinal));
        await TestData.EventuallyAsync(async () => await batch.History(1, 1000), h => h.Any(e => e.EventType == "batch.practical-evidence-delivered.v1"));

        // The completion check the grading would have triggered runs with the resumed delivery: every stage is passed.
        var completion = await TestData.EventuallyAsync(async () => (await batch.StageResultsOf(staff)).Completion, c => c is not null);
        Assert.Equal((double?)62.5, completion!.Stages.Single(r => r.Stage == StageKind.PracticalDrill).Practical!.Score);

        // A retry of the grading's request answers it and writes nothing more.
        var events = (await batch.History(1, 1000)).Count;
        var retried = await batch.GradePractical(PracticalScenario.ExaminerA, PracticalScenario.Grading(staff, 0, 0), TestData.Command("grade-1"));
        Assert.Equal((grade.Name, 62.5), (retried.Name, retried.Score));
        Assert.Equal(events, (await batch.History(1, 1000)).Count);
    }
}
