using System.Reflection;
using Microsoft.AspNetCore.Http;
using Training.Api.Security;
using DomainHistoryEntry = Training.Grains.HistoryEntry;

namespace Training.Api.Tests;

/// <summary>An <see cref="IGrainFactory"/> that hands out registered fakes and fails the test on any other grain.</summary>
public class FakeGrains : DispatchProxy
{
    private readonly Dictionary<(System.Type, string), object> grains = [];

    public static (IGrainFactory Factory, FakeGrains Fakes) Create()
    {
        var factory = DispatchProxy.Create<IGrainFactory, FakeGrains>();
        return (factory, (FakeGrains)(object)factory);
    }

    public List<string> Requested { get; } = [];

    public void Add<TGrain>(object key, TGrain grain)
        where TGrain : notnull => grains[(typeof(TGrain), key.ToString()!)] = grain;

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod is { Name: "GetGrain", IsGenericMethod: true } && args is [{ } key, ..])
        {
            var type = targetMethod.GetGenericArguments()[0];
            Requested.Add($"{type.Name}:{key}");
            return grains.TryGetValue((type, key.ToString()!), out var grain)
                ? grain
                : throw new InvalidOperationException($"Unexpected grain {type.Name} '{key}'.");
        }

        throw new NotSupportedException(targetMethod?.Name);
    }
}

/// <summary>A server call context the way unit tests of grpc-dotnet services build one: the HttpContext in UserState.</summary>
public sealed class TestCallContext : ServerCallContext
{
    private TestCallContext(CancellationToken cancellationToken) => CancellationTokenCore = cancellationToken;

    /// <summary>
    /// An anonymous call (no principal, as the services see it without the interceptors) whose batch rows are all
    /// allowed, unless <paramref name="rows"/> says otherwise; <paramref name="user"/> sets a principal.
    /// </summary>
    public static TestCallContext Create(BatchRowAuthorization? rows = null, System.Security.Claims.ClaimsPrincipal? user = null, string method = "/test", CancellationToken cancellationToken = default)
    {
        var context = new TestCallContext(cancellationToken) { method = method };
        var http = new DefaultHttpContext();
        if (user is not null)
        {
            http.User = user;
        }

        BatchRowAuthorization.Set(http, rows ?? BatchRowAuthorization.AllowAll);
        context.UserState["__HttpContext"] = http;
        return context;
    }

    private string method = "/test";

    protected override string MethodCore => method;

    protected override string HostCore => "localhost";

    protected override string PeerCore => "test";

    protected override DateTime DeadlineCore => DateTime.MaxValue;

    protected override Metadata RequestHeadersCore { get; } = [];

    protected override CancellationToken CancellationTokenCore { get; }

    protected override Metadata ResponseTrailersCore { get; } = [];

    protected override Grpc.Core.Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore => new(null, []);

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}

public sealed class ListWriter<T> : IServerStreamWriter<T>
{
    public List<T> Written { get; } = [];

    public WriteOptions? WriteOptions { get; set; }

    public Task WriteAsync(T message) => WriteAsync(message, CancellationToken.None);

    public Task WriteAsync(T message, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Written.Add(message);
        return Task.CompletedTask;
    }
}

public sealed class ListReader<T>(IEnumerable<T> items) : IAsyncStreamReader<T>
{
    private readonly IEnumerator<T> items = items.GetEnumerator();

    public T Current => items.Current;

    public Task<bool> MoveNext(CancellationToken cancellationToken) => Task.FromResult(items.MoveNext());
}

public sealed class FakeRegistrar(Func<int, StaffRegistration, StaffRegistrationResult> answer) : IStaffRegistrarGrain
{
    public List<(IReadOnlyList<StaffRegistration> Rows, CommandContext Context)> Calls { get; } = [];

    public Task<IReadOnlyList<StaffRegistrationResult>> RegisterMany(IReadOnlyList<StaffRegistration> rows, CommandContext context)
    {
        Calls.Add((rows, context));
        IReadOnlyList<StaffRegistrationResult> results = [.. rows.Select((row, i) => answer(i, row))];
        return Task.FromResult(results);
    }
}

/// <summary>A staff member with <paramref name="historyLength"/> events; reads at most 1,000 entries per call, as the real grain does.</summary>
public sealed class FakeStaffMember(string name, int historyLength) : IStaffMemberGrain
{
    public int HistoryCalls { get; private set; }

