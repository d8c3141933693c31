namespace Training.Api.Infrastructure;

/// <summary>Conversions between grain times and google.protobuf.Timestamp.</summary>
public static class Timestamps
{
    public static Timestamp ToTimestamp(this DateTimeOffset time) => Timestamp.FromDateTimeOffset(time);
}
