using Training.Grains;
using DomainPost = Training.Grains.Post;
using static Training.Benchmarks.Measure;

namespace Training.Benchmarks;

/// <summary>
/// Where the time of a registration goes (diagnostic, <c>bulk-register --phases</c>): the same amount of work entered
/// at successively lower layers of the same running host, each with fresh staff ids at the same centres.
/// </summary>
internal static class Phases
{
    public static async Task<IReadOnlyList<(string Name, double PerSecond)>> RunAsync(BenchHost host, IReadOnlyList<string> centers, int staff, int batchSize, int concurrency)
    {
        var grains = host.Grains;
        var results = new List<(string, double)>();

        Report.Step("phase: same rows through IStaffRegistrarGrain.RegisterMany in-process (no gRPC, no proto mapping)");
        var batches = Enumerable.Range(0, (staff + batchSize - 1) / batchSize)
            .Select(b => Enumerable.Range(b * batchSize, Math.Min(batchSize, staff - (b * batchSize))).Select(i => Row("R", i, centers)).ToList())
            .ToList();
        var time = await TimeAsync(() => Workers.ForAsync(batches.Count, concurrency, async b =>
        {
            var answers = await grains.GetGrain<IStaffRegistrarGrain>(0).RegisterMany(batches[b], new CommandContext(Organization.RequestId(), "bench"));
            Check(answers.All(a => a.Error is null), "registrar refused rows");
        }));
        results.Add(($"IStaffRegistrarGrain.RegisterMany in-process, {concurrency} concurrent batches", staff / time.TotalSeconds));

        Report.Step("phase: IStaffMemberGrain.Register straight from the client side of the silo, 512 in flight (no registrar)");
        var rows = Enumerable.Range(0, staff).Select(i => Row("G", i, centers)).ToList();
        time = await TimeAsync(() => Workers.ForAsync(staff, 512, i =>
            grains.GetGrain<IStaffMemberGrain>("staff/" + rows[i].StaffId).Register(rows[i].Spec, new CommandContext($"g-{i}", "bench"))));
        results.Add(("IStaffMemberGrain.Register per row, 512 in flight (new activation + centre check + 1 event)", staff / time.TotalSeconds));

        Report.Step("phase: activation alone: History(1, 1) on never-registered staff ids, 512 in flight");
        time = await TimeAsync(() => Workers.ForAsync(staff, 512, i =>
            grains.GetGrain<IStaffMemberGrain>("staff/" + Organization.StaffId("A", i)).History(1, 1)));
        results.Add(("activation alone: IStaffMemberGrain.History(1, 1) on new ids, 512 in flight (activation with its 2 reads, + 1 read)", staff / time.TotalSeconds));

        Report.Step("phase: the store reads of an activation alone: ReadSnapshot + ReadStream on never-written streams, 512 in flight");
        var store = host.Store;
        time = await TimeAsync(() => Workers.ForAsync(staff, 512, async i =>
        {
            var stream = "staff/" + Organization.StaffId("B", i);
            _ = await store.ReadSnapshotAsync(stream);
            _ = await store.ReadStreamAsync(stream, 1, 1000);
        }));
        results.Add(("store reads of an activation alone: IEventStore.ReadSnapshot + ReadStream on new streams, 512 in flight", staff / time.TotalSeconds));

        Report.Step("phase: the centre check alone: ICenterGrain.Get, 512 in flight");
        time = await TimeAsync(() => Workers.ForAsync(staff, 512, i => grains.GetGrain<ICenterGrain>(centers[i % centers.Count]).Get()));
        results.Add(("centre check alone: ICenterGrain.Get, 512 in flight (grain call to an active grain)", staff / time.TotalSeconds));

        Report.Step("phase: one more event on each of the already active staff grains (StartLeave), 512 in flight");
        time = await TimeAsync(() => Workers.ForAsync(staff, 512, i =>
            grains.GetGrain<IStaffMemberGrain>("staff/" + Organization.StaffId("S", i)).StartLeave("年休假", new CommandContext($"l-{i}", "bench"))));
        results.Add(("IStaffMemberGrain.StartLeave on active grains, 512 in flight (1 event, no activation, no centre check)", staff / time.TotalSeconds));

        Report.Step("phase: Get on each of the already active staff grains, 512 in flight (grain call only)");
        time = await TimeAsync(() => Workers.ForAsync(staff, 512, i => grains.GetGrain<IStaffMemberGrain>("staff/" + Organization.StaffId("S", i)).Get()));
        results.Add(("IStaffMemberGrain.Get on active grains, 512 in flight (grain call, no storage)", staff / time.TotalSeconds));
        return results;
    }

    private static StaffRegistration Row(string prefix, int i, IReadOnlyList<string> centers) =>
        new(Organization.StaffId(prefix, i), new StaffSpec($"员工{i:D6}", centers[i % centers.Count], (DomainPost)(1 + (i % 5)), $"0543-{4200000 + i:D7}", string.Empty));
}
