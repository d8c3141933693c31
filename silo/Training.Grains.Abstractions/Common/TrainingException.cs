namespace Training.Grains;

/// <summary>The kinds of domain refusal; the API maps each to one gRPC status (DESIGN.md, error model).</summary>
public enum ErrorKind
{
    /// <summary>Malformed or out-of-range input → InvalidArgument.</summary>
    InvalidArgument = 1,

    /// <summary>Resource unknown → NotFound.</summary>
    NotFound = 2,

    /// <summary>Duplicate create → AlreadyExists.</summary>
    AlreadyExists = 3,

    /// <summary>Not allowed in the current state → FailedPrecondition.</summary>
    FailedPrecondition = 4,

    /// <summary>Optimistic-concurrency conflict → Aborted.</summary>
    Aborted = 5,

    /// <summary>Storage or silo unavailable → Unavailable (retryable).</summary>
    Unavailable = 6,

    /// <summary>The caller may not do this to this resource (e.g. grading in a batch they do not examine) → PermissionDenied.</summary>
    PermissionDenied = 7,
}

/// <summary>One offending field of a request (google.rpc.BadRequest.FieldViolation).</summary>
[GenerateSerializer, Immutable, Alias("training.FieldViolation")]
public sealed record FieldViolation([property: Id(0)] string Field, [property: Id(1)] string Description);

/// <summary>
/// A domain rule refused a request. Nothing was written. Thrown by grains, mapped by the API to a
/// gRPC status with google.rpc details.
/// </summary>
[GenerateSerializer, Alias("training.TrainingException")]
public sealed class TrainingException : Exception
{
    public TrainingException()
    {
    }

    public TrainingException(string message)
        : base(message)
    {
    }

    public TrainingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TrainingException(ErrorKind kind, string message, string? subject = null, IReadOnlyList<FieldViolation>? violations = null)
        : base(message)
    {
        Kind = kind;
        Subject = subject;
        Violations = violations ?? [];
    }

    /// <summary>Which status this refusal maps to.</summary>
    [Id(0)]
    public ErrorKind Kind { get; private set; } = ErrorKind.FailedPrecondition;

    /// <summary>The resource (NotFound / AlreadyExists) or precondition subject the refusal is about.</summary>
    [Id(1)]
    public string? Subject { get; private set; }

    /// <summary>Field violations for <see cref="ErrorKind.InvalidArgument"/>.</summary>
    [Id(2)]
    public IReadOnlyList<FieldViolation> Violations { get; private set; } = [];

    public static TrainingException NotFound(string resource) =>
        new(ErrorKind.NotFound, $"{resource} does not exist.", resource);

    public static TrainingException AlreadyExists(string resource) =>
        new(ErrorKind.AlreadyExists, $"{resource} already exists.", resource);

    public static TrainingException Precondition(string subject, string message) =>
        new(ErrorKind.FailedPrecondition, message, subject);

    public static TrainingException Invalid(string field, string description) =>
        new(ErrorKind.InvalidArgument, $"{field}: {description}", null, [new FieldViolation(field, description)]);

    public static TrainingException Conflict(string resource) =>
        new(ErrorKind.Aborted, $"{resource} was changed concurrently; read it again and retry.", resource);

    public static TrainingException Unavailable(string message) =>
        new(ErrorKind.Unavailable, message);
}
