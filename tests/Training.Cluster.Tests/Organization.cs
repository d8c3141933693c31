using Grpc.Net.Client;

namespace Training.Cluster.Tests;

/// <summary>The region, county and centre the tests' staff belong to, created through the gateway.</summary>
internal static class Organization
{
    /// <summary>Creates regions/sd-…/counties/zouping/centers/t-town (unique per call) and returns the centre's name.</summary>
    public static async Task<string> CreateCenterAsync(GrpcChannel channel)
    {
        var organization = new OrganizationService.OrganizationServiceClient(channel);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var region = await organization.CreateRegionAsync(new CreateRegionRequest { RegionId = $"sd-{suffix}", Region = new Region { DisplayName = "山东省" }, RequestId = $"r-{suffix}" });
        var county = await organization.CreateCountyAsync(new CreateCountyRequest { Parent = region.Name, CountyId = "zouping", County = new County { DisplayName = "邹平市" }, RequestId = $"c-{suffix}" });
        var center = await organization.CreateCenterAsync(new CreateCenterRequest { Parent = county.Name, CenterId = "t-town", Center = new Center { DisplayName = "T镇便民服务中心" }, RequestId = $"x-{suffix}" });
        return center.Name;
    }
}
