using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Health.V1;
using Xunit.Abstractions;

namespace Training.EndToEnd.Tests;

/// <summary>
/// Fuzzing every RPC of every <c>training.v1</c> service (issue #3): random byte payloads, valid requests with their
/// bytes flipped, cut or padded, valid requests with fields set to hostile values (huge strings, control characters,
/// emoji, SQL-ish and path-ish text, negative and huge numbers, unknown enum values, out-of-range timestamps), and a
/// message over the 4 MiB limit — all as the province-wide operator, so authorization does not hide the handler. No
/// call may answer Internal or Unknown (a bug) or hang, and every refusal must be readable by a client with default
/// limits (an error must not echo a huge input back in its trailers); the oversized message is ResourceExhausted; the host still
/// answers its health check; and a call that was refused wrote nothing: the event store's head is where it was, and
/// the seed's whole readable world (<see cref="World"/>) reads back identical unless some call of the batch was
/// accepted (a mutated request can still be a valid one, e.g. a create of a new id: those may write).
/// The random generator is seeded (<see cref="DefaultSeed"/>, or the environment variable <c>TRAINING_FUZZ_SEED</c>),
/// and every failure names the seed, the RPC, the case and the payload.
/// </summary>
public sealed class FuzzTests(AuthorizationMatrixFixture fixture, ITestOutputHelper output) : IClassFixture<AuthorizationMatrixFixture>
{
    /// <summary>The seed the suite runs with unless TRAINING_FUZZ_SEED says otherwise.</summary>
    public const int DefaultSeed = 20_030_603;

    private const int RandomPayloads = 8;
    private const int ByteMutations = 8;
    private const int FieldMutations = 16;

    /// <summary>Just over the server's limit (TrainingApi.MaxReceiveMessageSize, 4 MiB).</summary>
    private const int Oversized = (4 * 1024 * 1024) + 1;

    /// <summary>The shares of fields a field mutation sets: a few (the rest stays valid, so the handler runs), half, nearly all.</summary>
    private static readonly double[] MutationRates = [0.25, 0.5, 0.9];

    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(20);

