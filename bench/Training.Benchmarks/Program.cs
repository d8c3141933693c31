using Training.Benchmarks;

const string Usage = """
    Training.Benchmarks — speed targets measured against the real host (Release build).

      bulk-register   [--staff 100000] [--batch 5000] [--concurrency 4] [--centers 100] [--ping-calls 20000] [--warmup-rows 50000] [--phases] [--keep-data]
      capability-profile [--staff 20] [--evidence 2000] [--warm-calls 100] [--warmup 3] [--setup-parallelism 32] [--keep-data]
      cluster-check-ins [--check-ins 6000] [--kiosks 64] [--batch-size 50] [--ping-calls 20000] [--failover-sample 1000] [--postgres CONNSTRING]
      cold-activation [--staff 200] [--events 2000] [--tail-spread 100] [--warmup 20] [--setup-parallelism 256] [--keep-data] [--data DIR]
      quick-test      [--trainees 2000] [--warmup 500] [--concurrency 16] [--items 10] [--ping-calls 20000] [--keep-data]
      morning-rush    [--centers 4] [--rooms 40] [--concurrency 64] [--warmup-per-lane 5] [--warmup-seconds 10] [--closed-per-lane (what fits)] [--closed-seconds 30] [--rate 1000] [--duration 10] [--staff-per-batch N] [--ping-calls 20000] [--phases [--phase-per-lane 40]] [--keep-data]

    Example: dotnet run -c Release --project bench/Training.Benchmarks -- bulk-register --staff 100000
    """;

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(Usage);
    return 0;
}

#if DEBUG
Console.WriteLine("WARNING: Debug build; figures are meaningless. Run with -c Release.");
#endif

var options = new Args(args.Skip(1));
return args[0] switch
{
    "bulk-register" => await BulkRegister.RunAsync(options),
    "capability-profile" => await ProfileQuery.RunAsync(options),
    "cold-activation" => await ColdActivation.RunAsync(options),
    "cluster-check-ins" => await ClusterCheckIns.RunAsync(options),
    "quick-test" => await QuickTestSubmissions.RunAsync(options),
    "morning-rush" => await MorningRush.RunAsync(options),
    _ => Fail($"Unknown command '{args[0]}'.\n\n{Usage}"),
};

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    return 2;
}
