using Google.Protobuf.WellKnownTypes;
using Training.Api.Security;

namespace Training.Benchmarks;

/// <summary>
/// Quick-test submissions per second (issue #5) over real gRPC (<c>AssessmentService.SubmitAttempt</c>), each by a
/// distinct trainee with their own token on a fresh attempt, into the real host on a fresh data folder: graded at once,
/// the submission recorded, the stage result delivered to the batch and the evidence to the staff record before the
/// call answers (<c>delivered</c>). Setup (not measured): a framework, a course, a bank, trainees enrolled in running
/// batches of 500, a theory quick test, one attempt started per trainee. The empty unary RPC of the same run is the
/// ceiling; afterwards every trainee's stage result and a sample of staff records are read back.
/// </summary>
internal static class QuickTestSubmissions
{
    private const int BatchSize = 500;

    public static async Task<int> RunAsync(Args args)
    {
        var trainees = args.Int("trainees", 2000);
        var warmup = args.Int("warmup", 500);
        var concurrency = args.Int("concurrency", 16);
        var items = args.Int("items", 10);
        var pingCalls = args.Int("ping-calls", 20_000);
        var keep = args.Flag("keep-data");
        args.EnsureAllUsed();

        Report.Machine();
        Console.WriteLine($"quick-test: {Report.N(trainees)} submissions ({items} items each) at {concurrency} concurrent, after {Report.N(warmup)} for warm-up");
        var data = BenchHost.NewDataDirectory("quick-test");
        var host = await BenchHost.StartAsync(data);
        var noop = await NoopServer.StartAsync();
        using var channel = host.ChannelFor(null);
        var assessments = new AssessmentService.AssessmentServiceClient(channel);
        try
        {
            Report.Step($"host started on {data}; setting up");
            var world = await QuickTestWorld.CreateAsync(host, warmup + trainees, items);
            var attempts = await StartAttemptsAsync(host, assessments, world, concurrency);
            var (warm, measured) = (attempts[..warmup], attempts[warmup..]);

            Report.Step($"warming up: {Report.N(warmup)} submissions, the empty RPC");
            await Workers.ForAsync(warm.Length, concurrency, i => SubmitAsync(assessments, warm[i]));
            await EmptyRpc.WarmUpAsync(noop, host);

            Report.Step($"ceiling: empty unary RPC on a bare gRPC server, {Report.N(pingCalls)} calls at {concurrency} concurrent");
            var ping = await EmptyRpc.PingAsync(noop, pingCalls, concurrency);

            var loadBefore = Report.LoadAverage();
            Report.Step($"measuring: SubmitAttempt x {Report.N(measured.Length)}, {concurrency} concurrent (load {loadBefore})");
            var submit = await Measure.ClosedLoopAsync(measured.Length, concurrency, i => SubmitAsync(assessments, measured[i]));
            var loadAfter = Report.LoadAverage();

            Report.Step("verifying: every trainee's stage result, a sample of staff records");
            await VerifyAsync(host, world, attempts);

            Console.WriteLine($"load average before / after: {loadBefore} / {loadAfter}");
            Report.Table(
                ["measure", "calls", "rate (calls/s)", "p50 (ms)", "p99 (ms)", "submissions/s ÷ ceiling"],
                [
                    ["SubmitAttempt over gRPC (grade, record, batch result, staff evidence)", Report.N(submit.Calls), Report.Rate(submit.PerSecond), Report.Ms(submit.Latency.Median), Report.Ms(submit.Latency.P99), "—"],
                    ["empty unary RPC, bare gRPC server (Noop/Ping)", Report.N(ping.Calls), Report.Rate(ping.PerSecond), Report.Ms(ping.Latency.Median), Report.Ms(ping.Latency.P99), (submit.PerSecond / ping.PerSecond).ToString("0.0000", CultureInfo.InvariantCulture)],
                ]);
            Console.WriteLine(FormattableString.Invariant(
                $"RESULT quick-test submissions_per_s={submit.PerSecond:0} p50_ms={submit.Latency.Median:0.0} p99_ms={submit.Latency.P99:0.0} ping_per_s={ping.PerSecond:0} ratio={submit.PerSecond / ping.PerSecond:0.000} concurrency={concurrency} items={items} load_before=\"{loadBefore}\" load_after=\"{loadAfter}\""));
            return 0;
        }
        finally
        {
            await noop.DisposeAsync();
            await host.StopAsync();
            if (!keep)
            {
                BenchHost.DeleteData(data);
            }
        }
    }

