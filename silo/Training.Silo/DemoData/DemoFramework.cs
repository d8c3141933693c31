using Training.Grains;

namespace Training.Silo.DemoData;

/// <summary>
/// The competency framework of the demonstration: the case study's four modules (政策法规知识、业务操作技能、
/// 服务意识、应急处理能力) with their sub-competencies, on a five-level scale, published as version 1.
/// </summary>
internal static class DemoFramework
{
    public const string Name = "frameworks/public-service";

    // Module ids.
    public const string Policy = "policy-and-regulations";
    public const string Operations = "business-operations";
    public const string Service = "service-awareness";
    public const string Emergency = "emergency-handling";

    // Policy and regulations.
    public const string MedicalInsurance = "medical-insurance-policy";
    public const string PensionInsurance = "pension-insurance-policy";
    public const string MinimumLivingAllowance = "minimum-living-allowance";
    public const string VeteransPolicy = "veterans-preferential-policy";

    // Business operations.
    public const string LivelihoodProjects = "livelihood-project-management";
    public const string FundDisbursement = "fund-disbursement";
    public const string InformationSystems = "information-system-operation";
    public const string DryToiletRenovation = "dry-toilet-renovation";
    public const string CleanHeating = "clean-heating";

    // Service awareness.
    public const string ProfessionalConduct = "professional-conduct";
    public const string ResidentCommunication = "resident-communication";
    public const string SpecialGroups = "special-group-service";
    public const string HotlineComplaints = "hotline-complaint-handling";

    // Emergency handling.
    public const string IncidentResponse = "incident-response";
    public const string DisputeMediation = "dispute-mediation";
    public const string WageRecovery = "migrant-wage-recovery";

    public static readonly FrameworkSpec Spec = new(
        "便民服务能力框架 / Public service competency framework",
        "乡镇便民服务中心工作人员“政策通、业务精、服务优”能力框架：政策法规知识、业务操作技能、服务意识、应急处理能力四大模块。"
        + " The competencies of town-level public service centre staff (policy-savvy, business-proficient, service-excellent), in the four modules of the T town training programme.",
        [
            new LevelDefinition(1, "了解 / Aware", "知道政策和办事流程的基本内容，能指引群众到正确窗口。Knows the basics of the policy or procedure and can direct residents to the right desk."),
            new LevelDefinition(2, "熟悉 / Familiar", "在带教导师指导下能办理常规事项。Handles routine cases under a mentor's guidance."),
            new LevelDefinition(3, "掌握 / Proficient", "能独立、规范地办理常规事项，群众满意。Handles routine cases independently, by the book, to residents' satisfaction."),
            new LevelDefinition(4, "精通 / Advanced", "能处理复杂、疑难事项，并指导同事。Handles complex and difficult cases and coaches colleagues."),
            new LevelDefinition(5, "专家 / Expert", "能授课带教、总结工作法并参与完善制度。Teaches and mentors, turns practice into methods and helps improve the rules."),
        ]);

