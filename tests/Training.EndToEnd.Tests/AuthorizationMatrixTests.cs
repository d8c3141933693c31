using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Microsoft.Data.Sqlite;
using static Training.EndToEnd.Tests.AuthorizationExpectations;

namespace Training.EndToEnd.Tests;

/// <summary>Which side of the caller a matrix case's target lies on.</summary>
public enum Side
{
    /// <summary>The caller's own unit: T town, its county and region (or the caller's own staff record, kiosk).</summary>
    Own,

    /// <summary>Han Dian: another town of the same county (own region and county, another centre).</summary>
    Neighbour,

    /// <summary>Another region altogether (a second seed: its county and towns have the same ids as the caller's).</summary>
    Foreign,
}

/// <summary>
/// The authorization matrix of issue #3 (OWASP API Security #1, broken object-level authorization): every RPC of every
/// <c>training.v1</c> service — found in the generated descriptors, so services added later are included — called end
/// to end over real gRPC by each of the seven roles and by a caller without a token, each time with a valid request
/// about a resource on the caller's own side, on a neighbouring town's side and in a foreign region. The expected
/// answer comes from <see cref="AuthorizationExpectations"/> (written independently of the product's policy table):
/// allowed calls answer OK (lists showing nothing the caller may not read), refused calls answer PermissionDenied with
/// the right ErrorInfo reason (Unauthenticated without a token), and a refused call writes nothing — the target read
/// back by the province-wide operator is unchanged and the event store holds not one event more.
/// </summary>
public sealed partial class AuthorizationMatrixTests(AuthorizationMatrixFixture fixture) : IClassFixture<AuthorizationMatrixFixture>
{
    private const string Org = "/training.v1.OrganizationService/";
    private const string StaffRpc = "/training.v1.StaffService/";
    private const string FrameworkRpc = "/training.v1.CompetencyFrameworkService/";
    private const string CourseRpc = "/training.v1.CourseService/";
    private const string BankRpc = "/training.v1.QuestionBankService/";
    private const string AuditRpc = "/training.v1.AuditService/";
    private const string KioskRpc = "/training.v1.KioskService/";
    private const string CheckInRpc = "/training.v1.CheckInService/";
    private const string BatchRpc = "/training.v1.CourseBatchService/";
    private const string AssessmentRpc = "/training.v1.AssessmentService/";
    private const string CapabilityRpc = "/training.v1.CapabilityService/";
    private const string ResultsRpc = "/training.v1.TrainingResultsService/";
    private const string PracticalRpc = "/training.v1.PracticalAssessmentService/";
    private const string RubricRpc = "/training.v1.RubricService/";

    /// <summary>Resources placed at a centre: their own centre, the neighbouring town, another region.</summary>
    private static readonly Side[] AllSides = [Side.Own, Side.Neighbour, Side.Foreign];

    /// <summary>Resources above a centre (regions, counties) and catalogue resources: the neighbour's are the caller's own.</summary>
    private static readonly Side[] OwnAndForeign = [Side.Own, Side.Foreign];

    /// <summary>Calls about no particular resource (ListRegions, catalogue lists, creates of unplaced resources).</summary>
    private static readonly Side[] OwnOnly = [Side.Own];

    private delegate Task<MatrixCase> Build(AuthorizationMatrixFixture f, Side side);

    private TrainingHostProcess Host => fixture.Host;