    private TrainingHostProcess Host => fixture.Host;

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("TRAINING_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : DefaultSeed;

    /// <summary>Every RPC of training.v1, from the descriptors.</summary>
    public static TheoryData<string> Methods => new(TrainingV1.Methods.Select(TrainingV1.FullName));

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task Random_bytes_and_corrupted_requests_are_refused_cleanly_never_Internal_or_Unknown_and_write_nothing(string method)
    {
        var (random, seed) = Generator(method, "bytes");
        var valid = (await ValidRequestAsync(method)).ToByteArray();
        var cases = new List<(string Name, byte[] Payload)>();
        for (var i = 0; i < RandomPayloads; i++)
        {
            cases.Add(($"random bytes #{i}", RandomBytes(random, i)));
        }

        for (var i = 0; i < ByteMutations; i++)
        {
            var (how, bytes) = MutateBytes(random, valid);
            cases.Add(($"valid request, {how} #{i}", bytes));
        }

        await RunAsync(method, seed, cases);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task Valid_requests_with_hostile_field_values_never_answer_Internal_or_Unknown_and_refused_ones_write_nothing(string method)
    {
        var (random, seed) = Generator(method, "fields");
        var valid = await ValidRequestAsync(method);
        var cases = new List<(string Name, byte[] Payload)>();
        for (var i = 0; i < FieldMutations; i++)
        {
            var mutated = Copy(valid);
            Scramble(mutated, random, fixture, depth: 0, rate: MutationRates[i % MutationRates.Length]);
            cases.Add(($"valid request with hostile field values #{i}: {Abbreviated(mutated)}", mutated.ToByteArray()));
        }

        await RunAsync(method, seed, cases);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task A_message_over_4_MiB_is_ResourceExhausted_and_writes_nothing(string method)
    {
        var descriptor = TrainingV1.Find(method)!;
        var valid = (await ValidRequestAsync(method)).ToByteArray();
        var head = await EventLog.HeadAsync(Host);

        // A valid request padded with an unknown field to 4 MiB + 1 byte.
        var outcome = await TrainingV1.CallAsync(fixture.Invoker, TrainingV1.RawMethod(descriptor), [Padded(valid, Oversized)], Host.OperatorToken, CallTimeout);

        Assert.True(outcome.Code == StatusCode.ResourceExhausted, $"{method}: a message of {Oversized} bytes answered {outcome.Code}, not ResourceExhausted: {outcome.Detail}");
        Assert.True(head == await EventLog.HeadAsync(Host), $"{method}: the oversized message was refused, yet the event store was written to.");
        await AssertHealthyAsync();
    }

    [Fact]
    public async Task A_truncated_protobuf_message_is_InvalidArgument_like_any_malformed_input_not_Unknown()
    {
        // Field 1 (name), length-delimited, announcing 5 bytes and sending 1: the smallest undecodable GetRegion.
        var getRegion = TrainingV1.RawMethod(TrainingV1.Find("/training.v1.OrganizationService/GetRegion")!);
        byte[] truncated = [0x0A, 0x05, 0x61];

        var asOperator = await TrainingV1.CallAsync(fixture.Invoker, getRegion, [truncated], Host.OperatorToken);
        var anonymous = await TrainingV1.CallAsync(fixture.Invoker, getRegion, [truncated], null);

        Assert.True(asOperator.Code == StatusCode.InvalidArgument, $"An undecodable request answered {asOperator.Code} ({asOperator.Detail}), not InvalidArgument (docs/architecture.md: malformed input).");
        Assert.True(anonymous.Code is StatusCode.Unauthenticated or StatusCode.InvalidArgument, $"An undecodable request without a token answered {anonymous.Code} ({anonymous.Detail}).");
        await AssertHealthyAsync();
    }

    [Fact]
    public async Task An_error_about_a_huge_field_value_stays_small_enough_for_a_default_client_to_read()
    {
        // A 70,000-character update_mask path: refused, and the refusal must not echo it back whole (grpc-message and
        // grpc-status-details-bin are headers; .NET's client reads at most 64 KiB of them by default).
        var request = new UpdateRegionRequest
        {
            Region = new Region { Name = fixture.Own.Region, Description = "x" },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { new string('x', 70_000) } },
            RequestId = AuthorizationMatrixTests.Fresh("fz"),
        };
        var head = await EventLog.HeadAsync(Host);

        var outcome = await TrainingV1.CallAsync(fixture.Invoker, TrainingV1.Find("/training.v1.OrganizationService/UpdateRegion")!, [request], Host.OperatorToken);

        Assert.True(outcome.Code == StatusCode.InvalidArgument, $"A 70,000-character update_mask path answered {outcome.Code}, not InvalidArgument: {outcome.Detail[..Math.Min(outcome.Detail.Length, 400)]}");
        Assert.True(head == await EventLog.HeadAsync(Host), "The refused update wrote to the event store.");
    }

    /// <summary>
    /// Sends each payload as the operator and collects every failure (so one run shows them all): Internal or Unknown
    /// (a bug), DeadlineExceeded or Unavailable (a hang, a crash), a refusal that wrote to the event store; then the
    /// health check, and the seed's world unchanged when no call was accepted.
    /// </summary>
    private async Task RunAsync(string method, int seed, List<(string Name, byte[] Payload)> cases)
    {
        var descriptor = TrainingV1.Find(method)!;
        var before = await World.TakeAsync(Host, fixture.Own);
        var failures = new List<string>();
        var statuses = new SortedDictionary<StatusCode, int>();
        foreach (var (name, payload) in cases)
        {
            var head = await EventLog.HeadAsync(Host);
            var outcome = await TrainingV1.CallAsync(fixture.Invoker, TrainingV1.RawMethod(descriptor), [payload], Host.OperatorToken, CallTimeout);
            statuses[outcome.Code] = statuses.GetValueOrDefault(outcome.Code) + 1;
            var what = $"{name} ({payload.Length} bytes: {Hex(payload)})";
            if (outcome.Code is StatusCode.Internal or StatusCode.Unknown)
            {
                failures.Add($"BUG: {what} answered {outcome.Code}: {outcome.Detail}");
            }
            else if (outcome.Detail.Contains("HPackDecodingException", StringComparison.Ordinal))
            {
                failures.Add($"{what}: the client could not read the answer, whose headers and trailers exceed the default 64 KiB (the server echoes the input into its error): {outcome.Detail}");
            }
            else if (outcome.Code is StatusCode.DeadlineExceeded or StatusCode.Unavailable)
            {
                failures.Add($"{what} answered {outcome.Code} (a hang or a crash?): {outcome.Detail}");
            }

            if (outcome.Code != StatusCode.OK && head != await EventLog.HeadAsync(Host))
            {
                failures.Add($"{what} was refused with {outcome.Code}, yet the event store was written to.");
            }
        }

        var summary = string.Join(", ", statuses.Select(s => $"{s.Key} {s.Value}"));
        output.WriteLine($"fuzz seed {Seed} (TRAINING_FUZZ_SEED), {method}: generator seed {seed}; {cases.Count} calls: {summary}");
        await AssertHealthyAsync();
        if (!statuses.ContainsKey(StatusCode.OK))
        {
            await World.AssertUnchangedAsync(Host, fixture.Own, before);
        }

        Assert.True(failures.Count == 0, $"{method} (fuzz seed {Seed}, generator seed {seed}; {summary}):\n  {string.Join("\n  ", failures)}");
    }

    private async Task AssertHealthyAsync()
    {
        var health = await new Health.HealthClient(Host.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    /// <summary>A valid request of the method, as the authorization matrix builds it (its arrangement done first).</summary>
    private async Task<IMessage> ValidRequestAsync(string method)
    {
        var matrixCase = await (AuthorizationMatrixTests.ValidCase(fixture, method)
            ?? throw new InvalidOperationException($"{method} has no request builder in AuthorizationMatrixTests: the fuzz tests start from its valid request."));
        return matrixCase.Requests[0];
    }

    /// <summary>The generator of one RPC and kind of case: the suite's seed mixed with a stable hash of both, so a case reproduces alone.</summary>
    private static (Random Random, int Seed) Generator(string method, string kind)
    {
        var seed = Seed ^ StableHash($"{method} {kind}");
        return (new Random(seed), seed);
    }

    [Fact]
    public async Task Malformed_JSON_wrong_types_and_huge_bodies_over_HTTP_JSON_are_4xx_never_5xx_and_write_nothing()
    {
        var region = fixture.Own.Region;
        var huge = "{\"displayName\":\"" + new string('a', 5 * 1024 * 1024) + "\"}";
        var nested = "{\"displayName\":" + new string('[', 5000) + new string(']', 5000) + "}";
        var manyRows = "{\"requestId\":\"r\",\"requests\":[" + string.Join(',', Enumerable.Range(0, 6000).Select(i => $"{{\"staffMemberId\":\"FZ-{i}\",\"staffMember\":{{\"displayName\":\"x\",\"center\":\"{fixture.Own.Center}\",\"post\":\"POST_GENERAL_SERVICES\"}}}}")) + "]}";
        (string Name, HttpMethod Verb, string Path, byte[]? Body)[] cases =
        [
            ("truncated JSON", HttpMethod.Post, "/v1/regions?regionId=fz-a&requestId=fz-a", Utf8("{\"displayName\": ")),
            ("a number for a string", HttpMethod.Post, "/v1/regions?regionId=fz-b&requestId=fz-b", Utf8("{\"displayName\": 123}")),
            ("an object for a string", HttpMethod.Patch, $"/v1/{region}?requestId=fz-c", Utf8("{\"displayName\": {\"nested\": true}}")),
            ("an array for the body", HttpMethod.Post, "/v1/regions?regionId=fz-d&requestId=fz-d", Utf8("[1, 2, 3]")),
            ("a bare string for the body", HttpMethod.Post, "/v1/regions?regionId=fz-e&requestId=fz-e", Utf8("\"regions/x\"")),
            ("an unknown enum name", HttpMethod.Post, "/v1/staff?staffMemberId=FZ-F&requestId=fz-f", Utf8($"{{\"displayName\":\"x\",\"center\":\"{fixture.Own.Center}\",\"post\":\"POST_NOT_A_POST\"}}")),
            ("an unknown enum number", HttpMethod.Post, "/v1/staff?staffMemberId=FZ-G&requestId=fz-g", Utf8($"{{\"displayName\":\"x\",\"center\":\"{fixture.Own.Center}\",\"post\":99999}}")),
            ("an array for a string", HttpMethod.Post, "/v1/staff?staffMemberId=FZ-H&requestId=fz-h", Utf8("{\"displayName\":\"x\",\"center\":[\"a\"],\"post\":1}")),
            ("a page size that is not a number", HttpMethod.Get, "/v1/regions?pageSize=abc", null),
            ("a page size past int32", HttpMethod.Get, "/v1/regions?pageSize=99999999999999", null),
            ("a negative page size", HttpMethod.Get, $"/v1/{region}/counties?pageSize=-5", null),
            ("a garbage page token", HttpMethod.Get, $"/v1/{region}/counties?pageToken=%00%FF%27--", null),
            ("SQL in a query parameter", HttpMethod.Get, "/v1/auditRecords?resource=%27%3B%20DROP%20TABLE%20events%3B%20--", null),
            ("a path that climbs", HttpMethod.Get, "/v1/staff/..%2F..%2Fregions", null),
            ("invalid UTF-8", HttpMethod.Post, "/v1/regions?regionId=fz-i&requestId=fz-i", [0x7B, 0x22, 0x64, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0xFF, 0xFE, 0x22, 0x7D]),
            ("JSON nested 5,000 deep", HttpMethod.Post, "/v1/regions?regionId=fz-j&requestId=fz-j", Utf8(nested)),
            ("a 5 MiB body", HttpMethod.Post, "/v1/regions?regionId=fz-k&requestId=fz-k", Utf8(huge)),
            ("a batch of 6,000 rows", HttpMethod.Post, "/v1/staff:batchCreate", Utf8(manyRows)),
        ];

        foreach (var (name, verb, path, body) in cases)
        {
            var head = await EventLog.HeadAsync(Host);
            using var request = new HttpRequestMessage(verb, new Uri(path, UriKind.Relative));
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }

            HttpStatusCode status;
            string answer;
            try
            {
                using var response = await Host.Http.SendAsync(request);
                (status, answer) = (response.StatusCode, await response.Content.ReadAsStringAsync());
            }
            catch (HttpRequestException e) when (body is { Length: > 4 * 1024 * 1024 })
            {
                // Kestrel may close the connection on a body over its limit before the client finished sending.
                output.WriteLine($"{name}: connection closed by the server ({e.Message})");
                continue;
            }

            output.WriteLine($"{name}: {(int)status} {answer[..Math.Min(answer.Length, 160)]}");
            Assert.True((int)status is >= 400 and < 500, $"HTTP/JSON {verb} {path[..Math.Min(path.Length, 120)]} ({name}) answered {(int)status} {status}, not a 4xx: {answer[..Math.Min(answer.Length, 500)]}");
            Assert.True(head == await EventLog.HeadAsync(Host), $"HTTP/JSON {name} was refused with {(int)status}, yet the event store was written to.");
        }

        using var healthz = await Host.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
    }

    // ---- Payload generators. ----

    /// <summary>Random bytes: pure noise, or noise shaped like protobuf (random tags and wire types).</summary>
    private static byte[] RandomBytes(Random random, int index)
    {
        if (index % 2 == 0)
        {
            var bytes = new byte[random.Next(0, 600)];
            random.NextBytes(bytes);
            return bytes;
        }

        using var stream = new MemoryStream();
        var writer = new CodedOutputStream(stream);
        for (var fields = random.Next(1, 12); fields > 0; fields--)
        {
            var number = random.Next(4) == 0 ? random.Next(1, 536_870_911) : random.Next(1, 12);
            switch (random.Next(5))
            {
                case 0:
                    writer.WriteTag(number, WireFormat.WireType.Varint);
                    writer.WriteInt64(random.NextInt64(long.MinValue, long.MaxValue));
                    break;
                case 1:
                    writer.WriteTag(number, WireFormat.WireType.LengthDelimited);
                    var payload = new byte[random.Next(0, 200)];
                    random.NextBytes(payload);
                    writer.WriteBytes(ByteString.CopyFrom(payload));
                    break;
                case 2:
                    writer.WriteTag(number, WireFormat.WireType.Fixed32);
                    writer.WriteFixed32((uint)random.Next());
                    break;
                case 3:
                    writer.WriteTag(number, WireFormat.WireType.Fixed64);
                    writer.WriteFixed64((ulong)random.NextInt64());
                    break;
                default:
                    // A length that lies: more bytes announced than follow.
                    writer.WriteTag(number, WireFormat.WireType.LengthDelimited);
                    writer.WriteLength(random.Next(1000, 1_000_000));
                    writer.WriteRawTag((byte)random.Next(256));
                    break;
            }
        }

        writer.Flush();
        return stream.ToArray();
    }

    /// <summary>A valid request's bytes flipped, cut, padded or spliced.</summary>
    private static (string How, byte[] Bytes) MutateBytes(Random random, byte[] valid)
    {
        var bytes = (byte[])valid.Clone();
        switch (random.Next(4))
        {
            case 0 when bytes.Length > 0:
                var flips = random.Next(1, 5);
                for (var i = 0; i < flips; i++)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
                }

                return ($"{flips} byte(s) flipped", bytes);
            case 1 when bytes.Length > 1:
                return ("cut short", bytes[..random.Next(1, bytes.Length)]);
            case 2:
                var extra = new byte[random.Next(1, 64)];
                random.NextBytes(extra);
                var at = random.Next(bytes.Length + 1);
                return ("random bytes spliced in", [.. bytes[..at], .. extra, .. bytes[at..]]);
            default:
                var tail = new byte[random.Next(1, 64)];
                random.NextBytes(tail);
                return ("random bytes appended", [.. bytes, .. tail]);
        }
    }

    /// <summary>The bytes with an unknown length-delimited field (number 1000) appended to reach <paramref name="size"/> bytes.</summary>
    private static byte[] Padded(byte[] valid, int size)
    {
        using var header = new MemoryStream();
        var writer = new CodedOutputStream(header);
        writer.WriteTag(1000, WireFormat.WireType.LengthDelimited);
        var fill = size - valid.Length - CodedOutputStream.ComputeTagSize(1000) - 4;
        writer.WriteLength(fill);
        writer.Flush();
        byte[] bytes = [.. valid, .. header.ToArray(), .. new byte[fill]];
        Assert.True(bytes.Length > 4 * 1024 * 1024, $"The padded message is {bytes.Length} bytes.");
        return bytes;
    }

    /// <summary>Hostile strings: empty, huge, control characters, emoji, right-to-left, SQL-ish, path-ish, markup, names of real and unreal resources.</summary>
    private static string[] HostileStrings(AuthorizationMatrixFixture f) =>
    [
        string.Empty,
        " ",
        "\0",
        "\u0001\u0002\u001b[2J\u007f",
        "\r\n\t",
        "🙂👩‍👩‍👧‍👦🏳️‍🌈",
        "\u202Egnp.exe",
        "ｒｅｇｉｏｎｓ/ｘ",
        "'; DROP TABLE events; --",
        "\" OR 1=1 --",
        "../../../../etc/passwd",
        "%2e%2e%2f%00",
        "<script>alert(1)</script>",
        "${jndi:ldap://x}",
        "*",
        "regions/*",
        "regions//counties/",
        "regions/a/../b",
        "staff/",
        "staff/../../regions/x",
        $"{f.Own.Center}/",
        $"{f.Own.Center}/kiosks/../../centers/han-dian",
        f.Own.Region,
        f.Own.County,
        f.Own.Center,
        f.Own.StaffName(1),
        f.Foreign.Center,
        f.Own.Framework,
        f.Own.Bank + "/items/q1",
        "regions/" + new string('a', 5_000),
        new string('x', 70_000),
        new string('界', 300_000),
    ];

    /// <summary>Sets a share (<paramref name="rate"/>) of the fields, recursively to three levels, to hostile values of their type.</summary>
    private static void Scramble(IMessage message, Random random, AuthorizationMatrixFixture f, int depth, double rate)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (random.NextDouble() >= rate || field.IsMap)
            {
                continue;
            }

            if (field.IsRepeated)
            {
                var list = (System.Collections.IList)field.Accessor.GetValue(message);
                if (random.Next(2) == 0)
                {
                    list.Clear();
                }

                for (var n = random.Next(4); n > 0; n--)
                {
                    if (Hostile(field, random, f, depth, rate) is { } item)
                    {
                        list.Add(item);
                    }
                }
            }
            else if (Hostile(field, random, f, depth, rate, field.FieldType == FieldType.Message ? field.Accessor.GetValue(message) as IMessage : null) is { } value)
            {
                field.Accessor.SetValue(message, value);
            }
        }
    }

