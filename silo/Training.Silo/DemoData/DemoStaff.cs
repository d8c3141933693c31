using Training.Grains;

namespace Training.Silo.DemoData;

/// <summary>A demonstration centre: its id under the county, its profile, its staff-number prefix and how many staff each post has.</summary>
internal sealed record DemoCenter(
    string Id,
    OrgUnitSpec Spec,
    string StaffPrefix,
    string EmailCode,
    string PhonePrefix,
    IReadOnlyList<(Post Post, int Count)> Posts)
{
    public string Name => $"{DemoStaff.CountyName}/centers/{Id}";

    public int StaffCount => Posts.Sum(p => p.Count);
}

/// <summary>
/// The organization of the demonstration (Shandong → Zouping → T town and three neighbouring
/// towns) and its staff: T town's 58 trainees of the case study plus a smaller roster for each
/// neighbour. Names are built deterministically from surname and given-name lists.
/// </summary>
internal static class DemoStaff
{
    public const string RegionName = "regions/shandong";
    public const string CountyName = "regions/shandong/counties/zouping";

    public static readonly OrgUnitSpec Region = new(
        "山东省 / Shandong Province",
        "省级区域：约1800个乡镇（街道）便民服务中心。Province: about 1,800 town-level public service centres.",
        string.Empty,
        string.Empty);

    public static readonly OrgUnitSpec County = new(
        "邹平市 / Zouping",
        "滨州市代管县级市，县级业务部门骨干担任授课导师。County-level city under Binzhou; county department experts teach and mentor.",
        string.Empty,
        string.Empty);

    public static readonly IReadOnlyList<DemoCenter> Centers =
    [
        new(
            "t-town",
            new OrgUnitSpec(
                "T镇便民服务中心 / T town public service centre",
                "社会保障（2.5万余人医保养老保险，参保率100%）、退役军人服务（1400余名优抚对象联系卡）、村镇建设（旱厕改造、清洁取暖、危房改造）和12345热线。58名工作人员分批参训。"
                + " Social security for 25,000+ residents, veterans' services for 1,400+ entitled persons, village construction works and the 12345 hotline; 58 staff trained in batches.",
                "山东省滨州市邹平市T镇人民政府便民服务大厅 / Public service hall, T town government, Zouping, Shandong",
                "0543-4601000"),
            "ZP-TT",
            "tt",
            "0543-4601",
            [
                (Post.CenterManagement, 4),
                (Post.SocialSecurity, 14),
                (Post.VeteransServices, 10),
                (Post.VillageConstruction, 12),
                (Post.Hotline12345, 8),
                (Post.GeneralServices, 10),
            ]),
        new(
            "han-dian",
            new OrgUnitSpec(
                "韩店镇便民服务中心 / Handian town public service centre",
                "邹平市韩店镇便民服务中心，社保、退役军人服务、村镇建设和综合窗口。Social security, veterans' services, village construction and a general window.",
                "山东省滨州市邹平市韩店镇人民政府便民服务大厅 / Public service hall, Handian town government, Zouping, Shandong",
                "0543-4612000"),
            "ZP-HD",
            "hd",
            "0543-4612",
            [
                (Post.CenterManagement, 1),
                (Post.SocialSecurity, 3),
                (Post.VeteransServices, 2),
                (Post.VillageConstruction, 2),
                (Post.Hotline12345, 2),
                (Post.GeneralServices, 2),
            ]),
        new(
            "chang-shan",
            new OrgUnitSpec(
                "长山镇便民服务中心 / Changshan town public service centre",
                "邹平市长山镇便民服务中心，社保、退役军人服务、村镇建设和综合窗口。Social security, veterans' services, village construction and a general window.",
                "山东省滨州市邹平市长山镇人民政府便民服务大厅 / Public service hall, Changshan town government, Zouping, Shandong",
                "0543-4623000"),
            "ZP-CS",
            "cs",
            "0543-4623",
            [
                (Post.CenterManagement, 1),
                (Post.SocialSecurity, 3),
                (Post.VeteransServices, 2),
                (Post.VillageConstruction, 2),
                (Post.Hotline12345, 1),
                (Post.GeneralServices, 1),
            ]),
        new(
            "xi-dong",
            new OrgUnitSpec(
                "西董街道便民服务中心 / Xidong sub-district public service centre",
                "邹平市西董街道便民服务中心，社保、退役军人服务、村镇建设和12345热线。Social security, veterans' services, village construction and the 12345 hotline.",
                "山东省滨州市邹平市西董街道办事处便民服务大厅 / Public service hall, Xidong sub-district office, Zouping, Shandong",
                "0543-4634000"),
            "ZP-XD",
            "xd",
            "0543-4634",
            [
                (Post.CenterManagement, 1),
                (Post.SocialSecurity, 2),
                (Post.VeteransServices, 2),
                (Post.VillageConstruction, 1),
                (Post.Hotline12345, 2),
                (Post.GeneralServices, 1),
            ]),
    ];