    /// <summary>Modules first, each followed by its sub-competencies (the order they are added in).</summary>
    public static readonly IReadOnlyList<CompetencySpec> Competencies =
    [
        Module(Policy, "政策法规知识 / Policy and regulations", "准确掌握并解读不断更新的惠民政策。Knowing and explaining the ever-changing welfare policies.", Dimension.PolicySavvy),
        Sub(MedicalInsurance, Policy, "医疗保险政策 / Medical insurance policy", "城乡居民基本医疗保险的参保、缴费、待遇和异地就医备案政策（辖区2.5万余人参保率100%）。Enrolment, contributions, benefits and out-of-area treatment under residents' basic medical insurance (25,000+ residents, 100% enrolled).", Dimension.PolicySavvy),
        Sub(PensionInsurance, Policy, "养老保险政策 / Pension insurance policy", "城乡居民基本养老保险的缴费档次、待遇领取资格认证和关系转移。Contribution grades, eligibility checks for benefits and transfers under residents' basic pension insurance.", Dimension.PolicySavvy),
        Sub(MinimumLivingAllowance, Policy, "低保政策 / Minimum-living allowance (低保)", "最低生活保障的申请条件、家庭经济状况核查、公示和动态管理。Eligibility, means testing, public notice and regular review of the minimum-living allowance.", Dimension.PolicySavvy),
        Sub(VeteransPolicy, Policy, "退役军人优抚政策 / Veterans' preferential treatment", "优抚对象认定、抚恤补助标准和发放，新退役军人就业扶持政策。Who is entitled, subsidy rates and payment, employment support for newly discharged veterans.", Dimension.PolicySavvy),

        Module(Operations, "业务操作技能 / Business operations", "规范办理民生工程、资金发放和信息系统等实务。Running livelihood projects, fund disbursement and information systems by the book.", Dimension.BusinessProficient),
        Sub(LivelihoodProjects, Operations, "民生工程管理 / Livelihood project management", "旱厕改造、清洁取暖、危房改造等民生工程的摸底、公示、工程监督和群众协调。Surveys, public notice, works supervision and resident coordination for livelihood projects.", Dimension.BusinessProficient),
        Sub(FundDisbursement, Operations, "资金发放 / Fund disbursement", "优抚补助、改造补助等资金的审核、拨付、台账和公开。Checking, paying out, recording and publishing subsidies and renovation grants.", Dimension.BusinessProficient),
        Sub(InformationSystems, Operations, "信息系统操作 / Information-system operation", "社保、民政、退役军人和工单系统的录入、查询和办结操作。Entering, querying and closing cases in the social-insurance, civil-affairs, veterans' and ticket systems.", Dimension.BusinessProficient),
        Sub(DryToiletRenovation, Operations, "旱厕改造流程 / Dry-toilet renovation procedure", "农户申请、摸底公示、施工、验收到补助拨付的改厕全流程及后期管护。The toilet-renovation procedure step by step, from application to acceptance, grant payment and upkeep.", Dimension.BusinessProficient),
        Sub(CleanHeating, Operations, "清洁取暖流程 / Clean-heating procedure", "“气代煤”“电代煤”改造的入户摸底、补贴申请、安全检查和运维协调。Surveys, subsidy applications, safety checks and maintenance for gas- and electricity-for-coal conversions.", Dimension.BusinessProficient),

        Module(Service, "服务意识 / Service awareness", "职业素养、沟通技巧和面向不同群体的人性化服务。Professional conduct, communication and a humane service for every group of residents.", Dimension.ServiceExcellent),
        Sub(ProfessionalConduct, Service, "职业素养 / Professional conduct", "窗口礼仪、首问负责、一次性告知和廉洁办事。Desk manners, first-contact responsibility, telling residents everything at once, integrity.", Dimension.ServiceExcellent),
        Sub(ResidentCommunication, Service, "群众沟通 / Communication with residents", "倾听、共情、政策的通俗解读和情绪激动群众的沟通。Listening, empathy, explaining policy in plain words, talking with upset residents.", Dimension.ServiceExcellent),
        Sub(SpecialGroups, Service, "特殊群体服务 / Serving special groups", "为退役军人、低保户、老年人和残疾人提供上门、代办和一对一跟踪服务。Home visits, errands on their behalf and one-to-one follow-up for veterans, low-income households, the elderly and the disabled.", Dimension.ServiceExcellent),
        Sub(HotlineComplaints, Service, "12345热线投诉处理 / 12345 hotline complaint handling", "接听记录诉求要点、转办协调、限时办结和回访，目标群众满意率100%。Recording the demand, referring and coordinating, closing in time and calling back; target 100% satisfaction.", Dimension.ServiceExcellent),

        Module(Emergency, "应急处理能力 / Emergency handling", "突发事件应对和矛盾纠纷调处的实战能力。Handling incidents and mediating disputes in practice.", Dimension.BusinessProficient),
        Sub(IncidentResponse, Emergency, "突发事件应对 / Incident response", "突发事件的信息报告、先期处置、群众疏导和部门联动。Reporting, first response, guiding residents and working with the departments concerned.", Dimension.BusinessProficient),
        Sub(DisputeMediation, Emergency, "矛盾纠纷调处 / Dispute mediation", "邻里、土地和工程纠纷的排查、调解和协议履行跟踪。Finding, mediating and following up neighbourhood, land and works disputes.", Dimension.BusinessProficient),
        Sub(WageRecovery, Emergency, "农民工工资追讨 / Migrant-worker wage recovery", "欠薪诉求登记、证据收集、转交劳动保障监察和联合处置。Registering unpaid-wage claims, gathering evidence, referral to labour inspection and joint handling.", Dimension.BusinessProficient),
    ];

    /// <summary>Creates the framework, adds every competency and publishes version 1 (once).</summary>
    /// <returns>The published view.</returns>
    public static async Task<FrameworkView> LoadAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        var framework = grains.GetGrain<ICompetencyFrameworkGrain>(Name);
        await DemoCalls.TolerateExisting(() => framework.Create(Spec, DemoCalls.Context("demo/framework/public-service")));
        foreach (var competency in Competencies)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await DemoCalls.TolerateExisting(() => framework.AddCompetency(competency, DemoCalls.Context($"demo/framework/public-service/competency/{competency.Id}")));
        }

        var draft = await framework.Get(0);
        if (draft.LatestPublishedVersion == 0)
        {
            try
            {
                return await framework.Publish(DemoCalls.Context("demo/framework/public-service/publish/1"));
            }
            catch (TrainingException e) when (e.Kind == ErrorKind.FailedPrecondition)
            {
                // Published meanwhile with nothing new: fine.
            }
        }

        return await framework.Get((await framework.Get(0)).LatestPublishedVersion);
    }

    private static CompetencySpec Module(string id, string displayName, string description, Dimension dimension) =>
        new(id, string.Empty, displayName, description, dimension);

    private static CompetencySpec Sub(string id, string parentId, string displayName, string description, Dimension dimension) =>
        new(id, parentId, displayName, description, dimension);
}
