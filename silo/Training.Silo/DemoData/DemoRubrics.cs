using Training.Grains;
using static Training.Silo.DemoData.DemoFramework;

namespace Training.Silo.DemoData;

/// <summary>
/// The practical-drill rubrics of the case study's "three in one" methods: a simulated 12345 hotline call and a
/// wage-dispute mediation role-play, on a five-level scale (0 未达到 … 4 优秀), each criterion on a competency of the
/// public-service framework. Batches set them on their practical-drill stage (docs/practical-assessments.md).
/// </summary>
internal static class DemoRubrics
{
    private static readonly IReadOnlyList<string> Levels =
        ["未达到 / Not yet", "基本达到 / Basic", "合格 / Competent", "良好 / Good", "优秀 / Excellent"];

    public static readonly IReadOnlyList<(string Id, RubricSpec Spec)> Rubrics =
    [
        ("hotline-call-simulation", new RubricSpec(
            "模拟12345热线来电 / Simulated 12345 hotline call",
            "考官扮演来电群众（如反映施工扬尘），学员受理、转办并回访。The examiner plays a resident calling about construction dust; the trainee takes, routes and follows up the complaint.",
            Name,
            Levels,
            [
                new RubricCriterion("intake", "诉求受理 / Taking the complaint", HotlineComplaints, 3,
                [
                    "未记录关键信息 / Key facts not recorded",
                    "记录不全 / Facts incomplete",
                    "记录完整 / Facts complete",
                    "记录完整并准确分类 / Complete and correctly classified",
                    "完整、分类准确并当场答复可答事项 / Complete, classified, answers what can be answered at once",
                ]),
                new RubricCriterion("listening", "倾听与沟通 / Listening and communication", ResidentCommunication, 2,
                [
                    "打断、语气生硬 / Interrupts, curt tone",
                    "偶有打断 / Sometimes interrupts",
                    "耐心倾听 / Listens patiently",
                    "复述确认诉求 / Restates to confirm",
                    "共情并安抚情绪 / Empathises and calms the caller",
                ]),
                new RubricCriterion("policy", "政策解释 / Explaining the rules", ProfessionalConduct, 1,
                [
                    "解释错误 / Wrong explanation",
                    "解释含糊 / Vague",
                    "解释正确 / Correct",
                    "正确并说明办理时限 / Correct, with the deadlines",
                    "正确、清楚并告知后续渠道 / Correct, clear, with the next steps",
                ]),
            ],
            75)),
        ("wage-dispute-mediation", new RubricSpec(
            "欠薪纠纷调解角色扮演 / Wage-dispute mediation role-play",
            "考官与助手分别扮演农民工和包工头，学员组织调解。The examiner and an assistant play a migrant worker and a subcontractor; the trainee mediates.",
            Name,
            Levels,
            [
                new RubricCriterion("facts", "查明事实 / Establishing the facts", WageRecovery, 3,
                [
                    "未核实欠薪事实 / Facts not checked",
                    "核实部分事实 / Some facts checked",
                    "核实欠薪金额与用工关系 / Amount and employment checked",
                    "证据链完整 / Full chain of evidence",
                    "证据完整并明确责任主体 / Evidence complete, liable party identified",
                ]),
                new RubricCriterion("mediation", "调解组织 / Running the mediation", DisputeMediation, 3,
                [
                    "双方冲突升级 / Conflict escalates",
                    "勉强维持秩序 / Barely keeps order",
                    "引导双方表达诉求 / Lets both sides state their case",
                    "提出可行方案 / Proposes a workable settlement",
                    "促成书面协议并明确履行期限 / Written agreement with deadlines",
                ]),
                new RubricCriterion("special-care", "关注特殊群体 / Care for vulnerable parties", SpecialGroups, 1,
                [
                    "忽视困难情况 / Ignores hardship",
                    "有所关注 / Some attention",
                    "告知救助渠道 / Points to assistance",
                    "主动对接救助 / Arranges assistance",
                    "跟踪落实 / Follows it through",
                ]),
            ],
            70)),
    ];

    public static async Task LoadAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        foreach (var (id, spec) in Rubrics)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await DemoCalls.TolerateExisting(() => grains.GetGrain<IRubricGrain>($"rubrics/{id}").Create(spec, DemoCalls.Context($"demo/rubric/{id}")));
        }
    }
}