    /// <summary>Common surnames, Shandong's most frequent first.</summary>
    private static readonly string[] Surnames =
    [
        "王", "张", "李", "刘", "孙", "赵", "杨", "陈", "高", "徐", "马", "韩", "田", "董", "宋",
        "魏", "孟", "崔", "于", "郭", "任", "朱", "胡", "吕", "贾",
    ];

    /// <summary>Given names of one or two characters, from several generations.</summary>
    private static readonly string[] GivenNames =
    [
        "建国", "秀英", "志强", "丽娟", "海燕", "明", "静", "伟", "芳", "磊",
        "晓东", "婷婷", "雪梅", "国庆", "春花", "立新", "红霞", "永刚", "慧敏", "德胜",
        "玉兰", "文博", "佳琪", "子涵", "浩然", "欣怡", "俊杰", "思雨", "鹏飞", "晓燕",
        "庆华", "凤英", "宏伟", "丹丹", "兆军", "金凤", "继东", "梦瑶", "传军", "兴华",
    ];

    /// <summary>The total number of staff in the dataset.</summary>
    public static int StaffCount => Centers.Sum(c => c.StaffCount);

    /// <summary>
    /// The registration rows of a centre. <paramref name="firstGlobalIndex"/> is the position of the
    /// centre's first staff member across all centres, so that names stay unique across the county
    /// (surname and given name advance by strides 7 and 11 over lists of 25 and 40: no repeat within 200).
    /// </summary>
    public static IReadOnlyList<StaffRegistration> Rows(DemoCenter center, int firstGlobalIndex)
    {
        var rows = new List<StaffRegistration>(center.StaffCount);
        var number = 0;
        foreach (var (post, count) in center.Posts)
        {
            for (var k = 0; k < count; k++)
            {
                number++;
                var g = firstGlobalIndex + number - 1;
                var name = Surnames[(g * 7 + 3) % Surnames.Length] + GivenNames[(g * 11 + 5) % GivenNames.Length];
                var staffId = $"{center.StaffPrefix}-{number:D3}";
                var phone = $"{center.PhonePrefix}{number:D3}";
                var email = $"{center.EmailCode}{number:D3}@zouping-bmfw.example.cn";
                rows.Add(new StaffRegistration(staffId, new StaffSpec(name, center.Name, post, phone, email)));
            }
        }

        return rows;
    }

    /// <summary>Creates the region, the county and the centres (existing ones are left as they are).</summary>
    public static async Task LoadOrganizationAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        await DemoCalls.TolerateExisting(() => grains.GetGrain<IRegionGrain>(RegionName).Create(Region, DemoCalls.Context("demo/region/shandong")));
        await DemoCalls.TolerateExisting(() => grains.GetGrain<ICountyGrain>(CountyName).Create(County, DemoCalls.Context("demo/county/zouping")));
        foreach (var center in Centers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await DemoCalls.TolerateExisting(() => grains.GetGrain<ICenterGrain>(center.Name).Create(center.Spec, DemoCalls.Context($"demo/center/{center.Id}")));
        }
    }

    /// <summary>Registers every centre's staff in bulk, one batch per centre.</summary>
    /// <returns>Per centre, the rows refused for another reason than already being registered.</returns>
    public static async Task<IReadOnlyList<(string CenterId, StaffRegistration Row, StaffRegistrationResult Result)>> LoadStaffAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        var registrar = grains.GetGrain<IStaffRegistrarGrain>(0);
        var refused = new List<(string, StaffRegistration, StaffRegistrationResult)>();
        var globalIndex = 0;
        foreach (var center in Centers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = Rows(center, globalIndex);
            globalIndex += rows.Count;
            var results = await registrar.RegisterMany(rows, DemoCalls.Context($"demo/staff/{center.Id}"));
            foreach (var result in results)
            {
                if (result.Error is { } kind && kind != ErrorKind.AlreadyExists)
                {
                    refused.Add((center.Id, rows[result.Index], result));
                }
            }
        }

        return refused;
    }
}