    public Task<StaffView> Get() => historyLength > 0
        ? Task.FromResult(View(name))
        : throw TrainingException.NotFound(name);

    public Task<IReadOnlyList<DomainHistoryEntry>> History(long fromVersion, int maxCount)
    {
        HistoryCalls++;
        var count = (int)Math.Max(0, Math.Min(Math.Min(maxCount, 1000), historyLength - fromVersion + 1));
        IReadOnlyList<DomainHistoryEntry> entries = [.. Enumerable.Range(0, count).Select(i => Entry(fromVersion + i))];
        return Task.FromResult(entries);
    }

    public Task<StaffView> Register(StaffSpec spec, CommandContext context) => throw new NotSupportedException();

    public Task<StaffView> RegisterInBulk(StaffSpec spec, CommandContext context) => throw new NotSupportedException();

    /// <summary>The patches <see cref="Update"/> received.</summary>
    public List<StaffPatch> Updates { get; } = [];

    public Task<StaffView> Update(StaffPatch patch, long expectedVersion, CommandContext context)
    {
        Updates.Add(patch);
        return Task.FromResult(View(name));
    }

    public Task<StaffView> Transfer(string toCenterName, string reason, CommandContext context) => throw new NotSupportedException();

    public Task<StaffView> StartLeave(string reason, CommandContext context) => throw new NotSupportedException();

    public Task<StaffView> ReturnFromLeave(CommandContext context) => throw new NotSupportedException();

    public Task<StaffView> Depart(string reason, CommandContext context) => throw new NotSupportedException();

    public Task ApplyEnrolmentChange(EnrolmentChange change) => throw new NotSupportedException();

    public Task<IReadOnlyList<StaffEnrolment>> Enrolments() => throw new NotSupportedException();

    public static StaffView View(string name, StaffSpec? spec = null) =>
        new(name, spec?.DisplayName ?? "Li Na", spec?.CenterName ?? Samples.Center, spec?.Post ?? Training.Grains.Post.Hotline12345, Training.Grains.StaffStatus.Active, string.Empty, spec?.Phone ?? string.Empty, spec?.Email ?? string.Empty, 1, Samples.Time, Samples.Time, spec?.CardId ?? string.Empty);

    private static DomainHistoryEntry Entry(long version) =>
        new(version, "staff.registered.v1", Samples.Time, "tester", $"r-{version}", $"event {version}");
}

/// <summary>A centre grain that records the update it receives.</summary>
public sealed class RecordingCenter(string name) : ICenterGrain
{
    public (OrgUnitPatch Patch, long ExpectedVersion, CommandContext Context)? Updated { get; private set; }

    public Task<OrgUnitView> Update(OrgUnitPatch patch, long expectedVersion, CommandContext context)
    {
        Updated = (patch, expectedVersion, context);
        return Task.FromResult(View());
    }

    public Task<OrgUnitView> Get() => Task.FromResult(View());

    public Task<OrgUnitView> Create(OrgUnitSpec spec, CommandContext context) => throw new NotSupportedException();

    public Task<OrgUnitView> Archive(CommandContext context) => throw new NotSupportedException();

    public Task<IReadOnlyList<DomainHistoryEntry>> History(long fromVersion, int maxCount) => throw new NotSupportedException();

    private OrgUnitView View() => new(name, "regions/sd/counties/zouping", "T town centre", string.Empty, string.Empty, "0543 1234", false, 4, Samples.Time, Samples.Time);
}

public static class Samples
{
    public const string Center = "regions/sd/counties/zouping/centers/t-town";

    public static readonly DateTimeOffset Time = new(2025, 3, 1, 8, 30, 0, TimeSpan.Zero);

    public static CreateStaffMemberRequest Row(string id, Training.Contracts.V1.Post post = Training.Contracts.V1.Post.Hotline12345, string center = Center) => new()
    {
        StaffMemberId = id,
        StaffMember = new StaffMember { DisplayName = $"Staff {id}", Center = center, Post = post, Phone = "+86 543-1234", Email = "a@b.cn" },
    };

    public static BadRequest BadRequestOf(RpcException e) =>
        e.GetRpcStatus()?.GetDetail<BadRequest>() ?? throw new InvalidOperationException("no BadRequest detail");

    public static string[] Fields(RpcException e) => [.. BadRequestOf(e).FieldViolations.Select(v => v.Field).Order(StringComparer.Ordinal)];
}
