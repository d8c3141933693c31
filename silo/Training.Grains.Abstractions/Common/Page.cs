namespace Training.Grains;

/// <summary>A page request: keyset paging with an opaque token (the last key of the previous page).</summary>
/// <param name="PageSize">1..1000; the API clamps client values.</param>
/// <param name="AfterKey">Null for the first page.</param>
/// <param name="Search">Optional case-insensitive substring filter (names, numbers).</param>
[GenerateSerializer, Immutable, Alias("training.PageRequest")]
public sealed record PageRequest([property: Id(0)] int PageSize, [property: Id(1)] string? AfterKey, [property: Id(2)] string? Search = null);

/// <summary>One page of results; <see cref="NextAfterKey"/> is null on the last page.</summary>
[GenerateSerializer, Immutable, Alias("training.Page`1")]
public sealed record Page<T>([property: Id(0)] IReadOnlyList<T> Items, [property: Id(1)] string? NextAfterKey);

/// <summary>One entry of a resource's history (its event stream), for archives and audits.</summary>
/// <param name="Version">Position in the resource's stream, from 1.</param>
/// <param name="EventType">Stable event name, e.g. <c>staff.transferred.v1</c>.</param>
/// <param name="RecordedAt">When the event was recorded.</param>
/// <param name="Actor">Who caused it.</param>
/// <param name="RequestId">The request that caused it.</param>
/// <param name="Summary">A one-line human-readable description.</param>
/// <param name="Role">The role the actor acted in (empty for events recorded before roles were kept).</param>
/// <param name="Client">The calling software: kiosk, integration client id or user agent (empty when unknown).</param>
[GenerateSerializer, Immutable, Alias("training.HistoryEntry")]
public sealed record HistoryEntry(
    [property: Id(0)] long Version,
    [property: Id(1)] string EventType,
    [property: Id(2)] DateTimeOffset RecordedAt,
    [property: Id(3)] string Actor,
    [property: Id(4)] string RequestId,
    [property: Id(5)] string Summary,
    [property: Id(6)] string Role = "",
    [property: Id(7)] string Client = "");
