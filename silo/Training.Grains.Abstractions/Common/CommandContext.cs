namespace Training.Grains;

/// <summary>
/// Who asks for a change and under which idempotency key. Every mutating grain call takes one:
/// a grain that has already applied <see cref="RequestId"/> answers as it did the first time and writes nothing.
/// </summary>
/// <param name="RequestId">Client-chosen idempotency key (a UUID is typical); required.</param>
/// <param name="Actor">The authenticated subject making the change ("system" for internal steps).</param>
[GenerateSerializer, Immutable, Alias("training.CommandContext")]
public sealed record CommandContext([property: Id(0)] string RequestId, [property: Id(1)] string Actor);