    private static object? Hostile(FieldDescriptor field, Random random, AuthorizationMatrixFixture f, int depth, double rate, IMessage? existing = null)
    {
        int[] ints = [0, -1, 1, 7, 1001, 5001, int.MinValue, int.MaxValue, random.Next(int.MinValue, int.MaxValue)];
        long[] longs = [0, -1, long.MinValue, long.MaxValue, 253_402_300_800L, -62_135_596_801L, random.NextInt64(long.MinValue, long.MaxValue)];
        switch (field.FieldType)
        {
            case FieldType.String:
                var strings = HostileStrings(f);
                return strings[random.Next(strings.Length)];
            case FieldType.Bytes:
                var bytes = new byte[random.Next(0, 300)];
                random.NextBytes(bytes);
                return ByteString.CopyFrom(bytes);
            case FieldType.Bool:
                return random.Next(2) == 0;
            case FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32:
                return ints[random.Next(ints.Length)];
            case FieldType.UInt32 or FieldType.Fixed32:
                return unchecked((uint)ints[random.Next(ints.Length)]);
            case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64:
                return longs[random.Next(longs.Length)];
            case FieldType.UInt64 or FieldType.Fixed64:
                return unchecked((ulong)longs[random.Next(longs.Length)]);
            case FieldType.Double:
                return new[] { double.NaN, double.PositiveInfinity, -0.0, double.MaxValue, -1.5 }[random.Next(5)];
            case FieldType.Float:
                return new[] { float.NaN, float.NegativeInfinity, float.MaxValue, -1.5f }[random.Next(4)];
            case FieldType.Enum:
                // Unknown values (which proto3 keeps) as often as known ones.
                var known = field.EnumType.Values.Select(v => v.Number).ToArray();
                int[] numbers = [.. known, 999, -7, int.MaxValue, int.MinValue];
                return Enum.ToObject(field.EnumType.ClrType, numbers[random.Next(numbers.Length)]);
            case FieldType.Message when depth < 3:
                var message = existing is null ? field.MessageType.Parser.ParseFrom(ByteString.Empty) : Copy(existing);
                Scramble(message, random, f, depth + 1, rate);
                return message;
            default:
                return null;
        }
    }

    private static IMessage Copy(IMessage message) => message.Descriptor.Parser.ParseFrom(message.ToByteString());

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string Hex(byte[] bytes) => bytes.Length <= 48 ? Convert.ToHexString(bytes) : $"{Convert.ToHexString(bytes, 0, 48)}…";

    private static string Abbreviated(IMessage message)
    {
        // The diagnostic form: it also shows what the JSON mapping refuses (e.g. timestamps out of range).
        var json = message.ToString() ?? string.Empty;
        return json.Length <= 300 ? json : $"{json[..300]}…";
    }

    /// <summary>FNV-1a of the method name: the same on every run and machine (string.GetHashCode is not).</summary>
    private static int StableHash(string text)
    {
        var hash = 2_166_136_261u;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 16_777_619u);
        }

        return unchecked((int)hash);
    }
}