    /// <summary>One attempt per trainee, started by the trainee (setup): the attempt and the right answers to it.</summary>
    private static async Task<Pending[]> StartAttemptsAsync(BenchHost host, AssessmentService.AssessmentServiceClient assessments, QuickTestWorld world, int concurrency)
    {
        var pending = new Pending[world.Trainees.Count];
        await Workers.ForAsync(pending.Length, concurrency, async i =>
        {
            var (batch, staff) = world.Trainees[i];
            var auth = Auth(host, world.Center, staff);
            var attempt = await assessments.StartAttemptAsync(new StartAttemptRequest { Parent = batch, StaffMember = staff, Stage = StageKind.Theory, RequestId = Organization.RequestId() }, auth);
            Measure.Check(attempt.Items.All(item => item.CorrectOptions.Count == 0), $"{attempt.Name} shows its answer key before submission");
            var answers = attempt.Items.Select(item => new AttemptAnswer
            {
                Item = item.Item,
                Chosen = { item.Options.Select((o, n) => (o, n)).Where(x => x.o.StartsWith(QuickTestWorld.Right, StringComparison.Ordinal)).Select(x => x.n) },
            });
            pending[i] = new Pending(new SubmitAttemptRequest { Name = attempt.Name, Answers = { answers }, RequestId = Organization.RequestId() }, auth);
        });
        Report.Step($"started {Report.N(pending.Length)} attempts");
        return pending;
    }

    private static async Task SubmitAsync(AssessmentService.AssessmentServiceClient assessments, Pending pending)
    {
        var graded = await assessments.SubmitAttemptAsync(pending.Request, pending.Auth);
        Measure.Check(graded is { State: AttemptState.Submitted, Score: 100, Passed: true, Delivered: true }, $"{graded.Name}: {graded.State}, {graded.Score}, delivered {graded.Delivered}");
    }

    private static async Task VerifyAsync(BenchHost host, QuickTestWorld world, Pending[] attempts)
    {
        var assessments = new AssessmentService.AssessmentServiceClient(host.Channel);
        var passed = 0;
        foreach (var batch in world.Batches)
        {
            var results = await assessments.GetStageResultsAsync(new GetStageResultsRequest { CourseBatch = batch });
            passed += results.Trainees.Count(t => t.Stages.Single(s => s.Stage == StageKind.Theory) is { Passed: true, AttemptsUsed: 1, BestScore: 100 });
        }

        Measure.Check(passed == attempts.Length, $"{passed} of {attempts.Length} trainees hold a passed theory stage");
        foreach (var (_, staff) in world.Trainees.Where((_, i) => i % 97 == 0))
        {
            var history = await host.Staff.ListStaffMemberHistoryAsync(new ListStaffMemberHistoryRequest { Name = staff, PageSize = 1000 });
            Measure.Check(history.Entries.Count(e => e.EventType == "staff.evidence-recorded.v1") == 1, $"{staff}'s record does not hold exactly one piece of quick-test evidence");
        }

        Report.Step($"verified: {Report.N(passed)} trainees passed once in {world.Batches.Count} batches; staff records sampled");
    }

    /// <summary>A trainee's own token for themself, sent with each call.</summary>
    private static Metadata Auth(BenchHost host, string center, string staff) =>
        new() { { "authorization", "Bearer " + host.TokenFor(new TokenSpec($"trainee-{staff}", [Roles.Trainee]) { Staff = staff, Centers = [center] }) } };

    private sealed record Pending(SubmitAttemptRequest Request, Metadata Auth);

    /// <summary>The quick test's world, created over gRPC with the operator's token (setup, not measured).</summary>
    private sealed record QuickTestWorld(string Center, IReadOnlyList<string> Batches, IReadOnlyList<(string Batch, string Staff)> Trainees)
    {
        /// <summary>Every right option starts with this (the benchmark answers from the option texts, as the key is not shown).</summary>
        public const string Right = "对：";

