using Google.Rpc;

namespace Training.EndToEnd.Tests;

/// <summary>
/// Assertions on refused gRPC calls: the status code of DESIGN.md's error model and the google.rpc
/// details it carries. Every refusal is also checked never to be Internal or Unknown (a bug).
/// </summary>
internal static class Expect
{
    /// <summary>The call fails with <paramref name="code"/>; answers the google.rpc.Status it carried.</summary>
    public static async Task<Google.Rpc.Status> Refused(StatusCode code, Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<RpcException>(call);
        NotABug(e);
        Assert.True(e.StatusCode == code, $"Expected {code} but the call answered {e.StatusCode}: {e.Status.Detail}");
        var status = e.GetRpcStatus();
        Assert.True(status is not null, $"{e.StatusCode} carried no google.rpc.Status (grpc-status-details-bin): {e.Status.Detail}");
        Assert.Equal((int)code, status.Code);
        return status;
    }

    /// <summary>InvalidArgument with a BadRequest whose violations name <paramref name="field"/>.</summary>
    public static async Task<BadRequest> InvalidArgument(string field, Func<Task> call)
    {
        var status = await Refused(StatusCode.InvalidArgument, call);
        var badRequest = status.GetDetail<BadRequest>();
        Assert.True(badRequest is not null, $"InvalidArgument without a BadRequest detail: {status.Message}");
        var fields = badRequest.FieldViolations.Select(v => v.Field).ToList();
        Assert.True(fields.Contains(field), $"Expected a violation of '{field}'; got [{string.Join(", ", fields)}] ({status.Message})");
        Assert.All(badRequest.FieldViolations, v => Assert.False(string.IsNullOrWhiteSpace(v.Description)));
        return badRequest;
    }

    /// <summary>NotFound, naming the missing resource in a ResourceInfo detail.</summary>
    public static async Task<ResourceInfo> NotFound(Func<Task> call)
    {
        var status = await Refused(StatusCode.NotFound, call);
        var info = status.GetDetail<ResourceInfo>();
        Assert.True(info is not null, $"NotFound without a ResourceInfo detail: {status.Message}");
        Assert.False(string.IsNullOrEmpty(info.ResourceName));
        return info;
    }

    /// <summary>AlreadyExists, naming the existing resource in a ResourceInfo detail.</summary>
    public static async Task<ResourceInfo> AlreadyExists(Func<Task> call)
    {
        var status = await Refused(StatusCode.AlreadyExists, call);
        var info = status.GetDetail<ResourceInfo>();
        Assert.True(info is not null, $"AlreadyExists without a ResourceInfo detail: {status.Message}");
        Assert.False(string.IsNullOrEmpty(info.ResourceName));
        return info;
    }

    /// <summary>FailedPrecondition with a PreconditionFailure detail holding at least one violation.</summary>
    public static async Task<PreconditionFailure> FailedPrecondition(Func<Task> call)
    {
        var status = await Refused(StatusCode.FailedPrecondition, call);
        var failure = status.GetDetail<PreconditionFailure>();
        Assert.True(failure is not null, $"FailedPrecondition without a PreconditionFailure detail: {status.Message}");
        Assert.NotEmpty(failure.Violations);
        Assert.All(failure.Violations, v => Assert.False(string.IsNullOrWhiteSpace(v.Description)));
        return failure;
    }

    /// <summary>Aborted: an optimistic-concurrency conflict (a stale etag).</summary>
    public static Task<Google.Rpc.Status> Aborted(Func<Task> call) => Refused(StatusCode.Aborted, call);

    /// <summary>Internal and Unknown mean a bug in the product, whatever the test expected.</summary>
    public static void NotABug(RpcException e)
    {
        Assert.True(e.StatusCode is not (StatusCode.Internal or StatusCode.Unknown), $"The server answered {e.StatusCode} (a bug): {e.Status.Detail}");
    }

    /// <summary>Reads a server stream to its end.</summary>
    public static async Task<List<T>> ReadAll<T>(IAsyncStreamReader<T> stream)
    {
        var items = new List<T>();
        await foreach (var item in stream.ReadAllAsync())
        {
            items.Add(item);
        }

        return items;
    }
}
