namespace Training.Benchmarks;

/// <summary>Creates a region, a county and its centres over gRPC (setup, not measured).</summary>
internal static class Organization
{
    public const string Region = "regions/bench";

    public const string County = "regions/bench/counties/county";

    public static string Center(int i) => $"{County}/centers/c{i:D3}";

    public static string RequestId() => Guid.NewGuid().ToString("N");

    public static async Task<IReadOnlyList<string>> CreateAsync(BenchHost host, int centers, params string[] extraCenters)
    {
        var org = host.Organization;
        await org.CreateRegionAsync(new CreateRegionRequest { RegionId = "bench", Region = new Region { DisplayName = "基准省" }, RequestId = RequestId() });
        await org.CreateCountyAsync(new CreateCountyRequest { Parent = Region, CountyId = "county", County = new County { DisplayName = "基准县" }, RequestId = RequestId() });
        var names = new List<string>();
        foreach (var id in Enumerable.Range(0, centers).Select(i => $"c{i:D3}").Concat(extraCenters))
        {
            await org.CreateCenterAsync(new CreateCenterRequest
            {
                Parent = County,
                CenterId = id,
                Center = new Center { DisplayName = $"{id}便民服务中心" },
                RequestId = RequestId(),
            });
            names.Add($"{County}/centers/{id}");
        }

        return names;
    }

    /// <summary>Batches of registration rows: staff <c>{prefix}{i:D6}</c> at <c>centers[i % centers.Count]</c>.</summary>
    public static List<BatchCreateStaffMembersRequest> StaffBatches(string prefix, int first, int count, int batchSize, IReadOnlyList<string> centers)
    {
        var batches = new List<BatchCreateStaffMembersRequest>();
        for (var start = first; start < first + count; start += batchSize)
        {
            var batch = new BatchCreateStaffMembersRequest { RequestId = RequestId() };
            for (var i = start; i < Math.Min(first + count, start + batchSize); i++)
            {
                batch.Requests.Add(new CreateStaffMemberRequest
                {
                    StaffMemberId = StaffId(prefix, i),
                    StaffMember = new StaffMember
                    {
                        DisplayName = $"员工{i:D6}",
                        Center = centers[i % centers.Count],
                        Post = (Post)(1 + (i % 5)),
                        Phone = $"0543-{4200000 + i:D7}",
                    },
                });
            }

            batches.Add(batch);
        }

        return batches;
    }

    public static string StaffId(string prefix, int i) => $"{prefix}{i:D6}";
}