    /// <summary>Every RPC × every caller × every side that matters for it; an RPC without an expectation or a builder still gets rows, which fail naming it.</summary>
    public static TheoryData<string, string, Side> Cases
    {
        get
        {
            var data = new TheoryData<string, string, Side>();
            foreach (var method in TrainingV1.Methods.Select(TrainingV1.FullName))
            {
                var sides = Specs.TryGetValue(method, out var spec) && Find(method) is not null ? spec.Sides : OwnOnly;
                foreach (var role in Callers)
                {
                    foreach (var side in sides)
                    {
                        data.Add(method, role, side);
                    }
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_role_may_call_each_RPC_only_about_what_is_in_its_scope(string method, string role, Side side)
    {
        var expectation = Find(method);
        Assert.True(expectation is not null, $"{method} has no expectation row in {nameof(AuthorizationExpectations)}: say who may call it, about what, before it ships.");
        Assert.True(Specs.TryGetValue(method, out var spec), $"{method} has no request builder in {nameof(AuthorizationMatrixTests)}.{nameof(Specs)}.");
        await RunAsync(method, role, side, await spec.Build(fixture, side));
    }

    /// <summary>The audit trail of each kind of resource (the centre's is in the matrix above).</summary>
    public static TheoryData<string, string, Side> AuditCases
    {
        get
        {
            var data = new TheoryData<string, string, Side>();
            foreach (var (kind, spec) in AuditSpecs)
            {
                foreach (var role in Callers)
                {
                    foreach (var side in spec.Sides)
                    {
                        data.Add(kind, role, side);
                    }
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(AuditCases))]
    public async Task The_audit_trail_of_every_kind_of_resource_is_read_only_by_those_who_answer_for_it(string kind, string role, Side side)
    {
        if (kind == "kiosk" && !fixture.KiosksExist)
        {
            return;
        }

        await RunAsync(AuditRpc + "ListAuditRecords", role, side, await AuditSpecs[kind].Build(fixture, side));
    }

    /// <summary>One matrix case: the call as <paramref name="role"/>, and what must (not) have happened.</summary>
    private async Task RunAsync(string method, string role, Side side, MatrixCase matrixCase)
    {
        var expectation = Find(method)!;
        var descriptor = TrainingV1.Find(method) ?? throw new InvalidOperationException($"{method} vanished from the descriptors.");
        var anchor = matrixCase.Anchor ?? fixture.Anchor;
        var verdict = Decide(method, role, anchor, matrixCase.Targets);
        var token = fixture.TokenFor(role, anchor);
        var about = matrixCase.Targets.Count == 0 || matrixCase.Targets.All(t => t.Kind == ResourceKind.Collection)
            ? "no particular resource"
            : string.Join(" and ", matrixCase.Targets.Select(t => t.Name));
        var who = role == Anonymous ? "a caller without a token" : $"{role} scoped to {Describe(anchor.ScopeOf(role))}";
        var what = $"{who} calling {method} about {about} ({side} side); expected {verdict}";

        var stateBefore = matrixCase.State is null ? null : await matrixCase.State();
        var writtenBefore = await EventLog.HeadAsync(Host);
        var outcome = await TrainingV1.CallAsync(fixture.Invoker, descriptor, matrixCase.Requests, token);

        Assert.False(outcome.Code is StatusCode.Internal or StatusCode.Unknown, $"BUG: {what}, but the server answered {outcome.Code}: {outcome.Detail}");
        switch (verdict)
        {
            case Verdict.Allowed:
                Assert.True(outcome.Code == StatusCode.OK, $"{what}, but the call answered {outcome.Code} ({outcome.Reason}): {outcome.Detail}");
                CheckReadAnswersTheNamedResource(matrixCase.Requests, outcome.Responses, expectation, what);
                if (matrixCase.Check is not null)
                {
                    await matrixCase.Check(outcome.Responses, role, anchor, expectation, verdict);
                }

                return;
            case Verdict.RowDenied:
                Assert.True(outcome.Code == StatusCode.OK, $"{what}: the batch itself should be answered (rows fail one by one), but it answered {outcome.Code} ({outcome.Reason}): {outcome.Detail}");
                await matrixCase.Check!(outcome.Responses, role, anchor, expectation, verdict);
                break;
            case Verdict.Unauthenticated:
                Assert.True(outcome.Code == StatusCode.Unauthenticated, $"{what}, but the call answered {outcome.Code}: {outcome.Detail}");
                Assert.Equal("TOKEN_MISSING", outcome.Reason);
                break;
            default:
                Assert.True(outcome.Code == StatusCode.PermissionDenied, $"{(outcome.Code == StatusCode.OK ? "LEAK (broken object-level authorization): " : string.Empty)}{what}, but the call answered {outcome.Code}: {outcome.Detail}");
                var reason = verdict == Verdict.RoleNotPermitted ? "ROLE_NOT_PERMITTED" : "OUT_OF_SCOPE";
                Assert.True(outcome.Reason == reason, $"{what}: refused as expected, but with ErrorInfo reason {outcome.Reason ?? "(none)"} instead of {reason}: {outcome.Detail}");
                break;
        }

        // Refused: nothing was written, neither to the target nor anywhere else.
        if (matrixCase.State is not null)
        {
            Assert.True(stateBefore == await matrixCase.State(), $"{what}: refused, yet the target changed.");
        }

        Assert.True(writtenBefore == await EventLog.HeadAsync(Host), $"{what}: refused, yet the event store was written to.");
    }

    [Fact]
    public void Every_training_v1_RPC_has_an_expectation_and_a_request_builder_and_every_expectation_an_RPC()
    {
        var methods = TrainingV1.Methods.Select(TrainingV1.FullName).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("/training.v1.OrganizationService/GetRegion", methods);
        var unexpected = methods.Where(m => Find(m) is null || !Specs.ContainsKey(m)).ToList();
        Assert.True(unexpected.Count == 0, $"RPCs without an expectation or a request builder: {string.Join(", ", unexpected)}");

        // Expectations were written for KioskService before it existed; once it exists they must all name real RPCs.
        var kioskServiceExists = methods.Any(m => m.StartsWith(KioskRpc, StringComparison.Ordinal));
        var stale = Rows.Keys.Where(m => !methods.Contains(m) && (kioskServiceExists || !m.StartsWith(KioskRpc, StringComparison.Ordinal))).ToList();
        Assert.True(stale.Count == 0, $"Expectations for RPCs that do not exist: {string.Join(", ", stale)}");
    }

    [Fact]
    public async Task A_trainee_or_mentor_reads_neither_a_colleague_at_their_own_centre_nor_their_history()
    {
        var colleague = fixture.Own.StaffName(2);
        foreach (var role in new[] { AuthorizationExpectations.Trainee, AuthorizationExpectations.Mentor })
        {
            var staff = new StaffService.StaffServiceClient(Host.ChannelFor(Host.TokenFor(role, fixture.Own.StaffName(1), fixture.Own.Center)));
            await Expect.Refused(StatusCode.PermissionDenied, () => staff.GetStaffMemberAsync(new GetStaffMemberRequest { Name = colleague }).ResponseAsync);
            await Expect.Refused(StatusCode.PermissionDenied, () => staff.ListStaffMemberHistoryAsync(new ListStaffMemberHistoryRequest { Name = colleague }).ResponseAsync);
            await Expect.Refused(StatusCode.PermissionDenied, async () =>
            {
                using var stream = staff.StreamStaffMemberHistory(new StreamStaffMemberHistoryRequest { Name = colleague });
                await Expect.ReadAll(stream.ResponseStream);
            });
        }
    }

    [Fact]
    public async Task A_revoked_kiosk_or_a_superseded_credential_is_refused_at_once_and_an_unregistered_kiosk_never_gets_in()
    {
        if (!fixture.KiosksExist)
        {
            // KioskService is not in training.v1 yet: nothing to revoke. (The matrix rows for it appear with it.)
            return;
        }

        var listCourses = TrainingV1.Find(CourseRpc + "ListCourses")!;
        var read = new[] { new ListCoursesRequest() };

        var (name, token) = await fixture.RegisterKioskAsync(fixture.Own.Center);
        Assert.Equal(StatusCode.OK, (await TrainingV1.CallAsync(fixture.Invoker, listCourses, read, token)).Code);

        // A new credential supersedes the old token at once; the new one works.
        var issued = await fixture.CallAsOperator(KioskRpc + "IssueKioskCredential", ("name", name), ("request_id", Seed.RequestId()));
        var newToken = (string)Dynamic.Get(issued, "device_token");
        var superseded = await TrainingV1.CallAsync(fixture.Invoker, listCourses, read, token);
        Assert.True(superseded.Code == StatusCode.Unauthenticated, $"A superseded kiosk credential answered {superseded.Code}: {superseded.Detail}");
        Assert.Equal(StatusCode.OK, (await TrainingV1.CallAsync(fixture.Invoker, listCourses, read, newToken)).Code);

        // Revoked: refused from the very next call.
        await fixture.CallAsOperator(KioskRpc + "RevokeKiosk", ("name", name), ("reason", "设备遗失"), ("request_id", Seed.RequestId()));
        var revoked = await TrainingV1.CallAsync(fixture.Invoker, listCourses, read, newToken);
        Assert.True(revoked.Code == StatusCode.Unauthenticated, $"A revoked kiosk answered {revoked.Code}: {revoked.Detail}");
        Assert.Equal("KIOSK_REVOKED", revoked.Reason);

        // A well-signed kiosk token for a kiosk that was never registered gets nowhere either.
        var forged = Host.TokenFor(AuthorizationExpectations.Kiosk, fixture.Own.Center, $"{fixture.Own.Center}/kiosks/never-registered");
        var unregistered = await TrainingV1.CallAsync(fixture.Invoker, listCourses, read, forged);
        Assert.True(unregistered.Code == StatusCode.Unauthenticated, $"An unregistered kiosk answered {unregistered.Code}: {unregistered.Detail}");
    }

    private static string Describe(Scope scope) =>
        string.Join(", ", new[] { scope.Unit, scope.Staff, scope.Kiosk, scope.Mentor }.Where(s => s is not null));

    /// <summary>An allowed Get answers the resource it named, not another.</summary>
    private static void CheckReadAnswersTheNamedResource(IReadOnlyList<IMessage> requests, IReadOnlyList<IMessage> responses, Expectation expectation, string what)
    {
        if (expectation.Operation != Operation.Read || responses.Count != 1
            || requests[0].Descriptor.FindFieldByName("name") is not { FieldType: FieldType.String } requested
            || responses[0].Descriptor.FindFieldByName("name") is not { FieldType: FieldType.String } answered)
        {
            return;
        }

        Assert.True(Equals(requested.Accessor.GetValue(requests[0]), answered.Accessor.GetValue(responses[0])), $"{what}: it answered {answered.Accessor.GetValue(responses[0])} instead.");
    }

    // ---- Request builders: one per RPC, a valid request about the resource on the given side. ----

    private sealed record Spec(Side[] Sides, Build Build);

    private static readonly Dictionary<string, Spec> AuditSpecs = new(StringComparer.Ordinal)
    {
        ["region"] = new(OwnAndForeign, (f, side) => Audit(f.PlaceOf(side).Region, Resource.Unit(f.PlaceOf(side).Region))),
        ["county"] = new(OwnAndForeign, (f, side) => Audit(f.PlaceOf(side).County, Resource.Unit(f.PlaceOf(side).County))),
        ["staff"] = new(AllSides, (f, side) => Audit(f.StaffOf(side), f.StaffResource(side))),
        ["kiosk"] = new(AllSides, (f, side) => Audit(f.KioskOf(side), Resource.Kiosk(f.KioskOf(side)))),
        ["framework"] = new(OwnAndForeign, (f, side) => Audit(f.CatalogueOf(side).Framework, Resource.Catalogue(f.CatalogueOf(side).Framework))),
        ["rubric"] = new(OwnAndForeign, (f, side) => Audit(PracticalSeed.RubricOf(f.CatalogueOf(side)), Resource.Catalogue(PracticalSeed.RubricOf(f.CatalogueOf(side))))),
    };

    private static Task<MatrixCase> Audit(string resource, Resource target) => Done(new MatrixCase(new ListAuditRecordsRequest { Resource = resource, PageSize = 1000 }, target)
    {
        Check = (responses, _, _, _, _) =>
        {
            Assert.NotEmpty(((ListAuditRecordsResponse)responses.Single()).Records);
            return Task.CompletedTask;
        },
    });

    /// <summary>A valid request of <paramref name="method"/> about the own side (arranged as the matrix arranges it); null when no builder exists.</summary>
    internal static Task<MatrixCase>? ValidCase(AuthorizationMatrixFixture f, string method) =>
        Specs.TryGetValue(method, out var spec) ? spec.Build(f, Side.Own) : null;

    private static Task<MatrixCase> Done(MatrixCase matrixCase) => Task.FromResult(matrixCase);

    private static readonly Dictionary<string, Spec> Specs = new(StringComparer.Ordinal)
    {
        // Organisation.
        [Org + "CreateRegion"] = new(OwnOnly, (f, _) =>
        {
            var id = Fresh("mx-region");
            return Done(new MatrixCase(new CreateRegionRequest { RegionId = id, Region = new Region { DisplayName = "矩阵省" }, RequestId = Seed.RequestId() }, Resource.Collection)
            {
                State = () => AuthorizationMatrixFixture.Read(() => f.Host.Organization.GetRegionAsync(new GetRegionRequest { Name = $"regions/{id}" })),
            });
        }),
        [Org + "GetRegion"] = new(OwnAndForeign, (f, side) => Done(new MatrixCase(new GetRegionRequest { Name = f.PlaceOf(side).Region }, Resource.Unit(f.PlaceOf(side).Region)))),
        [Org + "ListRegions"] = new(OwnOnly, (f, _) => Done(new MatrixCase(new ListRegionsRequest { PageSize = 1000 }, Resource.Collection)
        {
            Check = Lists<ListRegionsResponse>(r => r.Regions.Select(x => x.Name), Resource.Unit, f.Own.Region, f.Foreign.Region),
        })),
        [Org + "UpdateRegion"] = new(OwnAndForeign, (f, side) =>
        {
            var region = f.PlaceOf(side).Region;
            return Done(new MatrixCase(
                new UpdateRegionRequest { Region = new Region { Name = region, Description = Fresh("改") }, UpdateMask = Mask("description"), RequestId = Seed.RequestId() },
                Resource.Unit(region))
            {
                State = () => AuthorizationMatrixFixture.Read(() => f.Host.Organization.GetRegionAsync(new GetRegionRequest { Name = region })),
            });
        }),
        [Org + "CreateCounty"] = new(OwnAndForeign, (f, side) =>
        {
            var (region, id) = (f.PlaceOf(side).Region, Fresh("mx-county"));
            return Done(new MatrixCase(new CreateCountyRequest { Parent = region, CountyId = id, County = new County { DisplayName = "矩阵县" }, RequestId = Seed.RequestId() }, Resource.Unit(region))
            {
                State = () => AuthorizationMatrixFixture.Read(() => f.Host.Organization.GetCountyAsync(new GetCountyRequest { Name = $"{region}/counties/{id}" })),
            });
        }),
        [Org + "GetCounty"] = new(OwnAndForeign, (f, side) => Done(new MatrixCase(new GetCountyRequest { Name = f.PlaceOf(side).County }, Resource.Unit(f.PlaceOf(side).County)))),
        [Org + "ListCounties"] = new(OwnAndForeign, (f, side) => Done(new MatrixCase(new ListCountiesRequest { Parent = f.PlaceOf(side).Region, PageSize = 1000 }, Resource.Unit(f.PlaceOf(side).Region))
        {
            Check = Lists<ListCountiesResponse>(r => r.Counties.Select(x => x.Name), Resource.Unit, f.PlaceOf(side).County),
        })),
        [Org + "UpdateCounty"] = new(OwnAndForeign, (f, side) =>
        {
            var county = f.PlaceOf(side).County;
            return Done(new MatrixCase(
                new UpdateCountyRequest { County = new County { Name = county, Description = Fresh("改") }, UpdateMask = Mask("description"), RequestId = Seed.RequestId() },
                Resource.Unit(county))
            {
                State = () => AuthorizationMatrixFixture.Read(() => f.Host.Organization.GetCountyAsync(new GetCountyRequest { Name = county })),
            });
        }),
        [Org + "CreateCenter"] = new(OwnAndForeign, (f, side) =>
        {
            var (county, id) = (f.PlaceOf(side).County, Fresh("mx-center"));
            return Done(new MatrixCase(new CreateCenterRequest { Parent = county, CenterId = id, Center = new Center { DisplayName = "矩阵镇便民服务中心" }, RequestId = Seed.RequestId() }, Resource.Unit(county))
            {
                State = () => AuthorizationMatrixFixture.Read(() => f.Host.Organization.GetCenterAsync(new GetCenterRequest { Name = $"{county}/centers/{id}" })),
            });
        }),
        [Org + "GetCenter"] = new(AllSides, (f, side) => Done(new MatrixCase(new GetCenterRequest { Name = f.PlaceOf(side).Center }, Resource.Unit(f.PlaceOf(side).Center)))),
        [Org + "ListCenters"] = new(OwnAndForeign, (f, side) => Done(new MatrixCase(new ListCentersRequest { Parent = f.PlaceOf(side).County, PageSize = 1000 }, Resource.Unit(f.PlaceOf(side).County))
        {
            Check = Lists<ListCentersResponse>(r => r.Centers.Select(x => x.Name), Resource.Unit, f.PlaceOf(side).Center, f.PlaceOf(side).Sibling),
        })),
        [Org + "UpdateCenter"] = new(AllSides, (f, side) =>
        {
            var center = f.PlaceOf(side).Center;
            return Done(new MatrixCase(
                new UpdateCenterRequest { Center = new Center { Name = center, Description = Fresh("改") }, UpdateMask = Mask("description"), RequestId = Seed.RequestId() },
                Resource.Unit(center))
            {
                State = () => AuthorizationMatrixFixture.Read(() => f.Host.Organization.GetCenterAsync(new GetCenterRequest { Name = center })),
            });
        }),
        [Org + "ArchiveCenter"] = new(AllSides, async (f, side) =>
        {
            // Only an empty centre can be archived: a fresh one next to the side's centre. On the own side the callers
            // sit at that very centre (its manager tries to archive it).
            var center = await f.CreateCenterAsync(f.PlaceOf(side).County);
            return new MatrixCase(new ArchiveCenterRequest { Name = center, RequestId = Seed.RequestId() }, Resource.Unit(center))
            {
                Anchor = side == Side.Own ? f.Anchor with { Center = center } : null,
                State = () => AuthorizationMatrixFixture.Read(() => f.Host.Organization.GetCenterAsync(new GetCenterRequest { Name = center })),
            };
        }),

        // Staff.
        [StaffRpc + "CreateStaffMember"] = new(AllSides, (f, side) =>
        {
            var (center, id) = (f.PlaceOf(side).Center, FreshStaffId());
            return Done(new MatrixCase(
                new CreateStaffMemberRequest { StaffMemberId = id, StaffMember = NewStaff(center), RequestId = Seed.RequestId() },
                Resource.Unit(center))
            {
                State = () => f.StaffState($"staff/{id}"),
            });
        }),
        [StaffRpc + "BatchCreateStaffMembers"] = new(AllSides, (f, side) => Done(BatchCase(f, f.PlaceOf(side).Center))),
        [StaffRpc + "ImportStaffMembers"] = new(AllSides, (f, side) => Done(BatchCase(f, f.PlaceOf(side).Center))),
        [StaffRpc + "GetStaffMember"] = new(AllSides, (f, side) => Done(new MatrixCase(new GetStaffMemberRequest { Name = f.StaffOf(side) }, f.StaffResource(side)))),
        [StaffRpc + "ListStaffMembers"] = new(AllSides, (f, side) =>
        {
            var (center, member) = (f.PlaceOf(side).Center, f.StaffOf(side));
            return Done(new MatrixCase(new ListStaffMembersRequest { Parent = center, PageSize = 1000 }, Resource.Unit(center))
            {
                Check = (responses, role, _, _, _) =>
                {
                    var listed = ((ListStaffMembersResponse)responses.Single()).StaffMembers;
                    var leaked = listed.Where(s => s.Center != center).Select(s => $"{s.Name} at {s.Center}").ToList();
                    Assert.True(leaked.Count == 0, $"LEAK: {role} listing the staff of {center} was shown {string.Join(", ", leaked)}.");
                    Assert.Contains(member, listed.Select(s => s.Name));
                    return Task.CompletedTask;
                },
            });
        }),
        [StaffRpc + "UpdateStaffMember"] = new(AllSides, (f, side) => StaffChange(f, side, member =>
            new UpdateStaffMemberRequest { StaffMember = new StaffMember { Name = member, Phone = "0543-7654321" }, UpdateMask = Mask("phone"), RequestId = Seed.RequestId() })),
        [StaffRpc + "TransferStaffMember"] = new(AllSides, (f, side) => StaffChange(f, side, member =>
            new TransferStaffMemberRequest { Name = member, ToCenter = f.PlaceOf(side).Sibling, Reason = "调岗", RequestId = Seed.RequestId() }, Resource.Unit(f.PlaceOf(side).Sibling))),
        [StaffRpc + "StartStaffLeave"] = new(AllSides, (f, side) => StaffChange(f, side, member =>
            new StartStaffLeaveRequest { Name = member, Reason = "病假", RequestId = Seed.RequestId() })),
        [StaffRpc + "EndStaffLeave"] = new(AllSides, (f, side) => StaffChange(f, side, member =>
            new EndStaffLeaveRequest { Name = member, RequestId = Seed.RequestId() }, onLeave: true)),
        [StaffRpc + "DepartStaffMember"] = new(AllSides, (f, side) => StaffChange(f, side, member =>
            new DepartStaffMemberRequest { Name = member, Reason = "辞职", RequestId = Seed.RequestId() })),
        [StaffRpc + "ListStaffMemberHistory"] = new(AllSides, (f, side) => Done(new MatrixCase(new ListStaffMemberHistoryRequest { Name = f.StaffOf(side), PageSize = 1000 }, f.StaffResource(side))
        {
            Check = (responses, _, _, _, _) =>
            {
                Assert.NotEmpty(((ListStaffMemberHistoryResponse)responses.Single()).Entries);
                return Task.CompletedTask;
            },
        })),
        [StaffRpc + "StreamStaffMemberHistory"] = new(AllSides, (f, side) => Done(new MatrixCase(new StreamStaffMemberHistoryRequest { Name = f.StaffOf(side) }, f.StaffResource(side))
        {
            Check = (responses, _, _, _, _) =>
            {
                Assert.NotEmpty(responses);
                return Task.CompletedTask;
            },
        })),

        // Competency frameworks (the catalogue is shared: "foreign" is the other seed's framework, with the same rules).
        [FrameworkRpc + "CreateFramework"] = new(OwnOnly, (f, _) =>
        {
            var id = Fresh("mx-fw");
            return Done(new MatrixCase(
                new CreateFrameworkRequest { FrameworkId = id, Framework = new CompetencyFramework { DisplayName = "矩阵框架", LevelScale = { new Level { Level_ = 1, Label = "了解" }, new Level { Level_ = 2, Label = "掌握" } } }, RequestId = Seed.RequestId() },
                Resource.Collection)
            {
                State = () => AuthorizationMatrixFixture.Read(() => f.Host.Frameworks.GetFrameworkAsync(new GetFrameworkRequest { Name = $"frameworks/{id}" })),
            });
        }),
        [FrameworkRpc + "GetFramework"] = new(OwnAndForeign, (f, side) => Done(new MatrixCase(new GetFrameworkRequest { Name = f.CatalogueOf(side).Framework }, Resource.Catalogue(f.CatalogueOf(side).Framework)))),
        [FrameworkRpc + "ListFrameworks"] = new(OwnOnly, (f, _) => Done(new MatrixCase(new ListFrameworksRequest { PageSize = 1000 }, Resource.Collection)
        {
            Check = Contains<ListFrameworksResponse>(r => r.Frameworks.Select(x => x.Name), f.Own.Framework),
        })),
        [FrameworkRpc + "UpdateFramework"] = new(OwnAndForeign, (f, side) =>
        {
            var framework = f.CatalogueOf(side).Framework;
            return Done(new MatrixCase(
                new UpdateFrameworkRequest { Framework = new CompetencyFramework { Name = framework, Description = Fresh("改") }, UpdateMask = Mask("description"), RequestId = Seed.RequestId() },
                Resource.Catalogue(framework))
            {
                State = () => f.FrameworkState(framework),
            });
        }),
        [FrameworkRpc + "CreateCompetency"] = new(OwnAndForeign, (f, side) =>
        {
            var framework = f.CatalogueOf(side).Framework;
            return Done(new MatrixCase(
                new CreateCompetencyRequest { Parent = framework, CompetencyId = Fresh("mx-comp"), Competency = new Competency { ParentId = "service-awareness", DisplayName = "矩阵能力", Dimension = Dimension.ServiceExcellent }, RequestId = Seed.RequestId() },
                Resource.Catalogue(framework))
            {
                State = () => f.FrameworkState(framework),
            });
        }),
        [FrameworkRpc + "UpdateCompetency"] = new(OwnAndForeign, (f, side) =>
        {
            var framework = f.CatalogueOf(side).Framework;
            return Done(new MatrixCase(
                new UpdateCompetencyRequest { Competency = new Competency { Name = $"{framework}/competencies/communication", Description = Fresh("改") }, UpdateMask = Mask("description"), RequestId = Seed.RequestId() },
                Resource.Catalogue(framework))
            {
                State = () => f.FrameworkState(framework),
            });
        }),
        [FrameworkRpc + "RetireCompetency"] = new(OwnAndForeign, async (f, side) =>
        {
            var framework = f.CatalogueOf(side).Framework;
            var competency = await f.CreateCompetencyAsync(framework);
            return new MatrixCase(new RetireCompetencyRequest { Name = competency, RequestId = Seed.RequestId() }, Resource.Catalogue(framework))
            {
                State = () => f.FrameworkState(framework),
            };
        }),
        [FrameworkRpc + "PublishFramework"] = new(OwnAndForeign, async (f, side) =>
        {
            var framework = f.CatalogueOf(side).Framework;
            await f.CreateCompetencyAsync(framework);
            return new MatrixCase(new PublishFrameworkRequest { Name = framework, RequestId = Seed.RequestId() }, Resource.Catalogue(framework))
            {
                State = () => f.FrameworkState(framework),
            };
        }),

        // Courses.
        [CourseRpc + "CreateCourse"] = new(OwnOnly, (f, _) =>
        {
            var id = Fresh("mx-course");
            return Done(new MatrixCase(new CreateCourseRequest { CourseId = id, Course = NewCourse(f.Own.Framework), RequestId = Seed.RequestId() }, Resource.Collection)
            {
                State = () => AuthorizationMatrixFixture.Read(() => f.Host.Courses.GetCourseAsync(new GetCourseRequest { Name = $"courses/{id}" })),
            });
        }),
        [CourseRpc + "GetCourse"] = new(OwnAndForeign, (f, side) => Done(new MatrixCase(new GetCourseRequest { Name = f.CatalogueOf(side).Course }, Resource.Catalogue(f.CatalogueOf(side).Course)))),
        [CourseRpc + "ListCourses"] = new(OwnOnly, (f, _) => Done(new MatrixCase(new ListCoursesRequest { PageSize = 1000 }, Resource.Collection)
        {
            Check = Contains<ListCoursesResponse>(r => r.Courses.Select(x => x.Name), f.Own.Course),
        })),
        [CourseRpc + "UpdateCourse"] = new(OwnAndForeign, (f, side) =>
        {
            var course = f.CatalogueOf(side).Course;
            return Done(new MatrixCase(
                new UpdateCourseRequest { Course = new Course { Name = course, Description = Fresh("改") }, UpdateMask = Mask("description"), RequestId = Seed.RequestId() },
                Resource.Catalogue(course))
            {
                State = () => AuthorizationMatrixFixture.Read(() => f.Host.Courses.GetCourseAsync(new GetCourseRequest { Name = course })),
            });
        }),
        [CourseRpc + "ArchiveCourse"] = new(OwnAndForeign, async (f, side) =>
        {
            var course = await f.CreateCourseAsync(f.CatalogueOf(side).Framework);
            return new MatrixCase(new ArchiveCourseRequest { Name = course, RequestId = Seed.RequestId() }, Resource.Catalogue(course))
            {
                State = () => AuthorizationMatrixFixture.Read(() => f.Host.Courses.GetCourseAsync(new GetCourseRequest { Name = course })),
            };
        }),

        // Question banks; items carry the answer key.
        [BankRpc + "CreateQuestionBank"] = new(OwnOnly, (f, _) =>
        {
            var id = Fresh("mx-bank");
            return Done(new MatrixCase(
                new CreateQuestionBankRequest { QuestionBankId = id, QuestionBank = new QuestionBank { DisplayName = "矩阵题库", Framework = f.Own.Framework, CompetencyId = "hotline-12345" }, RequestId = Seed.RequestId() },
                Resource.Collection)
            {
                State = () => AuthorizationMatrixFixture.Read(() => f.Host.QuestionBanks.GetQuestionBankAsync(new GetQuestionBankRequest { Name = $"questionBanks/{id}" })),
            });
        }),
        [BankRpc + "GetQuestionBank"] = new(OwnAndForeign, (f, side) => Done(new MatrixCase(new GetQuestionBankRequest { Name = f.CatalogueOf(side).Bank }, Resource.Catalogue(f.CatalogueOf(side).Bank)))),
        [BankRpc + "ListQuestionBanks"] = new(OwnOnly, (f, _) => Done(new MatrixCase(new ListQuestionBanksRequest { PageSize = 1000 }, Resource.Collection)
        {
            Check = Contains<ListQuestionBanksResponse>(r => r.QuestionBanks.Select(x => x.Name), f.Own.Bank),
        })),
        [BankRpc + "UpdateQuestionBank"] = new(OwnAndForeign, (f, side) =>
        {
            var bank = f.CatalogueOf(side).Bank;
            return Done(new MatrixCase(
                new UpdateQuestionBankRequest { QuestionBank = new QuestionBank { Name = bank, DisplayName = Fresh("题库") }, UpdateMask = Mask("display_name"), RequestId = Seed.RequestId() },
                Resource.Catalogue(bank))
            {
                State = () => AuthorizationMatrixFixture.Read(() => f.Host.QuestionBanks.GetQuestionBankAsync(new GetQuestionBankRequest { Name = bank })),
            });
        }),
        [BankRpc + "CreateQuestionItem"] = new(OwnAndForeign, (f, side) =>
        {
            var (bank, id) = (f.CatalogueOf(side).Bank, Fresh("mx-q"));
            return Done(new MatrixCase(new CreateQuestionItemRequest { Parent = bank, ItemId = id, Item = NewItem(), RequestId = Seed.RequestId() }, Resource.Catalogue(bank))
            {
                State = () => AuthorizationMatrixFixture.Read(() => f.Host.QuestionBanks.GetQuestionItemAsync(new GetQuestionItemRequest { Name = $"{bank}/items/{id}" })),
            });
        }),
        [BankRpc + "ReviseQuestionItem"] = new(OwnAndForeign, (f, side) =>
        {
            var item = $"{f.CatalogueOf(side).Bank}/items/q1";
            var revised = NewItem();
            revised.Name = item;
            return Done(new MatrixCase(new ReviseQuestionItemRequest { Item = revised, RequestId = Seed.RequestId() }, Resource.Catalogue(f.CatalogueOf(side).Bank))
            {
                State = () => AuthorizationMatrixFixture.Read(() => f.Host.QuestionBanks.GetQuestionItemAsync(new GetQuestionItemRequest { Name = item })),
            });
        }),
        [BankRpc + "RetireQuestionItem"] = new(OwnAndForeign, async (f, side) =>
        {
            var bank = f.CatalogueOf(side).Bank;
            var item = await f.CreateItemAsync(bank);
            return new MatrixCase(new RetireQuestionItemRequest { Name = item, RequestId = Seed.RequestId() }, Resource.Catalogue(bank))
            {
                State = () => AuthorizationMatrixFixture.Read(() => f.Host.QuestionBanks.GetQuestionItemAsync(new GetQuestionItemRequest { Name = item })),
            };
        }),
        [BankRpc + "GetQuestionItem"] = new(OwnAndForeign, (f, side) => Done(new MatrixCase(new GetQuestionItemRequest { Name = $"{f.CatalogueOf(side).Bank}/items/q1" }, Resource.Catalogue(f.CatalogueOf(side).Bank)))),
        [BankRpc + "ListQuestionItems"] = new(OwnAndForeign, (f, side) =>
        {
            var bank = f.CatalogueOf(side).Bank;
            return Done(new MatrixCase(new ListQuestionItemsRequest { Parent = bank, PageSize = 1000 }, Resource.Catalogue(bank))
            {
                Check = (responses, _, _, _, _) =>
                {
                    var items = ((ListQuestionItemsResponse)responses.Single()).Items.Select(i => i.Name).ToList();
                    Assert.Contains($"{bank}/items/q1", items);
                    Assert.All(items, i => Assert.StartsWith($"{bank}/items/", i, StringComparison.Ordinal));
                    return Task.CompletedTask;
                },
            });
        }),

        // Audit trail of a centre.
        [AuditRpc + "ListAuditRecords"] = new(AllSides, (f, side) => Audit(f.PlaceOf(side).Center, Resource.Unit(f.PlaceOf(side).Center))),

        // Kiosks, built from the descriptors (the service may be newer than this file's compile-time view of it).
        [KioskRpc + "RegisterKiosk"] = new(AllSides, (f, side) =>
        {
            var (center, id) = (f.PlaceOf(side).Center, Fresh("mx-kiosk"));
            var request = Dynamic.Request(KioskRpc + "RegisterKiosk", ("parent", center), ("kiosk_id", id), ("kiosk.display_name", "矩阵一号机"), ("kiosk.room", "二楼培训室"), ("request_id", Seed.RequestId()));
            return Done(new MatrixCase(request, Resource.Unit(center)) { State = () => f.KioskState($"{center}/kiosks/{id}") });
        }),
        [KioskRpc + "GetKiosk"] = new(AllSides, (f, side) =>
        {
            var kiosk = f.KioskOf(side);
            return Done(new MatrixCase(Dynamic.Request(KioskRpc + "GetKiosk", ("name", kiosk)), Resource.Kiosk(kiosk))
            {
                Check = (responses, _, _, _, _) =>
                {
                    Assert.True(string.IsNullOrEmpty((string)Dynamic.Get(responses.Single(), "device_token")), "GetKiosk answered a device token.");
                    return Task.CompletedTask;
                },
            });
        }),
        [KioskRpc + "ListKiosks"] = new(AllSides, (f, side) =>
        {
            var (center, kiosk) = (f.PlaceOf(side).Center, f.KioskOf(side));
            return Done(new MatrixCase(Dynamic.Request(KioskRpc + "ListKiosks", ("parent", center), ("page_size", 1000)), Resource.Unit(center))
            {
                Check = (responses, role, anchor, expectation, _) =>
                {
                    var listed = Dynamic.Names(responses.Single(), "kiosks");
                    var leaked = listed.Where(k => !k.StartsWith(center + "/kiosks/", StringComparison.Ordinal) || !MayRead(expectation.ItemsReadBy!, role, anchor, Resource.Kiosk(k))).ToList();
                    Assert.True(leaked.Count == 0, $"LEAK: {role} listing the kiosks of {center} was shown {string.Join(", ", leaked)}.");
                    Assert.Contains(kiosk, listed);
                    Assert.All(((IEnumerable<IMessage>)Dynamic.Get(responses.Single(), "kiosks")).Cast<IMessage>(), k => Assert.True(string.IsNullOrEmpty((string)Dynamic.Get(k, "device_token")), "ListKiosks answered a device token."));
                    return Task.CompletedTask;
                },
            });
        }),
        [KioskRpc + "UpdateKiosk"] = new(AllSides, (f, side) => KioskChange(f, side, kiosk =>
            Dynamic.Request(KioskRpc + "UpdateKiosk", ("kiosk.name", kiosk), ("kiosk.room", Fresh("room")), ("update_mask", Mask("room")), ("request_id", Seed.RequestId())))),
        [KioskRpc + "IssueKioskCredential"] = new(AllSides, (f, side) => KioskChange(f, side, kiosk =>
            Dynamic.Request(KioskRpc + "IssueKioskCredential", ("name", kiosk), ("request_id", Seed.RequestId())))),
        [KioskRpc + "RevokeKiosk"] = new(AllSides, (f, side) => KioskChange(f, side, kiosk =>
            Dynamic.Request(KioskRpc + "RevokeKiosk", ("name", kiosk), ("reason", "设备遗失"), ("request_id", Seed.RequestId())))),

        // Check-in: the own kiosk checks in a staff member enrolled in a batch whose session in the kiosk's room
        // starts in a few minutes (ACCEPTED the first time, DUPLICATE after: OK either way).
        [CheckInRpc + "CheckIn"] = new(AllSides, async (f, side) =>
        {
            var kiosk = f.KioskOf(side);
            var scan = new KioskScan { StaffNumber = (await f.CheckInSessionAsync()).StaffId, IdempotencyKey = Seed.RequestId(), ScanTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) };
            return new MatrixCase(new CheckInRequest { Kiosk = kiosk, Scan = scan }, Resource.Kiosk(kiosk))
            {
                Check = (responses, _, _, _, _) =>
                {
                    var result = Assert.IsType<CheckInResult>(Assert.Single(responses));
                    Assert.Contains(result.Outcome, new[] { CheckInOutcome.Accepted, CheckInOutcome.Duplicate });
                    return Task.CompletedTask;
                },
            };
        }),

        // Check-in: a replay of one scan of a card nobody holds is answered (REJECTED, nothing written) when allowed.
        [CheckInRpc + "ReplayCheckIns"] = new(AllSides, (f, side) =>
        {
            var kiosk = f.KioskOf(side);
            var request = new ReplayCheckInsRequest { Kiosk = kiosk, Scans = { new KioskScan { CardId = Fresh("NO-CARD"), IdempotencyKey = Seed.RequestId(), ScanTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) } } };
            return Done(new MatrixCase(request, Resource.Kiosk(kiosk))
            {
                Check = (responses, _, _, _, _) =>
                {
                    var result = Assert.Single(Assert.IsType<ReplayCheckInsResponse>(Assert.Single(responses)).Results);
                    Assert.Equal((CheckInOutcome.Rejected, CheckInRejection.UnknownCredential), (result.Outcome, result.Rejection));
                    return Task.CompletedTask;
                },
            });
        }),

        // Course batches: each side's centre runs one (see the fixture); lifecycle steps get a fresh batch.
        [BatchRpc + "CreateCourseBatch"] = new(AllSides, (f, side) =>
        {
            var (center, id) = (f.PlaceOf(side).Center, Fresh("mx-batch"));
            var request = new CreateCourseBatchRequest { Parent = center, CourseBatchId = id, CourseBatch = NewBatch(f.CatalogueOf(side).Course), RequestId = Seed.RequestId() };
            return Done(new MatrixCase(request, Resource.Unit(center)) { State = () => f.BatchState(Seed.BatchAt(center, id)) });
        }),
        [BatchRpc + "GetCourseBatch"] = new(AllSides, (f, side) => Done(new MatrixCase(new GetCourseBatchRequest { Name = f.BatchOf(side) }, Resource.Batch(f.BatchOf(side))))),
        [BatchRpc + "ListCourseBatches"] = new(AllSides, (f, side) =>
        {
            var (center, batch) = (f.PlaceOf(side).Center, f.BatchOf(side));
            return Done(new MatrixCase(new ListCourseBatchesRequest { Parent = center, PageSize = 1000 }, Resource.Unit(center))
            {
                Check = (responses, role, _, _, _) =>
                {
                    var listed = ((ListCourseBatchesResponse)responses.Single()).CourseBatches.Select(b => b.Name).ToList();
                    var leaked = listed.Where(b => !b.StartsWith(center + "/batches/", StringComparison.Ordinal)).ToList();
                    Assert.True(leaked.Count == 0, $"LEAK: {role} listing the batches of {center} was shown {string.Join(", ", leaked)}.");
                    Assert.Contains(batch, listed);
                    return Task.CompletedTask;
                },
            });
        }),
        [BatchRpc + "UpdateCourseBatch"] = new(AllSides, (f, side) => BatchChange(f, f.BatchOf(side), batch =>
            new UpdateCourseBatchRequest { CourseBatch = new CourseBatch { Name = batch, DisplayName = Fresh("第一期") }, UpdateMask = Mask("display_name"), RequestId = Seed.RequestId() })),
        [BatchRpc + "OpenCourseBatchEnrolment"] = new(AllSides, async (f, side) => await BatchChange(f, await f.FreshBatchAsync(side, open: false), batch =>
            new OpenCourseBatchEnrolmentRequest { Name = batch, RequestId = Seed.RequestId() })),
        [BatchRpc + "StartCourseBatch"] = new(AllSides, async (f, side) => await BatchChange(f, await f.FreshBatchAsync(side, open: true), batch =>
            new StartCourseBatchRequest { Name = batch, RequestId = Seed.RequestId() })),
        [BatchRpc + "CompleteCourseBatch"] = new(AllSides, async (f, side) => await BatchChange(f, await f.FreshBatchAsync(side, open: true, started: true), batch =>
            new CompleteCourseBatchRequest { Name = batch, RequestId = Seed.RequestId() })),
        [BatchRpc + "CancelCourseBatch"] = new(AllSides, async (f, side) => await BatchChange(f, await f.FreshBatchAsync(side, open: false), batch =>
            new CancelCourseBatchRequest { Name = batch, Reason = "培训计划调整", RequestId = Seed.RequestId() })),
        [BatchRpc + "CreateSession"] = new(AllSides, (f, side) =>
        {
            var (batch, id) = (f.BatchOf(side), Fresh("mx-s"));
            var request = new CreateSessionRequest { Parent = batch, SessionId = id, Session = Seed.NewSession(StageKind.PracticalDrill, days: 6), RequestId = Seed.RequestId() };
            return Done(new MatrixCase(request, Resource.Batch(batch)) { State = () => f.SessionState(Seed.SessionOf(batch, id)) });
        }),
        [BatchRpc + "UpdateSession"] = new(AllSides, (f, side) => BatchChange(f, f.BatchOf(side), batch =>
            new UpdateSessionRequest { Session = new Session { Name = Seed.SessionOf(batch, "theory-1"), Instructor = Fresh("王老师") }, UpdateMask = Mask("instructor"), RequestId = Seed.RequestId() })),
        [BatchRpc + "CancelSession"] = new(AllSides, async (f, side) =>
        {
            var session = await f.FreshSessionAsync(side);
            return await BatchChange(f, f.BatchOf(side), _ => new CancelSessionRequest { Name = session, Reason = "讲师出差", RequestId = Seed.RequestId() });
        }),
        [BatchRpc + "CloseSession"] = new(AllSides, async (f, side) =>
        {
            var session = await f.FreshSessionAsync(side);
            return await BatchChange(f, f.BatchOf(side), _ => new CloseSessionRequest { Name = session, RequestId = Seed.RequestId() });
        }),
        [BatchRpc + "EnrolStaffMembers"] = new(AllSides, async (f, side) =>
        {
            // Staff of the other centre of the batch: a centre manager may enrol into their batch only staff of theirs.
            var (batch, center) = (f.BatchOf(side), f.PlaceOf(side).Sibling);
            var member = (await f.Host.Staff.CreateStaffMemberAsync(new CreateStaffMemberRequest { StaffMemberId = FreshStaffId(), StaffMember = NewStaff(center), RequestId = Seed.RequestId() })).Name;
            var request = new EnrolStaffMembersRequest { CourseBatch = batch, StaffMembers = { member }, RequestId = Seed.RequestId() };
            return new MatrixCase(request, Resource.Batch(batch), Resource.StaffMember(member, center))
            {
                State = async () => await f.BatchState(batch) + " | " + await f.StaffState(member),
                Check = (responses, role, _, _, verdict) =>
                {
                    var row = Assert.Single(Assert.IsType<EnrolStaffMembersResponse>(Assert.Single(responses)).Results);
                    var expected = verdict == Verdict.Allowed ? Code.Ok : Code.PermissionDenied;
                    Assert.True((row.Status?.Code ?? 0) == (int)expected, $"{role} enrolling {member} ({center}) into {batch}: the row answered {row.Status?.Code} ({row.Status?.Message}), expected {expected}.");
                    Assert.Equal(verdict == Verdict.Allowed, row.Enrolment is not null);
                    return Task.CompletedTask;
                },
            };
        }),
        [BatchRpc + "WithdrawStaffMember"] = new(AllSides, async (f, side) =>
        {
            var (batch, member) = (f.BatchOf(side), await f.EnrolFreshStaffAsync(side));
            return await BatchChange(f, batch, _ => new WithdrawStaffMemberRequest { CourseBatch = batch, StaffMember = member, Reason = "调岗", RequestId = Seed.RequestId() });
        }),
        [BatchRpc + "ListEnrolments"] = new(AllSides, (f, side) => Done(new MatrixCase(new ListEnrolmentsRequest { Parent = f.BatchOf(side), PageSize = 1000 }, Resource.Batch(f.BatchOf(side)))
        {
            Check = (responses, _, _, _, _) =>
            {
                var listed = ((ListEnrolmentsResponse)responses.Single()).Enrolments;
                Assert.Contains(f.StaffOf(side), listed.Select(e => e.StaffMember));
                Assert.All(listed, e => Assert.Equal(f.BatchOf(side), e.CourseBatch));
                return Task.CompletedTask;
            },
        })),
        [BatchRpc + "ListStaffMemberEnrolments"] = new(AllSides, (f, side) => Done(new MatrixCase(new ListStaffMemberEnrolmentsRequest { Parent = f.StaffOf(side) }, f.StaffResource(side))
        {
            Check = (responses, _, _, _, _) =>
            {
                var enrolments = ((ListStaffMemberEnrolmentsResponse)responses.Single()).Enrolments;
                var own = Assert.Single(enrolments, e => e.CourseBatch == f.BatchOf(side));
                Assert.Equal(f.StaffOf(side), own.Attendance.StaffMember);
                return Task.CompletedTask;
            },
        })),
        [BatchRpc + "RecordAttendance"] = new(AllSides, (f, side) =>
        {
            var session = Seed.SessionOf(f.BatchOf(side), "theory-1");
            var request = new RecordAttendanceRequest { Session = session, StaffMember = f.StaffOf(side), Mark = AttendanceMark.Excused, Reason = Fresh("窗口值班"), RequestId = Seed.RequestId() };
            return Done(new MatrixCase(request, Resource.Batch(session)) { State = () => f.SessionState(session) });
        }),
        [BatchRpc + "RecordOnlineCompletion"] = new(AllSides, async (f, side) =>
        {
            // A fresh enrolment each time: a completion already recorded is answered without a write.
            var member = await f.EnrolFreshStaffAsync(side);
            var session = Seed.SessionOf(f.BatchOf(side), "online-1");
            var request = new RecordOnlineCompletionRequest { Session = session, StaffMember = member, CompleteTime = DateTimeOffset.UtcNow.AddMinutes(-5).ToTimestamp(), RequestId = Seed.RequestId() };
            return new MatrixCase(request, Resource.Batch(session)) { State = () => f.SessionState(session) };
        }),
        [BatchRpc + "GetSessionAttendance"] = new(AllSides, (f, side) =>
        {
            var session = Seed.SessionOf(f.BatchOf(side), "theory-1");
            return Done(new MatrixCase(new GetSessionAttendanceRequest { Name = session }, Resource.Batch(session))
            {
                Check = (responses, _, _, _, _) =>
                {
                    Assert.Equal(session, ((SessionAttendance)responses.Single()).Session.Name);
                    return Task.CompletedTask;
                },
            });
        }),
        [BatchRpc + "StreamSessionAttendance"] = new(AllSides, (f, side) =>
        {
            // A closed session: the stream sends its final attendance and ends.
            var session = Seed.SessionOf(f.BatchOf(side), "closed-1");
            var request = new StreamSessionAttendanceRequest { Name = session, MaxDuration = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(10)) };
            return Done(new MatrixCase(request, Resource.Batch(session))
            {
                Check = (responses, _, _, _, _) =>
                {
                    var last = Assert.IsType<SessionAttendance>(Assert.Single(responses));
                    Assert.Equal((session, SessionState.Closed), (last.Session.Name, last.Session.State));
                    return Task.CompletedTask;
                },
            });
        }),
        [BatchRpc + "GetCourseBatchAttendance"] = new(AllSides, (f, side) => Done(new MatrixCase(new GetCourseBatchAttendanceRequest { Name = f.BatchOf(side) }, Resource.Batch(f.BatchOf(side)))
        {
            Check = (responses, _, _, _, _) =>
            {
                var attendance = (CourseBatchAttendance)responses.Single();
                Assert.Equal(f.BatchOf(side), attendance.CourseBatch);
                Assert.Contains(attendance.Owed, o => o.StaffMember == f.StaffOf(side) && o.MissedSession == Seed.SessionOf(f.BatchOf(side), "closed-1"));
                return Task.CompletedTask;
            },
        })),
        [BatchRpc + "BookMakeUpSession"] = new(AllSides, async (f, side) =>
        {
            // A fresh missed session (the side's staff member absent) and a fresh make-up session of its stage.
            var batch = f.BatchOf(side);
            var missed = await f.FreshSessionAsync(side);
            await f.Host.CourseBatches.CloseSessionAsync(new CloseSessionRequest { Name = missed, RequestId = Seed.RequestId() });
            var makeUp = await Seed.AddSessionAsync(f.Host, batch, Fresh("mx-makeup"), Seed.NewSession(StageKind.PracticalDrill, days: 7, makeUp: true));
            var request = new BookMakeUpSessionRequest { CourseBatch = batch, StaffMember = f.StaffOf(side), MissedSession = missed, MakeUpSession = makeUp, RequestId = Seed.RequestId() };
            return new MatrixCase(request, Resource.Batch(batch)) { State = () => f.BatchState(batch) };
        }),
        [AssessmentRpc + "SetStageAssessment"] = new(AllSides, (f, side) =>
        {
            var batch = f.BatchOf(side);
            var request = new SetStageAssessmentRequest { CourseBatch = batch, Stage = StageKind.Theory, Blueprint = f.Blueprint(side), RequestId = Seed.RequestId() };
            return Done(new MatrixCase(request, Resource.Batch(batch)) { State = () => f.StageResultsState(batch) });
        }),
        [AssessmentRpc + "StartAttempt"] = new(AllSides, async (f, side) =>
        {
            var batch = await f.QuickTestBatchAsync(side);
            var request = new StartAttemptRequest { Parent = batch, StaffMember = f.StaffOf(side), Stage = StageKind.Theory, RequestId = Seed.RequestId() };
            return new MatrixCase(request, Resource.Attempt(batch, f.StaffOf(side))) { State = () => f.StageResultsState(batch) };
        }),
        [AssessmentRpc + "GetAttempt"] = new(AllSides, async (f, side) =>
        {
            var (batch, attempt) = await f.AttemptAsync(side);
            return new MatrixCase(new GetAttemptRequest { Name = attempt }, Resource.Attempt(batch, f.StaffOf(side)))
            {
                Check = (responses, _, _, _, _) =>
                {
                    var read = (Attempt)responses.Single();
                    Assert.Equal(attempt, read.Name);
                    Assert.All(read.Items, i => Assert.Empty(i.CorrectOptions));
                    return Task.CompletedTask;
                },
            };
        }),
        [AssessmentRpc + "SubmitAttempt"] = new(AllSides, async (f, side) =>
        {
            var (batch, attempt) = await f.AttemptAsync(side);
            var request = new SubmitAttemptRequest { Name = attempt, RequestId = Seed.RequestId() };
            return new MatrixCase(request, Resource.Attempt(batch, f.StaffOf(side))) { State = () => f.StageResultsState(batch) };
        }),
        [AssessmentRpc + "ListAttempts"] = new(AllSides, async (f, side) =>
        {
            var (batch, attempt) = await f.AttemptAsync(side);
            return new MatrixCase(new ListAttemptsRequest { Parent = batch, StaffMember = f.StaffOf(side) }, Resource.Attempt(batch, f.StaffOf(side)))
            {
                Check = (responses, _, _, _, _) =>
                {
                    Assert.Equal(attempt, Assert.Single(((ListAttemptsResponse)responses.Single()).Attempts).Name);
                    return Task.CompletedTask;
                },
            };
        }),
        [AssessmentRpc + "GetStageResults"] = new(AllSides, (f, side) => Done(new MatrixCase(new GetStageResultsRequest { CourseBatch = f.BatchOf(side) }, Resource.Batch(f.BatchOf(side))))),
        [BatchRpc + "ListCourseBatchHistory"] = new(AllSides, (f, side) => Done(new MatrixCase(new ListCourseBatchHistoryRequest { Name = f.BatchOf(side), PageSize = 1000 }, Resource.Batch(f.BatchOf(side)))
        {
            Check = (responses, _, _, _, _) =>
            {
                Assert.NotEmpty(((ListCourseBatchHistoryResponse)responses.Single()).Entries);
                return Task.CompletedTask;
            },
        })),

        // Capability: profiles and the archive are read like the staff member; satisfaction is the hotline system's.
        [CapabilityRpc + "GetCapabilityProfile"] = new(AllSides, (f, side) => Done(new MatrixCase(
            new GetCapabilityProfileRequest { Name = f.StaffOf(side) + "/capabilityProfile", Framework = f.CatalogueOf(side).Framework }, f.StaffResource(side)))),
        [CapabilityRpc + "GetCapabilityTrajectory"] = new(AllSides, (f, side) => Done(new MatrixCase(
            new GetCapabilityTrajectoryRequest { Name = f.StaffOf(side) + "/capabilityProfile", Framework = f.CatalogueOf(side).Framework, StartTime = DateTimeOffset.UtcNow.AddDays(-60).ToTimestamp() },
            f.StaffResource(side)))),
        [CapabilityRpc + "StreamCapabilityProfile"] = new(AllSides, (f, side) => Done(new MatrixCase(
            new StreamCapabilityProfileRequest { Name = f.StaffOf(side) + "/capabilityProfile", Framework = f.CatalogueOf(side).Framework, MaxDuration = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(1)) },
            f.StaffResource(side)))),
        [CapabilityRpc + "ExportStaffArchive"] = new(AllSides, (f, side) => Done(new MatrixCase(new ExportStaffArchiveRequest { Name = f.StaffOf(side), Format = ArchiveFormat.Csv }, f.StaffResource(side))
        {
            Check = (responses, _, _, _, _) =>
            {
                var csv = string.Concat(responses.Cast<ArchiveChunk>().Select(c => c.Data.ToStringUtf8()));
                Assert.Contains("staff.registered.v1", csv, StringComparison.Ordinal);
                return Task.CompletedTask;
            },
        })),
        [CapabilityRpc + "RecordSatisfactionResult"] = new(AllSides, (f, side) =>
        {
            var member = f.StaffOf(side);
            var request = new RecordSatisfactionResultRequest
            {
                StaffMember = member, Framework = f.CatalogueOf(side).Framework, Competency = "hotline-12345", ResultId = Fresh("call"), Rating = 5,
                ObserveTime = DateTimeOffset.UtcNow.AddMinutes(-1).ToTimestamp(), RequestId = Seed.RequestId(),
            };
            return Done(new MatrixCase(request, f.StaffResource(side)) { State = () => f.StaffState(member) });
        }),
        [CapabilityRpc + "GetPostProfile"] = new(OwnAndForeign, async (f, side) =>
        {
            var name = await f.PostProfileAsync(side);
            return new MatrixCase(new GetPostProfileRequest { Name = name }, Resource.Catalogue(f.CatalogueOf(side).Framework));
        }),
        [CapabilityRpc + "ListPostProfiles"] = new(OwnAndForeign, async (f, side) =>
        {
            var name = await f.PostProfileAsync(side);
            return new MatrixCase(new ListPostProfilesRequest { Parent = f.CatalogueOf(side).Framework }, Resource.Catalogue(f.CatalogueOf(side).Framework))
            {
                Check = Contains<ListPostProfilesResponse>(r => r.PostProfiles.Select(x => x.Name), name),
            };
        }),
        [CapabilityRpc + "UpdatePostProfile"] = new(OwnAndForeign, async (f, side) =>
        {
            var name = await f.PostProfileAsync(side);
            var request = new UpdatePostProfileRequest
            {
                PostProfile = new PostProfile { Name = name, Requirements = { new CompetencyRequirement { Competency = "communication", Level = Random.Shared.Next(1, 4) } } },
                RequestId = Seed.RequestId(),
            };
            return new MatrixCase(request, Resource.Catalogue(f.CatalogueOf(side).Framework)) { State = () => f.PostProfileState(name) };
        }),
        [CapabilityRpc + "DeletePostProfile"] = new(OwnAndForeign, async (f, side) =>
        {
            var name = await f.PostProfileAsync(side);
            return new MatrixCase(new DeletePostProfileRequest { Name = name, RequestId = Seed.RequestId() }, Resource.Catalogue(f.CatalogueOf(side).Framework)) { State = () => f.PostProfileState(name) };
        }),
        [CapabilityRpc + "RecordOutcomeIndicator"] = new(AllSides, (f, side) =>
        {
            var center = f.PlaceOf(side).Center;
            var request = new RecordOutcomeIndicatorRequest
            {
                Center = center, Indicator = "hotline-satisfaction-rate", Unit = "percent",
                Value = new OutcomeIndicatorValue { PeriodStartTime = DateTimeOffset.UtcNow.AddDays(-30).ToTimestamp(), PeriodEndTime = DateTimeOffset.UtcNow.AddDays(-1).ToTimestamp(), Value = Random.Shared.Next(0, 100) },
                RequestId = Seed.RequestId(),
            };
            return Done(new MatrixCase(request, Resource.Unit(center)) { State = () => f.OutcomesState(center) });
        }),
        [CapabilityRpc + "ListOutcomeIndicators"] = new(AllSides, (f, side) => Done(new MatrixCase(new ListOutcomeIndicatorsRequest { Parent = f.PlaceOf(side).Center }, Resource.Unit(f.PlaceOf(side).Center)))),

        // Training results: the side's staff member answers the theory survey of the side's batch (closed-1 is a closed theory session).
        [ResultsRpc + "AnswerSurvey"] = new(AllSides, (f, side) =>
        {
            var batch = f.BatchOf(side);
            var request = new AnswerSurveyRequest
            {
                Parent = batch, StaffMember = f.StaffOf(side), Stage = StageKind.Theory, Comment = "matrix", RequestId = Seed.RequestId(),
                Ratings =
                {
                    new SurveyRating { Question = SurveyQuestion.Relevance, Rating = 5 }, new SurveyRating { Question = SurveyQuestion.Instructor, Rating = 4 },
                    new SurveyRating { Question = SurveyQuestion.PracticalUsefulness, Rating = 4 }, new SurveyRating { Question = SurveyQuestion.Organisation, Rating = 3 },
                },
            };
            return Done(new MatrixCase(request, Resource.Attempt(batch, f.StaffOf(side))) { State = () => f.SurveyState(batch) });
        }),
        [ResultsRpc + "ListSurveyResponses"] = new(AllSides, (f, side) => Done(new MatrixCase(new ListSurveyResponsesRequest { Parent = f.BatchOf(side) }, Resource.Batch(f.BatchOf(side))))),
        [ResultsRpc + "GetCourseBatchResults"] = new(AllSides, (f, side) => Done(new MatrixCase(new GetCourseBatchResultsRequest { CourseBatch = f.BatchOf(side) }, Resource.Batch(f.BatchOf(side)))
        {
            Check = (responses, _, _, _, _) =>
            {
                var results = (TrainingResults)responses.Single();
                Assert.Equal(f.BatchOf(side), results.Subject);
                Assert.True(results.Trainees >= 1, $"{results}");
                return Task.CompletedTask;
            },
        })),
        [ResultsRpc + "GetCenterResults"] = new(AllSides, (f, side) => Done(new MatrixCase(new GetCenterResultsRequest { Center = f.PlaceOf(side).Center }, Resource.Unit(f.PlaceOf(side).Center)))),
        [ResultsRpc + "ListFollowUps"] = new(AllSides, (f, side) => Done(new MatrixCase(new ListFollowUpsRequest { Parent = f.PlaceOf(side).Center }, Resource.Unit(f.PlaceOf(side).Center)))),
        [ResultsRpc + "ListStaffMemberFollowUps"] = new(AllSides, (f, side) => Done(new MatrixCase(new ListStaffMemberFollowUpsRequest { Parent = f.StaffOf(side) }, f.StaffResource(side)))),
        [ResultsRpc + "StartFollowUp"] = new(AllSides, async (f, side) =>
        {
            var (batch, followUp) = await f.DueFollowUpAsync(side);
            return new MatrixCase(new StartFollowUpRequest { Name = followUp, RequestId = Seed.RequestId() }, Resource.Attempt(batch, f.StaffOf(side))) { State = () => f.StaffFollowUpsState(f.StaffOf(side)) };
        }),

        // Practical assessments: the side's batch names the side's examiner (the caller's own mentor name on the own side only).
        [PracticalRpc + "SetPracticalAssessment"] = new(AllSides, (f, side) =>
        {
            var batch = f.BatchOf(side);
            var request = new SetPracticalAssessmentRequest
            {
                CourseBatch = batch, Stage = StageKind.OnTheJob, Rubric = PracticalSeed.RubricOf(f.SeedOf(side)), Stake = PracticalStake.Standard,
                Examiners = { f.ExaminerOf(side) }, RequestId = Seed.RequestId(),
            };
            return Done(new MatrixCase(request, Resource.Batch(batch)) { State = () => f.StageResultsState(batch) });
        }),
        [PracticalRpc + "GradePracticalAssessment"] = new(AllSides, async (f, side) =>
        {
            var batch = await f.PracticalBatchAsync(side);
            var request = PracticalSeed.Grading(batch, f.StaffOf(side), 4, 4);
            return new MatrixCase(request, f.ExaminedTrainee(batch, side)) { State = () => f.StageResultsState(batch) };
        }),
        [PracticalRpc + "ListPracticalGrades"] = new(AllSides, async (f, side) =>
        {
            var batch = await f.GradedPracticalBatchAsync(side);
            return new MatrixCase(new ListPracticalGradesRequest { Parent = batch, StaffMember = f.StaffOf(side) }, f.ExaminedTrainee(batch, side))
            {
                Check = (responses, _, _, _, _) =>
                {
                    var list = (ListPracticalGradesResponse)responses.Single();
                    Assert.Equal(f.StaffOf(side), Assert.Single(list.Grades).StaffMember);
                    Assert.True(Assert.Single(list.Results).Result.Passed);
                    return Task.CompletedTask;
                },
            };
        }),
        [RubricRpc + "CreateRubric"] = new(OwnOnly, (f, _) =>
        {
            var id = Fresh("mx-rubric");
            return Done(new MatrixCase(new CreateRubricRequest { RubricId = id, Rubric = PracticalSeed.Rubric(f.Own), RequestId = Seed.RequestId() }, Resource.Collection)
            {
                State = () => AuthorizationMatrixFixture.Read(() => new RubricService.RubricServiceClient(f.Host.Channel).GetRubricAsync(new GetRubricRequest { Name = $"rubrics/{id}" })),
            });
        }),
        [RubricRpc + "GetRubric"] = new(OwnAndForeign, (f, side) =>
            Done(new MatrixCase(new GetRubricRequest { Name = PracticalSeed.RubricOf(f.CatalogueOf(side)) }, Resource.Catalogue(PracticalSeed.RubricOf(f.CatalogueOf(side)))))),
        [RubricRpc + "ListRubrics"] = new(OwnOnly, (f, _) => Done(new MatrixCase(new ListRubricsRequest { PageSize = 1000 }, Resource.Collection)
        {
            Check = Contains<ListRubricsResponse>(r => r.Rubrics.Select(x => x.Name), PracticalSeed.RubricOf(f.Own)),
        })),
        [RubricRpc + "UpdateRubric"] = new(OwnAndForeign, (f, side) =>
        {
            var rubric = PracticalSeed.RubricOf(f.CatalogueOf(side));
            var update = PracticalSeed.Rubric(f.CatalogueOf(side), passThreshold: Random.Shared.Next(50, 70));
            update.Name = rubric;
            return Done(new MatrixCase(new UpdateRubricRequest { Rubric = update, RequestId = Seed.RequestId() }, Resource.Catalogue(rubric))
            {
                State = () => AuthorizationMatrixFixture.Read(() => new RubricService.RubricServiceClient(f.Host.Channel).GetRubricAsync(new GetRubricRequest { Name = rubric })),
            });
        }),

        // Mentors (issue 6): builders in AuthorizationMatrixTests.Mentors.cs.
        [MentorRpc + "CreateMentor"] = new(AllSides, CreateMentorCase),
        [MentorRpc + "GetMentor"] = new(AllSides, (f, side) => Done(new MatrixCase(new GetMentorRequest { Name = f.MentorOf(side) }, f.MentorResource(side)))),
        [MentorRpc + "ListMentors"] = new(AllSides, (f, side) => Done(new MatrixCase(new ListMentorsRequest { Parent = f.PlaceOf(side).Center }, Resource.Unit(f.PlaceOf(side).Center)))),
        [MentorRpc + "UpdateMentor"] = new(AllSides, UpdateMentorCase),
        [MentorRpc + "DeactivateMentor"] = new(AllSides, DeactivateMentorCase),
        [MentorRpc + "GetMentorWorkload"] = new(AllSides, (f, side) => Done(new MatrixCase(new GetMentorWorkloadRequest { Name = f.MentorOf(side) + "/workload" }, f.MentorResource(side)))),
        [MentorRpc + "ListMentees"] = new(AllSides, (f, side) => Done(new MatrixCase(new ListMenteesRequest { Parent = f.MentorOf(side) }, f.MentorResource(side)))),
        [MentorRpc + "AssignMentor"] = new(AllSides, AssignMentorCase),
        [MentorRpc + "ReleaseMentor"] = new(AllSides, ReleaseMentorCase),
        [MentorRpc + "ListMentorships"] = new(AllSides, (f, side) => Done(new MatrixCase(new ListMentorshipsRequest { Parent = f.MentoringBatchOf(side) }, Resource.Batch(f.MentoringBatchOf(side))))),
        [MentorRpc + "SuggestMentors"] = new(AllSides, (f, side) => Done(new MatrixCase(new SuggestMentorsRequest { Parent = f.MentoringBatchOf(side) }, Resource.Batch(f.MentoringBatchOf(side))))),
        [MentorRpc + "GetCenterMentoringWorkload"] = new(AllSides, (f, side) => Done(new MatrixCase(new GetCenterMentoringWorkloadRequest { Name = f.PlaceOf(side).Center + "/mentoringWorkload" }, Resource.Unit(f.PlaceOf(side).Center)))),
        [MentorRpc + "ReactivateMentor"] = new(AllSides, ReactivateMentorCase),
        [MentorRpc + "ListMentorEvaluations"] = new(AllSides, (f, side) => Done(new MatrixCase(
            new ListMentorEvaluationsRequest { Parent = f.MentorOf(side), Mentee = f.StaffOf(side) }, f.MentorResource(side) with { Staff = f.StaffOf(side) }))),
        [MentorRpc + "LogCoachingSession"] = new(AllSides, LogCoachingSessionCase),
        [MentorRpc + "CorrectCoachingSession"] = new(AllSides, CorrectCoachingSessionCase),
        [MentorRpc + "ListCoachingSessions"] = new(AllSides, (f, side) => Done(new MatrixCase(
            new ListCoachingSessionsRequest { Parent = f.MentorOf(side), Mentee = f.StaffOf(side) }, f.MentorResource(side) with { Staff = f.StaffOf(side) }))),
        [MentorRpc + "RecordMentorEvaluation"] = new(AllSides, RecordMentorEvaluationCase),
        [MentorRpc + "SignOffOnTheJob"] = new(AllSides, SignOffCase),
        [MentorRpc + "WithdrawOnTheJobSignOff"] = new(AllSides, WithdrawSignOffCase),
    };

    /// <summary>A change of <paramref name="batch"/> (or of one of its sessions), which an allowed call may make and a refused one must not.</summary>
    private static Task<MatrixCase> BatchChange(AuthorizationMatrixFixture f, string batch, Func<string, IMessage> request) =>
        Done(new MatrixCase([request(batch)], [Resource.Batch(batch)]) { State = () => f.BatchState(batch) });

    /// <summary>
    /// A change to a fresh staff member at the side's centre (on leave first when <paramref name="onLeave"/>), so that an
    /// allowed change touches no shared record. On the own side the trainee and the mentor are that staff member.
    /// </summary>
    private static async Task<MatrixCase> StaffChange(AuthorizationMatrixFixture f, Side side, Func<string, IMessage> request, Resource? alsoAbout = null, bool onLeave = false)
    {
        var center = f.PlaceOf(side).Center;
        var member = (await f.Host.Staff.CreateStaffMemberAsync(new CreateStaffMemberRequest { StaffMemberId = FreshStaffId(), StaffMember = NewStaff(center), RequestId = Seed.RequestId() })).Name;
        if (onLeave)
        {
            await f.Host.Staff.StartStaffLeaveAsync(new StartStaffLeaveRequest { Name = member, Reason = "休假", RequestId = Seed.RequestId() });
        }

        Resource[] targets = alsoAbout is null ? [Resource.StaffMember(member, center)] : [Resource.StaffMember(member, center), alsoAbout];
        return new MatrixCase([request(member)], targets)
        {
            Anchor = side == Side.Own ? f.Anchor with { Staff = member } : null,
            State = () => f.StaffState(member),
        };
    }

    /// <summary>A change to a fresh kiosk registered at the side's centre, so that an allowed change (a revocation) touches no shared kiosk.</summary>
    private static async Task<MatrixCase> KioskChange(AuthorizationMatrixFixture f, Side side, Func<string, IMessage> request)
    {
        var (kiosk, _) = await f.RegisterKioskAsync(f.PlaceOf(side).Center);
        return new MatrixCase([request(kiosk)], [Resource.Kiosk(kiosk)]) { State = () => f.KioskState(kiosk) };
    }

    /// <summary>A batch (or import chunk) of one row registering a new staff member at <paramref name="center"/>.</summary>
    private static MatrixCase BatchCase(AuthorizationMatrixFixture f, string center)
    {
        var id = FreshStaffId();
        var batch = new BatchCreateStaffMembersRequest
        {
            RequestId = Seed.RequestId(),
            Requests = { new CreateStaffMemberRequest { StaffMemberId = id, StaffMember = NewStaff(center) } },
        };
        return new MatrixCase(batch, Resource.Unit(center))
        {
            State = () => f.StaffState($"staff/{id}"),
            Check = (responses, role, _, _, verdict) =>
            {
                var row = Assert.Single(Assert.IsType<BatchCreateStaffMembersResponse>(Assert.Single(responses)).Results);
                var expected = verdict == Verdict.Allowed ? Code.Ok : Code.PermissionDenied;
                Assert.True(row.Status?.Code is { } code && code == (int)expected, $"{role} registering staff at {center} in a batch: the row answered {row.Status?.Code} ({row.Status?.Message}), expected {expected}.");
                return Task.CompletedTask;
            },
        };
    }

    /// <summary>Every listed item the caller may read (by the list's Get rule), and the expected ones it may read all there.</summary>
    private static Check Lists<TResponse>(Func<TResponse, IEnumerable<string>> names, Func<string, Resource> asResource, params string[] expected)
        where TResponse : IMessage => (responses, role, anchor, expectation, _) =>
        {
            var listed = names((TResponse)responses.Single()).ToList();
            var readBy = expectation.ItemsReadBy ?? throw new InvalidOperationException($"{expectation.Method} lists scoped items but names no Get to judge them by.");
            var leaked = listed.Where(n => !MayRead(readBy, role, anchor, asResource(n))).ToList();
            Assert.True(leaked.Count == 0, $"LEAK: {role} scoped to {Describe(anchor.ScopeOf(role))} calling {expectation.Method} was shown {string.Join(", ", leaked)}, which it may not read.");
            var missing = expected.Where(n => MayRead(readBy, role, anchor, asResource(n)) && !listed.Contains(n)).ToList();
            Assert.True(missing.Count == 0, $"{role} calling {expectation.Method} was not shown {string.Join(", ", missing)}, which it may read.");
            return Task.CompletedTask;
        };

    private static Check Contains<TResponse>(Func<TResponse, IEnumerable<string>> names, string expected)
        where TResponse : IMessage => (responses, _, _, _, _) =>
        {
            Assert.Contains(expected, names((TResponse)responses.Single()));
            return Task.CompletedTask;
        };

    internal static string Fresh(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    internal static string FreshStaffId() => $"MX-{Guid.NewGuid():N}"[..20];

    internal static FieldMask Mask(params string[] paths) => new() { Paths = { paths } };

    internal static StaffMember NewStaff(string center) => new() { DisplayName = "矩阵员工", Center = center, Post = Post.GeneralServices, Phone = "0543-1234567" };

    internal static Course NewCourse(string framework) => new()
    {
        DisplayName = "矩阵课程",
        Framework = framework,
        TargetPosts = { Post.Hotline12345 },
        DeliveryMode = DeliveryMode.Offline,
        Stages =
        {
            new CourseStage { Kind = StageKind.Theory, DisplayName = "理论", CompetencyIds = { "hotline-12345" }, PlannedHours = 4 },
            new CourseStage { Kind = StageKind.PracticalDrill, DisplayName = "演练", CompetencyIds = { "hotline-12345" }, PlannedHours = 4 },
            new CourseStage { Kind = StageKind.OnTheJob, DisplayName = "实践", CompetencyIds = { "communication" }, PlannedHours = 8 },
        },
    };

    internal static CourseBatch NewBatch(string course) => new()
    {
        DisplayName = "矩阵班",
        Course = course,
        Capacity = 20,
        EnrolmentOpenTime = DateTimeOffset.UtcNow.AddDays(-1).ToTimestamp(),
        EnrolmentCloseTime = DateTimeOffset.UtcNow.AddDays(30).ToTimestamp(),
    };

    internal static QuestionItem NewItem() => new()
    {
        Kind = QuestionKind.TrueFalse,
        Stem = "12345工单办结后须回访诉求人。",
        Options = { "对", "错" },
        CorrectOptions = { 0 },
        Difficulty = 1,
    };
}

/// <summary>Checks an answered matrix call (lists: nothing the caller may not read; batches: the row's status).</summary>
internal delegate Task Check(IReadOnlyList<IMessage> responses, string role, Anchor anchor, Expectation expectation, Verdict verdict);

/// <summary>A valid request and what it is about; for mutations a read-back of the target; for lists a leak check.</summary>
internal sealed record MatrixCase(IReadOnlyList<IMessage> Requests, IReadOnlyList<Resource> Targets)
{
    public MatrixCase(IMessage request, params Resource[] targets)
        : this([request], targets)
    {
    }

    /// <summary>Where the callers sit when not the fixture's default (T town): e.g. the centre being archived.</summary>
    public Anchor? Anchor { get; init; }

    /// <summary>The target as the province-wide operator reads it back (for mutations: must not change when refused).</summary>
    public Func<Task<string>>? State { get; init; }

    /// <summary>Checks an answered call (lists: nothing the caller may not read; batches: the row's status).</summary>
    public Check? Check { get; init; }
}

/// <summary>
/// One host for the whole matrix, two seeds ("own": T town and Han Dian in Zouping; "foreign": the same ids in another
/// region), a staff member at Han Dian, and — when KioskService exists — a registered kiosk at each of T town, Han Dian
/// and the foreign T town, whose device token the kiosk role uses. Kiosk rate limits are lifted: one kiosk makes a
/// few hundred calls here in seconds.
/// </summary>
public sealed partial class AuthorizationMatrixFixture : IAsyncLifetime
{
    private const string IntegrationClient = "client:matrix-hr";

    private readonly Dictionary<Side, (string Name, string Token)> kiosks = [];

    private readonly Dictionary<Side, string> batches = [];

    private readonly Dictionary<Side, string> gradedPracticalBatches = [];

    private Task<(string Session, string StaffId)>? checkInSession;

    public TrainingHostProcess Host { get; private set; } = null!;

    internal Seed Own { get; private set; } = null!;

    internal Seed Foreign { get; private set; } = null!;

    /// <summary>A staff member at Han Dian (the own seed's other centre).</summary>
    internal string NeighbourStaff { get; private set; } = string.Empty;

    /// <summary>Whether KioskService is one of the training.v1 services.</summary>
    internal bool KiosksExist { get; } = TrainingV1.Find("/training.v1.KioskService/RegisterKiosk") is not null;

    /// <summary>Where the callers sit by default: T town of the own seed; trainee and mentor are its staff member 1, the mentor examines as <see cref="ExaminerOf"/> the own side.</summary>
    internal Anchor Anchor => new(Own.Region, Own.County, Own.Center, Own.StaffName(1), KioskOf(Side.Own), ExaminerOf(Side.Own));

    /// <summary>Calls without a channel token: every call carries its own.</summary>
    internal CallInvoker Invoker { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await TrainingHostProcess.StartAsync(null, "--RateLimits:PerKioskPerSecond=100000", "--RateLimits:PerKioskBurst=100000", "--FollowUps:OffsetDays:0=0");
        Invoker = Host.ChannelFor(null).CreateCallInvoker();
        Own = await Seed.CreateAsync(Host, staffCount: 2);
        Foreign = await Seed.CreateAsync(Host, staffCount: 2);
        NeighbourStaff = (await Host.Staff.CreateStaffMemberAsync(new CreateStaffMemberRequest
        {
            StaffMemberId = AuthorizationMatrixTests.FreshStaffId(),
            StaffMember = AuthorizationMatrixTests.NewStaff(Own.OtherCenter),
            RequestId = Seed.RequestId(),
        })).Name;
        if (KiosksExist)
        {
            foreach (var side in new[] { Side.Own, Side.Neighbour, Side.Foreign })
            {
                kiosks[side] = await RegisterKioskAsync(PlaceOf(side).Center);
            }
        }

        foreach (var side in new[] { Side.Own, Side.Neighbour, Side.Foreign })
        {
            batches[side] = await SeedOf(side).CreateBatchAsync(Host, PlaceOf(side).Center, enrol: [StaffOf(side)]);
        }

        await PracticalSeed.CreateRubricAsync(Host.Channel, Own);
        await PracticalSeed.CreateRubricAsync(Host.Channel, Foreign);
        await CreateMentorsAsync();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>The region, county and centre of a side, and the centre's sibling in the same county.</summary>
    internal (string Region, string County, string Center, string Sibling) PlaceOf(Side side) => side switch
    {
        Side.Own => (Own.Region, Own.County, Own.Center, Own.OtherCenter),
        Side.Neighbour => (Own.Region, Own.County, Own.OtherCenter, Own.Center),
        _ => (Foreign.Region, Foreign.County, Foreign.Center, Foreign.OtherCenter),
    };

    /// <summary>A staff member on a side: on the own side the trainee's (and mentor's) own record.</summary>
    internal string StaffOf(Side side) => side switch
    {
        Side.Own => Own.StaffName(1),
        Side.Neighbour => NeighbourStaff,
        _ => Foreign.StaffName(1),
    };

    internal Resource StaffResource(Side side) => Resource.StaffMember(StaffOf(side), PlaceOf(side).Center);

    /// <summary>The seed whose catalogue resources a side uses (the catalogue has no places: only own and foreign).</summary>
    internal Seed CatalogueOf(Side side) => SeedOf(side);

    /// <summary>The seed a side belongs to.</summary>
    internal Seed SeedOf(Side side) => side == Side.Foreign ? Foreign : Own;

    /// <summary>
    /// The course batch the side's centre runs: enrolment open, the side's staff member enrolled, sessions
    /// <c>theory-1</c>, <c>drill-1</c>, <c>online-1</c> scheduled and <c>closed-1</c> closed (so the staff member owes it).
    /// </summary>
    internal string BatchOf(Side side) => batches[side];

    /// <summary>A new batch at the side's centre: planned, or open with the side's staff member enrolled, or also started.</summary>
    internal Task<string> FreshBatchAsync(Side side, bool open, bool started = false) => FreshBatch(side, open, started);

    /// <summary>A new session (a drill, a week ahead) in the side's batch; answers its name.</summary>
    internal Task<string> FreshSessionAsync(Side side) =>
        Seed.AddSessionAsync(Host, BatchOf(side), AuthorizationMatrixTests.Fresh("mx-s"), Seed.NewSession(StageKind.PracticalDrill, days: 6));

    /// <summary>A new staff member of the side's centre, enrolled in the side's batch by the operator; answers their name.</summary>
    internal async Task<string> EnrolFreshStaffAsync(Side side)
    {
        var member = (await Host.Staff.CreateStaffMemberAsync(new CreateStaffMemberRequest
        {
            StaffMemberId = AuthorizationMatrixTests.FreshStaffId(),
            StaffMember = AuthorizationMatrixTests.NewStaff(PlaceOf(side).Center),
            RequestId = Seed.RequestId(),
        })).Name;
        var enrolled = await Host.CourseBatches.EnrolStaffMembersAsync(new EnrolStaffMembersRequest { CourseBatch = BatchOf(side), StaffMembers = { member }, RequestId = Seed.RequestId() });
        Assert.True(Assert.Single(enrolled.Results).Enrolment is not null, $"{member} was not enrolled: {enrolled}");
        return member;
    }

    /// <summary>A one-item quick test from the side's question bank, ten attempts.</summary>
    internal QuickTestBlueprint Blueprint(Side side) => new()
    {
        Parts = { new BlueprintPart { QuestionBank = SeedOf(side).Bank, ItemCount = 1 } },
        TimeLimit = Duration.FromTimeSpan(TimeSpan.FromMinutes(10)),
        MaxAttempts = 10,
        PassMark = 60,
        LateRule = LateSubmissionRule.AcceptFlagged,
    };

    /// <summary>A new running batch at the side's centre with the side's staff member enrolled and a theory quick test; answers its name.</summary>
    internal async Task<string> QuickTestBatchAsync(Side side)
    {
        var batch = await FreshBatch(side, open: true, started: true);
        await new AssessmentService.AssessmentServiceClient(Host.Channel).SetStageAssessmentAsync(
            new SetStageAssessmentRequest { CourseBatch = batch, Stage = StageKind.Theory, Blueprint = Blueprint(side), RequestId = Seed.RequestId() });
        return batch;
    }

    /// <summary>An attempt the side's staff member started themself in a new quick-test batch; answers the batch and the attempt.</summary>
    internal async Task<(string Batch, string Attempt)> AttemptAsync(Side side)
    {
        var batch = await QuickTestBatchAsync(side);
        var trainee = new AssessmentService.AssessmentServiceClient(Host.ChannelFor(Host.TokenFor(AuthorizationExpectations.Trainee, StaffOf(side), PlaceOf(side).Center)));
        var attempt = await trainee.StartAttemptAsync(new StartAttemptRequest { Parent = batch, StaffMember = StaffOf(side), Stage = StageKind.Theory, RequestId = Seed.RequestId() });
        return (batch, attempt.Name);
    }

    /// <summary>The examiner a side's practical assessments name: on the own side the matrix mentor's own mentor name.</summary>
    internal string ExaminerOf(Side side) => MentorOf(side);

    /// <summary>A trainee of a side in a batch with practical assessments: placed like the batch, owned by the trainee, examined by the side's examiner.</summary>
    internal Resource ExaminedTrainee(string batch, Side side) => Resource.Attempt(batch, StaffOf(side)) with { Examiners = [ExaminerOf(side)] };

    /// <summary>A new running batch at the side's centre with the side's staff member enrolled and a standard-stake drill on the side's rubric, examined by the side's examiner.</summary>
    internal async Task<string> PracticalBatchAsync(Side side)
    {
        var batch = await FreshBatch(side, open: true, started: true);
        await PracticalSeed.SetAsync(Host.Channel, SeedOf(side), batch, StageKind.PracticalDrill, PracticalStake.Standard, ExaminerOf(side));
        return batch;
    }

    /// <summary>A practical batch of the side (made once) whose trainee the side's examiner graded (passed).</summary>
    internal async Task<string> GradedPracticalBatchAsync(Side side)
    {
        if (!gradedPracticalBatches.TryGetValue(side, out var batch))
        {
            batch = await PracticalBatchAsync(side);
            var examiner = new PracticalAssessmentService.PracticalAssessmentServiceClient(
                Host.ChannelFor(Host.TokenFor(AuthorizationExpectations.Mentor, PlaceOf(side).Center, ExaminerOf(side))));
            await examiner.GradePracticalAssessmentAsync(PracticalSeed.Grading(batch, StaffOf(side), 4, 4));
            gradedPracticalBatches[side] = batch;
        }

        return batch;
    }

    /// <summary>A batch's quick tests and stage results, as the operator reads them.</summary>
    internal Task<string> StageResultsState(string batch) =>
        Read(() => new AssessmentService.AssessmentServiceClient(Host.Channel).GetStageResultsAsync(new GetStageResultsRequest { CourseBatch = batch }));

    /// <summary>A due follow-up of the side's staff member: a new quick-test batch, completed at once (this host schedules a re-test 0 days after completion).</summary>
    internal async Task<(string Batch, string FollowUp)> DueFollowUpAsync(Side side)
    {
        var batch = await QuickTestBatchAsync(side);
        await Host.CourseBatches.CompleteCourseBatchAsync(new CompleteCourseBatchRequest { Name = batch, RequestId = Seed.RequestId() });
        return (batch, $"{batch}/followUps/{StaffOf(side)["staff/".Length..]}.1");
    }

    /// <summary>A staff member's follow-ups, as the operator reads them.</summary>
    internal Task<string> StaffFollowUpsState(string staff) =>
        Read(() => new TrainingResultsService.TrainingResultsServiceClient(Host.Channel).ListStaffMemberFollowUpsAsync(new ListStaffMemberFollowUpsRequest { Parent = staff }));

    /// <summary>A batch's survey answers, as the operator reads them.</summary>
    internal Task<string> SurveyState(string batch) =>
        Read(() => new TrainingResultsService.TrainingResultsServiceClient(Host.Channel).ListSurveyResponsesAsync(new ListSurveyResponsesRequest { Parent = batch }));

    /// <summary>A batch with its sessions, as the operator reads it (its etag moves with every change).</summary>
    internal Task<string> BatchState(string name) => Read(() => Host.CourseBatches.GetCourseBatchAsync(new GetCourseBatchRequest { Name = name }));

    /// <summary>A session's attendance, as the operator reads it.</summary>
    internal Task<string> SessionState(string name) => Read(() => Host.CourseBatches.GetSessionAttendanceAsync(new GetSessionAttendanceRequest { Name = name }));

    private async Task<string> FreshBatch(Side side, bool open, bool started)
    {
        var batch = await SeedOf(side).CreateBatchAsync(Host, PlaceOf(side).Center, AuthorizationMatrixTests.Fresh("mx-batch"), open, open ? [StaffOf(side)] : []);
        if (started)
        {
            await Host.CourseBatches.StartCourseBatchAsync(new StartCourseBatchRequest { Name = batch, RequestId = Seed.RequestId() });
            foreach (var session in new[] { "theory-1", "drill-1", "online-1" })
            {
                await Host.CourseBatches.CancelSessionAsync(new CancelSessionRequest { Name = Seed.SessionOf(batch, session), Reason = "矩阵：提前结课", RequestId = Seed.RequestId() });
            }
        }

        return batch;
    }

    /// <summary>The registered kiosk of a side's centre (a name that exists nowhere before KioskService does).</summary>
    internal string KioskOf(Side side) => kiosks.TryGetValue(side, out var kiosk) ? kiosk.Name : $"{PlaceOf(side).Center}/kiosks/matrix";

    /// <summary>A token for <paramref name="role"/> scoped around <paramref name="anchor"/> (null without a token).</summary>
    internal string? TokenFor(string role, Anchor anchor) => role switch
    {
        AuthorizationExpectations.Anonymous => null,
        AuthorizationExpectations.RegionAdmin => Host.TokenFor(role, anchor.Region),
        AuthorizationExpectations.CountyAdmin => Host.TokenFor(role, anchor.County),
        AuthorizationExpectations.Integration => Host.TokenFor(role, anchor.County, IntegrationClient),
        AuthorizationExpectations.Trainee => Host.TokenFor(role, anchor.Staff, anchor.Center),
        AuthorizationExpectations.Mentor => anchor.Mentor is { } mentor ? Host.TokenFor(role, anchor.Staff, anchor.Center, mentor) : Host.TokenFor(role, anchor.Staff, anchor.Center),
        AuthorizationExpectations.Kiosk => kiosks.Values.FirstOrDefault(k => k.Name == anchor.Kiosk).Token
            ?? Host.TokenFor(role, Resource.Kiosk(anchor.Kiosk).Place!, anchor.Kiosk),
        _ => Host.TokenFor(role, anchor.Center),
    };

    /// <summary>The resource as the operator reads it (protobuf JSON), or "(absent)".</summary>
    internal static async Task<string> Read<T>(Func<AsyncUnaryCall<T>> get)
        where T : IMessage
    {
        try
        {
            return JsonFormatter.Default.Format(await get());
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return "(absent)";
        }
    }

    /// <summary>A staff member and their whole history, as the operator reads them.</summary>
    internal async Task<string> StaffState(string name) =>
        await Read(() => Host.Staff.GetStaffMemberAsync(new GetStaffMemberRequest { Name = name }))
        + " | " + await Read(() => Host.Staff.ListStaffMemberHistoryAsync(new ListStaffMemberHistoryRequest { Name = name, PageSize = 1000 }));

    /// <summary>The side's framework's post profile of the hotline post, set (to one requirement) by the operator when absent.</summary>
    internal async Task<string> PostProfileAsync(Side side)
    {
        var name = $"{CatalogueOf(side).Framework}/postProfiles/hotline-12345";
        await Host.Capability.UpdatePostProfileAsync(new UpdatePostProfileRequest
        {
            PostProfile = new PostProfile { Name = name, Requirements = { new CompetencyRequirement { Competency = "hotline-12345", Level = 3 } } },
            AllowMissing = true,
            RequestId = Seed.RequestId(),
        });
        return name;
    }

    internal Task<string> PostProfileState(string name) => Read(() => Host.Capability.GetPostProfileAsync(new GetPostProfileRequest { Name = name }));

    internal Task<string> OutcomesState(string center) => Read(() => Host.Capability.ListOutcomeIndicatorsAsync(new ListOutcomeIndicatorsRequest { Parent = center }));

    /// <summary>A framework's draft and its latest version number.</summary>
    internal Task<string> FrameworkState(string name) => Read(() => Host.Frameworks.GetFrameworkAsync(new GetFrameworkRequest { Name = name }));

    internal async Task<string> KioskState(string name)
    {
        var outcome = await CallAsOperatorOutcome("/training.v1.KioskService/GetKiosk", ("name", name));
        return outcome.Code == StatusCode.NotFound ? "(absent)" : JsonFormatter.Default.Format(outcome.Responses.Single());
    }

    internal async Task<string> CreateCenterAsync(string county) => (await Host.Organization.CreateCenterAsync(new CreateCenterRequest
    {
        Parent = county,
        CenterId = AuthorizationMatrixTests.Fresh("mx-empty"),
        Center = new Center { DisplayName = "待撤销中心" },
        RequestId = Seed.RequestId(),
    })).Name;

    internal async Task<string> CreateCompetencyAsync(string framework) => (await Host.Frameworks.CreateCompetencyAsync(new CreateCompetencyRequest
    {
        Parent = framework,
        CompetencyId = AuthorizationMatrixTests.Fresh("mx-comp"),
        Competency = new Competency { ParentId = "service-awareness", DisplayName = "待退役能力", Dimension = Dimension.ServiceExcellent },
        RequestId = Seed.RequestId(),
    })).Name;

    internal async Task<string> CreateCourseAsync(string framework) => (await Host.Courses.CreateCourseAsync(new CreateCourseRequest
    {
        CourseId = AuthorizationMatrixTests.Fresh("mx-course"),
        Course = AuthorizationMatrixTests.NewCourse(framework),
        RequestId = Seed.RequestId(),
    })).Name;

    internal async Task<string> CreateItemAsync(string bank) => (await Host.QuestionBanks.CreateQuestionItemAsync(new CreateQuestionItemRequest
    {
        Parent = bank,
        ItemId = AuthorizationMatrixTests.Fresh("mx-q"),
        Item = AuthorizationMatrixTests.NewItem(),
        RequestId = Seed.RequestId(),
    })).Name;

    /// <summary>
    /// A batch at the own centre (enrolment open, the own staff member enrolled) with a session in the kiosks' room
    /// starting in ten minutes, created once on first use: what an allowed CheckIn records.
    /// </summary>
    internal Task<(string Session, string StaffId)> CheckInSessionAsync() => checkInSession ??= CreateCheckInSessionAsync();

    private async Task<(string Session, string StaffId)> CreateCheckInSessionAsync()
    {
        var batch = await Own.CreateBatchAsync(Host, Own.Center, AuthorizationMatrixTests.Fresh("mx-checkin"), open: true, StaffOf(Side.Own));
        var session = Seed.NewSession(StageKind.Theory, days: 0);
        (session.StartTime, session.EndTime) = (DateTimeOffset.UtcNow.AddMinutes(10).ToTimestamp(), DateTimeOffset.UtcNow.AddHours(3).ToTimestamp());
        return (await Seed.AddSessionAsync(Host, batch, "mx-now", session), Own.StaffId(1));
    }

    /// <summary>Registers a kiosk at <paramref name="center"/> as the operator; answers its name and device token.</summary>
    internal async Task<(string Name, string Token)> RegisterKioskAsync(string center)
    {
        var kiosk = await CallAsOperator("/training.v1.KioskService/RegisterKiosk",
            ("parent", center), ("kiosk_id", AuthorizationMatrixTests.Fresh("kiosk")), ("kiosk.display_name", "培训室一号机"), ("kiosk.room", "二楼培训室"), ("request_id", Seed.RequestId()));
        return ((string)Dynamic.Get(kiosk, "name"), (string)Dynamic.Get(kiosk, "device_token"));
    }

    /// <summary>Calls a unary RPC by name as the province-wide operator, with fields set by name; throws unless OK.</summary>
    internal async Task<IMessage> CallAsOperator(string method, params (string Path, object Value)[] fields)
    {
        var outcome = await CallAsOperatorOutcome(method, fields);
        Assert.True(outcome.Code == StatusCode.OK, $"{method} as the operator answered {outcome.Code}: {outcome.Detail}");
        return outcome.Responses.Single();
    }

    private Task<RpcOutcome<IMessage>> CallAsOperatorOutcome(string method, params (string Path, object Value)[] fields) =>
        TrainingV1.CallAsync(Invoker, TrainingV1.Find(method) ?? throw new InvalidOperationException($"{method} does not exist."), [Dynamic.Request(method, fields)], Host.OperatorToken);
}

/// <summary>
/// The RPCs of the <c>training.v1</c> package, found by reflection over the contracts assembly (every generated
/// service class's <c>Descriptor</c>), and a way to call any of them by its descriptor alone — with messages (parsed
/// with the method's own parsers) or raw bytes — carrying a token per call.
/// </summary>
internal static class TrainingV1
{
    public const string Package = "training.v1";

    /// <summary>Every service of the package, by full name.</summary>
    public static IReadOnlyList<ServiceDescriptor> Services { get; } = typeof(OrganizationService).Assembly.GetTypes()
        .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
        .Where(p => p?.PropertyType == typeof(ServiceDescriptor))
        .Select(p => (ServiceDescriptor)p!.GetValue(null)!)
        .Where(s => s.File.Package == Package)
        .DistinctBy(s => s.FullName)
        .OrderBy(s => s.FullName, StringComparer.Ordinal)
        .ToList();

    /// <summary>Every RPC of the package.</summary>
    public static IReadOnlyList<MethodDescriptor> Methods { get; } = [.. Services.SelectMany(s => s.Methods)];

    /// <summary>The full method name, e.g. <c>/training.v1.StaffService/GetStaffMember</c>.</summary>
    public static string FullName(MethodDescriptor method)
    {
        ArgumentNullException.ThrowIfNull(method);
        return $"/{method.Service.FullName}/{method.Name}";
    }

    /// <summary>The RPC of that full name, or null.</summary>
    public static MethodDescriptor? Find(string fullName) => Methods.FirstOrDefault(m => FullName(m) == fullName);

    public static MethodType TypeOf(MethodDescriptor method) => (method.IsClientStreaming, method.IsServerStreaming) switch
    {
        (false, false) => MethodType.Unary,
        (false, true) => MethodType.ServerStreaming,
        (true, false) => MethodType.ClientStreaming,
        _ => MethodType.DuplexStreaming,
    };

    /// <summary>The method with messages of its own request and response types.</summary>
    public static Method<IMessage, IMessage> MessageMethod(MethodDescriptor method) => new(
        TypeOf(method),
        method.Service.FullName,
        method.Name,
        Marshallers.Create<IMessage>(m => m.ToByteArray(), b => method.InputType.Parser.ParseFrom(b)),
        Marshallers.Create<IMessage>(m => m.ToByteArray(), b => method.OutputType.Parser.ParseFrom(b)));

    /// <summary>The method with raw bytes both ways (for payloads that are not valid messages).</summary>
    public static Method<byte[], byte[]> RawMethod(MethodDescriptor method) => new(
        TypeOf(method),
        method.Service.FullName,
        method.Name,
        Marshallers.Create(b => b, b => b),
        Marshallers.Create(b => b, b => b));

    /// <summary>Calls <paramref name="method"/> with <paramref name="requests"/> (one for unary and server-streaming RPCs) and <paramref name="token"/>.</summary>
    public static Task<RpcOutcome<IMessage>> CallAsync(CallInvoker invoker, MethodDescriptor method, IReadOnlyList<IMessage> requests, string? token, TimeSpan? timeout = null) =>
        CallAsync(invoker, MessageMethod(method), requests, token, timeout);

    /// <summary>Calls any method, whatever its streaming; never throws RpcException: the status is in the outcome.</summary>
    public static async Task<RpcOutcome<TResponse>> CallAsync<TRequest, TResponse>(CallInvoker invoker, Method<TRequest, TResponse> method, IReadOnlyList<TRequest> requests, string? token, TimeSpan? timeout = null)
        where TRequest : class
        where TResponse : class
    {
        ArgumentNullException.ThrowIfNull(invoker);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(requests);
        var headers = new Metadata();
        if (token is not null)
        {
            headers.Add("authorization", $"Bearer {token}");
        }

        var options = new CallOptions(headers, DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30)));
        var responses = new List<TResponse>();
        try
        {
            switch (method.Type)
            {
                case MethodType.Unary:
                    using (var call = invoker.AsyncUnaryCall(method, null, options, requests[0]))
                    {
                        responses.Add(await call.ResponseAsync);
                    }

                    break;
                case MethodType.ServerStreaming:
                    using (var call = invoker.AsyncServerStreamingCall(method, null, options, requests[0]))
                    {
                        await foreach (var response in call.ResponseStream.ReadAllAsync())
                        {
                            responses.Add(response);
                        }
                    }

                    break;
                case MethodType.ClientStreaming:
                    using (var call = invoker.AsyncClientStreamingCall(method, null, options))
                    {
                        await WriteAll(call.RequestStream, requests);
                        responses.Add(await call.ResponseAsync);
                    }

                    break;
                default:
                    using (var call = invoker.AsyncDuplexStreamingCall(method, null, options))
                    {
                        await WriteAll(call.RequestStream, requests);
                        await foreach (var response in call.ResponseStream.ReadAllAsync())
                        {
                            responses.Add(response);
                        }
                    }

                    break;
            }

            return new RpcOutcome<TResponse>(StatusCode.OK, null, responses);
        }
        catch (RpcException e)
        {
            return new RpcOutcome<TResponse>(e.StatusCode, e, responses);
        }
    }

    /// <summary>Writes the requests and completes; a call the server already ended (a refusal) is read for its status afterwards.</summary>
    private static async Task WriteAll<TRequest>(IClientStreamWriter<TRequest> stream, IReadOnlyList<TRequest> requests)
    {
        try
        {
            foreach (var request in requests)
            {
                await stream.WriteAsync(request);
            }

            await stream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server answered already; the response read throws its status.
        }
        catch (InvalidOperationException)
        {
            // "Can't write the message because the call is complete": likewise.
        }
    }
}

/// <summary>The answer of a call: its status, and the responses received before it ended.</summary>
internal sealed record RpcOutcome<TResponse>(StatusCode Code, RpcException? Error, IReadOnlyList<TResponse> Responses)
{
    /// <summary>The google.rpc.Status the refusal carried, if any.</summary>
    public Google.Rpc.Status? Status => Error?.GetRpcStatus();

    /// <summary>The ErrorInfo reason of the refusal, if any.</summary>
    public string? Reason => Status?.GetDetail<ErrorInfo>()?.Reason;

    public string Detail => Error?.Status.Detail ?? string.Empty;
}

/// <summary>Builds and reads messages through their descriptors, by field path (for RPCs newer than this test's code).</summary>
internal static class Dynamic
{
    /// <summary>A request of <paramref name="method"/> with the given fields set (paths such as <c>kiosk.room</c>).</summary>
    public static IMessage Request(string method, params (string Path, object Value)[] fields)
    {
        var descriptor = TrainingV1.Find(method) ?? throw new InvalidOperationException($"{method} does not exist.");
        var message = New(descriptor.InputType);
        foreach (var (path, value) in fields)
        {
            Set(message, path, value);
        }

        return message;
    }

    /// <summary>The value of a top-level field.</summary>
    public static object Get(IMessage message, string field)
    {
        ArgumentNullException.ThrowIfNull(message);
        var descriptor = message.Descriptor.FindFieldByName(field) ?? throw new InvalidOperationException($"{message.Descriptor.FullName} has no field {field}.");
        return descriptor.Accessor.GetValue(message);
    }

    /// <summary>The <c>name</c> of each message of a repeated field.</summary>
    public static List<string> Names(IMessage message, string repeatedField) =>
        [.. ((System.Collections.IEnumerable)Get(message, repeatedField)).Cast<IMessage>().Select(m => (string)Get(m, "name"))];

    private static IMessage New(MessageDescriptor descriptor) => descriptor.Parser.ParseFrom(ByteString.Empty);

    private static void Set(IMessage message, string path, object value)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        var name = dot < 0 ? path : path[..dot];
        var field = message.Descriptor.FindFieldByName(name) ?? throw new InvalidOperationException($"{message.Descriptor.FullName} has no field {name}.");
        if (dot < 0)
        {
            field.Accessor.SetValue(message, value);
            return;
        }

        var child = (IMessage?)field.Accessor.GetValue(message);
        if (child is null)
        {
            child = New(field.MessageType);
            field.Accessor.SetValue(message, child);
        }

        Set(child, path[(dot + 1)..], value);
    }
}

/// <summary>
/// The head of the host's event store (<c>events.db</c> in its data folder: the newest event position and the size of
/// the directory), read over a read-only connection. Every accepted change appends an event before its call answers,
/// so a call that leaves the head where it was wrote nothing at all.
/// </summary>
internal static class EventLog
{
    public static async Task<(long Position, long DirectoryEntries)> HeadAsync(TrainingHostProcess host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var path = Path.Combine(host.DataDirectory, "events.db");
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT COALESCE(MAX(position), 0) FROM events), (SELECT COUNT(*) FROM directory)";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
