namespace Training.Grains;

/// <summary>
/// Who asks for a change and under which idempotency key. Every mutating grain call takes one:
/// a grain that has already applied <see cref="RequestId"/> answers as it did the first time and writes nothing.
/// Every event the change raises records <see cref="Actor"/>, <see cref="Role"/> and <see cref="Client"/> (the audit trail).
/// </summary>
/// <param name="RequestId">Client-chosen idempotency key (a UUID is typical); required.</param>
/// <param name="Actor">The authenticated subject making the change (the token's <c>sub</c>; "system" for internal steps).</param>
/// <param name="Role">The role under which the change was allowed, e.g. <c>center-manager</c>; empty when unknown.</param>
/// <param name="Client">The calling software: a kiosk's name, an integration's client id, else the user agent; empty when unknown.</param>
[GenerateSerializer, Immutable, Alias("training.CommandContext")]
public sealed record CommandContext(
    [property: Id(0)] string RequestId,
    [property: Id(1)] string Actor,
    [property: Id(2)] string Role = "",
    [property: Id(3)] string Client = "");
