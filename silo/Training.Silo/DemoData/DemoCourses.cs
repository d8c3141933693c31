using Training.Grains;
using static Training.Silo.DemoData.DemoFramework;

namespace Training.Silo.DemoData;

/// <summary>
/// The demonstration courses: one per training need of the case study, each run as theory →
/// practical drill → on-the-job practice with an assessment at the end of every stage.
/// </summary>
internal static class DemoCourses
{
    /// <summary>Course id → spec.</summary>
    public static readonly IReadOnlyList<(string Id, CourseSpec Spec)> Courses =
    [
        ("hotline-12345-complaints", new CourseSpec(
            "12345热线投诉处理 / 12345 hotline complaint handling",
            "以“李某反映村内道路施工扬尘”等真实工单为案例，训练记录诉求要点、转办协调、24小时内办结和回访的工作法，目标群众满意率100%。"
            + " Built on real tickets such as the road-works dust complaint: record the demand, refer and coordinate, close within 24 hours, call back; target 100% satisfaction.",
            Name,
            [Post.Hotline12345, Post.GeneralServices, Post.CenterManagement],
            DeliveryMode.Blended,
            [
                new CourseStage(
                    StageKind.Theory,
                    "理论学习：热线工单流程与投诉处理工作法 / Theory: ticket workflow and complaint-handling method",
                    [HotlineComplaints, ResidentCommunication, ProfessionalConduct],
                    8,
                    "随堂测试：20题，80分合格 / In-class quick test: 20 items, pass mark 80"),
                new CourseStage(
                    StageKind.PracticalDrill,
                    "实战演练：模拟12345来电 / Drill: simulated 12345 calls",
                    [HotlineComplaints, ResidentCommunication, IncidentResponse],
                    12,
                    "模拟来电（施工扬尘、噪音扰民等），按评分细则打分：诉求记录、情绪安抚、转办时限、回访话术，80分合格 / Simulated call graded on a rubric: recording, calming, referral time, call-back; pass mark 80"),
                new CourseStage(
                    StageKind.OnTheJob,
                    "跟岗实践：热线坐席带教 / On the job: hotline desk with a mentor",
                    [HotlineComplaints, InformationSystems],
                    40,
                    "导师跟岗两周后签字确认；所办工单回访满意率不低于95% / Mentor sign-off after two weeks at the desk; call-back satisfaction of handled tickets at least 95%"),
            ])),
        ("veterans-services", new CourseSpec(
            "退役军人服务与优抚政策 / Veterans' services and preferential policy",
            "优抚对象联系卡制度（1400余名优抚对象）、抚恤补助发放和新退役军人就业帮扶（14名新退伍军人全部就业）的政策与方法。"
            + " The contact-card system for 1,400+ entitled persons, subsidy payment and employment support for newly discharged veterans (14 of 14 employed).",
            Name,
            [Post.VeteransServices, Post.GeneralServices],
            DeliveryMode.Offline,
            [
                new CourseStage(
                    StageKind.Theory,
                    "理论学习：优抚政策解读 / Theory: preferential-treatment policy",
                    [VeteransPolicy, SpecialGroups],
                    10,
                    "随堂测试：优抚对象认定与补助标准，80分合格 / In-class quick test on entitlement and subsidy rates; pass mark 80"),
                new CourseStage(
                    StageKind.PracticalDrill,
                    "案例教学与演练：就业帮扶个案 / Case teaching and drill: an employment-support case",
                    [SpecialGroups, ResidentCommunication, VeteransPolicy],
                    8,
                    "角色扮演：为新退役军人建立个性化档案并对接岗位，按评分细则打分 / Role-play: build a veteran's personal file and match jobs, graded on a rubric"),
                new CourseStage(
                    StageKind.OnTheJob,
                    "跟岗实践：联系卡走访与补助发放 / On the job: contact-card visits and subsidy payment",
                    [FundDisbursement, SpecialGroups, InformationSystems],
                    32,
                    "导师签字确认：完成5户联系卡走访，补助发放台账核对无误 / Mentor sign-off: five contact-card visits done, subsidy ledger checked without error"),
            ])),
        ("social-insurance-update", new CourseSpec(
            "医保养老保险政策更新 / Medical and pension insurance policy update",
            "年度城乡居民医疗保险、养老保险政策变化，参保缴费、待遇认证和异地就医备案的窗口办理。"
            + " This year's changes to residents' medical and pension insurance and how the desk handles enrolment, contributions, eligibility checks and out-of-area filing.",
            Name,
            [Post.SocialSecurity, Post.GeneralServices],
            DeliveryMode.Online,
            [
                new CourseStage(
                    StageKind.Theory,
                    "线上学习：年度政策要点 / Online: this year's policy points",
                    [MedicalInsurance, PensionInsurance],
                    6,
                    "线上随堂测试，80分合格 / Online quick test; pass mark 80"),
                new CourseStage(
                    StageKind.PracticalDrill,
                    "实操演练：社保系统业务办理 / Drill: the social-insurance system",
                    [InformationSystems, MedicalInsurance, PensionInsurance],
                    6,
                    "在培训环境办理参保登记、缴费查询和待遇认证各一笔，按操作清单考核 / One enrolment, one contribution query and one eligibility check in the training system, checked against a list"),
                new CourseStage(
                    StageKind.OnTheJob,
                    "跟岗实践：社保窗口 / On the job: social-insurance desk",
                    [MedicalInsurance, PensionInsurance, ResidentCommunication],
                    24,
                    "导师签字确认：独立办理窗口业务一周，无差错、无投诉 / Mentor sign-off: one week at the desk alone, no errors, no complaints"),
            ])),
        ("village-construction-projects", new CourseSpec(
            "村镇建设民生工程：旱厕改造与清洁取暖 / Village construction projects: dry toilets and clean heating",
            "旱厕改造、清洁取暖、危房改造等民生工程的实施流程、资金管理、工程监督和群众协调。"
            + " Procedures, fund management, works supervision and resident coordination for dry-toilet renovation, clean heating and dilapidated-house renovation.",
            Name,
            [Post.VillageConstruction, Post.CenterManagement],
            DeliveryMode.Blended,
            [
                new CourseStage(
                    StageKind.Theory,
                    "理论学习：民生工程政策与流程 / Theory: project policy and procedures",
                    [LivelihoodProjects, DryToiletRenovation, CleanHeating],
                    8,
                    "随堂测试：改厕与清洁取暖流程，80分合格 / In-class quick test on the two procedures; pass mark 80"),
                new CourseStage(
                    StageKind.PracticalDrill,
                    "实操演练：一户改造档案全流程 / Drill: one household's renovation file end to end",
                    [DryToiletRenovation, CleanHeating, FundDisbursement, InformationSystems],
                    10,
                    "从申请、公示、验收到补助拨付走完一户档案，按检查清单打分 / Walk one household's file from application, notice and acceptance to grant payment, graded on a checklist"),
                new CourseStage(
                    StageKind.OnTheJob,
                    "跟岗实践：工程现场监督 / On the job: site supervision",
                    [LivelihoodProjects, FundDisbursement, ResidentCommunication],
                    40,
                    "导师签字确认：参与一个村的现场监督与验收，台账完整 / Mentor sign-off: supervised and accepted one village's works with a complete ledger"),
            ])),
        ("dispute-mediation-wages", new CourseSpec(
            "矛盾纠纷调处与农民工工资追讨 / Dispute mediation and migrant-worker wage recovery",
            "以农民工工资追讨等典型案例拆解调解方法、证据收集和部门联动，提升应急处理能力。"
            + " Mediation methods, evidence and joint handling with the departments, taught through typical cases such as recovering migrant workers' wages.",
            Name,
            [Post.GeneralServices, Post.Hotline12345, Post.VillageConstruction, Post.CenterManagement],
            DeliveryMode.Offline,
            [
                new CourseStage(
                    StageKind.Theory,
                    "案例教学：欠薪追讨与纠纷调处 / Case teaching: wage recovery and mediation",
                    [DisputeMediation, WageRecovery],
                    8,
                    "随堂测试：调解原则与欠薪处置流程，80分合格 / In-class quick test on mediation principles and the unpaid-wage procedure; pass mark 80"),
                new CourseStage(
                    StageKind.PracticalDrill,
                    "实战演练：调解角色扮演 / Drill: mediation role-play",
                    [DisputeMediation, WageRecovery, ResidentCommunication, IncidentResponse],
                    12,
                    "调解角色扮演（欠薪、邻里纠纷），由县级专家按评分细则打分，80分合格 / Mediation role-play (unpaid wages, neighbours) graded by a county expert on a rubric; pass mark 80"),
                new CourseStage(
                    StageKind.OnTheJob,
                    "跟岗实践：参与真实调解 / On the job: real mediations",
                    [DisputeMediation, WageRecovery, IncidentResponse],
                    30,
                    "导师签字确认：参与两起纠纷调处并跟踪协议履行 / Mentor sign-off: took part in two mediations and followed the agreements through"),
            ])),
        ("minimum-allowance-special-groups", new CourseSpec(
            "低保政策与特殊群体服务 / Minimum-living allowance and serving special groups",
            "低保申请、核查、公示和动态管理，以及面向低保户、老年人、残疾人的上门和代办服务。"
            + " Applying for, checking, publishing and reviewing the minimum-living allowance, and home visits and errands for low-income, elderly and disabled residents.",
            Name,
            [Post.GeneralServices, Post.SocialSecurity],
            DeliveryMode.Blended,
            [
                new CourseStage(
                    StageKind.Theory,
                    "理论学习：低保政策 / Theory: the minimum-living allowance",
                    [MinimumLivingAllowance, ProfessionalConduct],
                    6,
                    "随堂测试，80分合格 / In-class quick test; pass mark 80"),
                new CourseStage(
                    StageKind.PracticalDrill,
                    "实战演练：入户核查与政策解读 / Drill: home means check and explaining the policy",
                    [MinimumLivingAllowance, SpecialGroups, ResidentCommunication],
                    6,
                    "模拟入户核查和不予认定的告知谈话，按评分细则打分 / Simulated home check and refusal conversation, graded on a rubric"),
                new CourseStage(
                    StageKind.OnTheJob,
                    "跟岗实践：低保动态管理 / On the job: regular review",
                    [MinimumLivingAllowance, SpecialGroups, InformationSystems],
                    24,
                    "导师签字确认：完成一个村的低保年度复核 / Mentor sign-off: one village's annual review completed"),
            ])),
    ];

    /// <summary>Creates every course (existing ones are left as they are).</summary>
    /// <returns>How many courses the dataset holds.</returns>
    public static async Task<int> LoadAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        foreach (var (id, spec) in Courses)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var course = grains.GetGrain<ICourseGrain>($"courses/{id}");
            await DemoCalls.TolerateExisting(() => course.Create(spec, DemoCalls.Context($"demo/course/{id}")));
        }

        return Courses.Count;
    }
}