        public static async Task<QuickTestWorld> CreateAsync(BenchHost host, int trainees, int items)
        {
            var center = (await Organization.CreateAsync(host, 1))[0];
            await host.Frameworks.CreateFrameworkAsync(new CreateFrameworkRequest
            {
                FrameworkId = "bench",
                RequestId = Organization.RequestId(),
                Framework = new CompetencyFramework { DisplayName = "基准能力框架", LevelScale = { new Level { Level_ = 1, Label = "了解" }, new Level { Level_ = 2, Label = "掌握" } } },
            });
            await host.Frameworks.CreateCompetencyAsync(new CreateCompetencyRequest { Parent = "frameworks/bench", CompetencyId = "hotline-12345", RequestId = Organization.RequestId(), Competency = new Competency { DisplayName = "12345热线诉求办理", Dimension = Dimension.ServiceExcellent } });
            await host.Frameworks.PublishFrameworkAsync(new PublishFrameworkRequest { Name = "frameworks/bench", RequestId = Organization.RequestId() });
            var stages = new[] { StageKind.Theory, StageKind.PracticalDrill, StageKind.OnTheJob }
                .Select(k => new CourseStage { Kind = k, DisplayName = k.ToString(), CompetencyIds = { "hotline-12345" }, PlannedHours = 8, Assessment = "quick test" });
            await host.Courses.CreateCourseAsync(new CreateCourseRequest
            {
                CourseId = "bench",
                RequestId = Organization.RequestId(),
                Course = new Course { DisplayName = "12345热线诉求办理", Framework = "frameworks/bench", TargetPosts = { Post.Hotline12345 }, DeliveryMode = DeliveryMode.Blended, Stages = { stages } },
            });
            await host.QuestionBanks.CreateQuestionBankAsync(new CreateQuestionBankRequest
            {
                QuestionBankId = "bench",
                RequestId = Organization.RequestId(),
                QuestionBank = new QuestionBank { DisplayName = "基准题库", Framework = "frameworks/bench", CompetencyId = "hotline-12345" },
            });
            for (var i = 0; i < items * 2; i++)
            {
                await host.QuestionBanks.CreateQuestionItemAsync(new CreateQuestionItemRequest
                {
                    Parent = "questionBanks/bench",
                    ItemId = $"q{i:D3}",
                    RequestId = Organization.RequestId(),
                    Item = i % 2 == 0
                        ? new QuestionItem { Kind = QuestionKind.SingleChoice, Stem = $"单选题 {i}", Options = { Right + "甲", "乙", "丙", "丁" }, CorrectOptions = { 0 }, Difficulty = 2 }
                        : new QuestionItem { Kind = QuestionKind.MultipleChoice, Stem = $"多选题 {i}", Options = { Right + "甲", "乙", Right + "丙", "丁" }, CorrectOptions = { 0, 2 }, Difficulty = 3 },
                });
            }

            var registrations = Organization.StaffBatches("Q", 0, trainees, BatchSize, [center]);
            foreach (var registration in registrations)
            {
                foreach (var row in registration.Requests)
                {
                    row.StaffMember.Post = Post.Hotline12345;
                }

                var created = await host.Staff.BatchCreateStaffMembersAsync(registration);
                Measure.Check(created.FailedCount == 0, $"{created.FailedCount} trainees not registered");
            }

            var batches = new List<string>();
            var enrolled = new List<(string, string)>();
            for (var b = 0; b * BatchSize < trainees; b++)
            {
                var batch = await RunningBatchAsync(host, center, $"b{b:D3}", items);
                var staff = Enumerable.Range(b * BatchSize, Math.Min(BatchSize, trainees - (b * BatchSize))).Select(i => "staff/" + Organization.StaffId("Q", i)).ToList();
                var result = await host.Batches.EnrolStaffMembersAsync(new EnrolStaffMembersRequest { CourseBatch = batch, StaffMembers = { staff }, RequestId = Organization.RequestId() });
                Measure.Check(result.Results.All(r => r.Enrolment?.Status == EnrolmentStatus.Enrolled), $"not every trainee enrolled in {batch}");
                await host.Batches.StartCourseBatchAsync(new StartCourseBatchRequest { Name = batch, RequestId = Organization.RequestId() });
                batches.Add(batch);
                enrolled.AddRange(staff.Select(s => (batch, s)));
            }

            Report.Step($"set up: {Report.N(trainees)} trainees in {batches.Count} running batches, {items * 2} items in the bank");
            return new QuickTestWorld(center, batches, enrolled);
        }

        /// <summary>A batch of 500 places with one theory session a week ahead (so no completion is judged), its theory quick test, enrolment open.</summary>
        private static async Task<string> RunningBatchAsync(BenchHost host, string center, string id, int items)
        {
            var batch = (await host.Batches.CreateCourseBatchAsync(new CreateCourseBatchRequest
            {
                Parent = center,
                CourseBatchId = id,
                RequestId = Organization.RequestId(),
                CourseBatch = new CourseBatch
                {
                    DisplayName = $"基准班 {id}",
                    Course = "courses/bench",
                    Capacity = BatchSize,
                    EligiblePosts = { Post.Hotline12345 },
                    EnrolmentOpenTime = DateTimeOffset.UtcNow.AddHours(-1).ToTimestamp(),
                    EnrolmentCloseTime = DateTimeOffset.UtcNow.AddDays(7).ToTimestamp(),
                },
            })).Name;
            var start = new DateTimeOffset(DateTimeOffset.UtcNow.Date.AddDays(7).AddHours(9), TimeSpan.Zero);
            await host.Batches.CreateSessionAsync(new CreateSessionRequest
            {
                Parent = batch,
                SessionId = "theory-1",
                RequestId = Organization.RequestId(),
                Session = new Session { Stage = StageKind.Theory, DisplayName = "政策理论", Mode = SessionMode.Online, StartTime = start.ToTimestamp(), EndTime = start.AddHours(3).ToTimestamp(), Instructor = "县人社局 王老师" },
            });
            await new AssessmentService.AssessmentServiceClient(host.Channel).SetStageAssessmentAsync(new SetStageAssessmentRequest
            {
                CourseBatch = batch,
                Stage = StageKind.Theory,
                RequestId = Organization.RequestId(),
                Blueprint = new QuickTestBlueprint
                {
                    Parts = { new BlueprintPart { QuestionBank = "questionBanks/bench", ItemCount = items } },
                    TimeLimit = Duration.FromTimeSpan(TimeSpan.FromMinutes(240)),
                    MaxAttempts = 1,
                    PassMark = 60,
                    LateRule = LateSubmissionRule.AcceptFlagged,
                },
            });
            await host.Batches.OpenCourseBatchEnrolmentAsync(new OpenCourseBatchEnrolmentRequest { Name = batch, RequestId = Organization.RequestId() });
            return batch;
        }
    }
}
