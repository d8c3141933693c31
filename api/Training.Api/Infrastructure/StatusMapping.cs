using Google.Rpc;

namespace Training.Api.Infrastructure;

/// <summary>google.rpc.Status values for per-row results of batch calls.</summary>
public static class StatusMapping
{
    /// <summary>OK.</summary>
    public static Google.Rpc.Status Ok() => new() { Code = (int)Code.Ok };

    /// <summary>The status of a refused row, with the same details a single call would carry.</summary>
    public static Google.Rpc.Status ForRow(ErrorKind kind, string message, string? subject = null) =>
        ErrorMappingInterceptor.ToStatus(new TrainingException(kind, message, subject))!;

    /// <summary>FailedPrecondition with one google.rpc.PreconditionFailure violation of <paramref name="type"/> about <paramref name="subject"/>.</summary>
    public static Google.Rpc.Status PreconditionFailed(string type, string subject, string message) => new()
    {
        Code = (int)Code.FailedPrecondition,
        Message = Validator.Excerpt(message, 1000),
        Details = { Any.Pack(new PreconditionFailure { Violations = { new PreconditionFailure.Types.Violation { Type = type, Subject = subject, Description = message } } }) },
    };

    /// <summary>The status of a row with field violations (InvalidArgument + BadRequest).</summary>
    public static Google.Rpc.Status ForViolations(IReadOnlyList<FieldViolation> violations) =>
        ErrorMappingInterceptor.ToStatus(new TrainingException(ErrorKind.InvalidArgument, violations.Count > 0 ? $"{violations[0].Field}: {violations[0].Description}" : "invalid row", null, violations))!;
}
