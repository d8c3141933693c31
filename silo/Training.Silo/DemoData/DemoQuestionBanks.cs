using Training.Grains;
using static Training.Silo.DemoData.DemoFramework;

namespace Training.Silo.DemoData;

/// <summary>One demonstration bank: its id, the competency it tests and its items (ids q01, q02 …).</summary>
internal sealed record DemoBank(string Id, string DisplayName, string CompetencyId, IReadOnlyList<QuestionItemSpec> Items);

/// <summary>Quick-test banks for the sub-competencies the courses train; short stems, Chinese with the English meaning.</summary>
internal static class DemoQuestionBanks
{
    public static readonly IReadOnlyList<DemoBank> Banks =
    [
        new(MedicalInsurance, "医疗保险政策题库 / Medical insurance policy", MedicalInsurance,
        [
            Single(
                "城乡居民基本医疗保险按什么周期缴费？(How often are residents' medical insurance contributions paid?)",
                ["按月 / Monthly", "按季度 / Quarterly", "按年度 / Yearly", "一次性缴清 / Once for life"],
                2,
                "城乡居民医保按年度缴费，在集中缴费期内缴纳下一年度费用。Residents pay yearly, in the collection period before the year.",
                1),
            Multiple(
                "以下哪些人员可以参加城乡居民医保？(Who may enrol in residents' medical insurance?)",
                ["未参加职工医保的农村居民 / Rural residents without employee insurance", "在校中小学生 / School pupils", "已参加职工医保的在职职工 / Employees already in employee insurance", "新生儿 / Newborns"],
                [0, 1, 3],
                "职工医保和居民医保不能重复参保。One cannot be insured twice, in the employee and the residents' scheme.",
                2),
            TrueFalse(
                "低保对象参加居民医保，个人缴费部分可按规定获得资助。(Allowance recipients get their own share subsidised as prescribed.)",
                true,
                "医疗救助对低保对象等困难群众参保给予资助。Medical assistance subsidises the enrolment of low-income residents.",
                2),
            TrueFalse(
                "同一人可同时参加职工医保和居民医保并重复报销。(One may join both schemes and be reimbursed twice.)",
                false,
                "不得重复参保、重复享受待遇。Double enrolment and double benefits are not allowed.",
                1),
            Single(
                "群众长期在外地居住就医，应先办理什么？(A resident living elsewhere long-term should first …)",
                ["异地就医备案 / File for out-of-area treatment", "退保 / Cancel the insurance", "重新参保 / Enrol again there", "无需办理 / Nothing"],
                0,
                "备案后可在就医地定点医疗机构直接结算，可通过线上渠道办理。After filing, bills settle directly at designated hospitals there; filing can be done online.",
                2),
        ]),
        new(MinimumLivingAllowance, "低保政策题库 / Minimum-living allowance", MinimumLivingAllowance,
        [
            Single(
                "低保申请一般向哪里提出？(Where is a 低保 application lodged?)",
                ["户籍所在地乡镇政府（街道办） / The town government of household registration", "市民政局 / The city civil-affairs bureau", "任意银行网点 / Any bank branch", "县人社局 / The county HR and social-security bureau"],
                0,
                "申请人向户籍所在地乡镇政府（街道办事处）提出，也可委托村（居）委会代为提出。Apply to the town government where registered, or through the village committee.",
                1),
            TrueFalse(
                "低保审核确认结果需在村（居）公示。(The result of the review is publicly posted in the village.)",
                true,
                "公示接受群众监督。Public notice lets residents check it.",
                1),
            Multiple(
                "家庭经济状况核查包括哪些内容？(What does the means test cover?)",
                ["家庭收入 / Household income", "家庭财产 / Household assets", "政治面貌 / Political affiliation", "共同生活的家庭成员 / Members living together"],
                [0, 1, 3],
                "核查收入、财产和共同生活家庭成员情况。Income, assets and the members of the household.",
                2),
            TrueFalse(
                "低保家庭收入变化后无需报告，年审时再说。(A change of income need not be reported until the annual review.)",
                false,
                "应及时报告，实行动态管理。Changes must be reported promptly; the allowance is reviewed continuously.",
                2),
            Single(
                "对低保家庭定期复核的目的是？(Why are recipients reviewed regularly?)",
                ["应保尽保、应退尽退 / Cover all who qualify, end it for those who no longer do", "减少保障人数 / Cut the numbers", "增加工作量 / Make work", "方便统计 / Ease statistics"],
                0,
                "动态管理保证公平。Regular review keeps the allowance fair.",
                2),
        ]),
        new(VeteransPolicy, "退役军人优抚题库 / Veterans' preferential treatment", VeteransPolicy,
        [
            Multiple(
                "以下哪些属于优抚对象？(Who is entitled to preferential treatment?)",
                ["烈士遗属 / Families of martyrs", "因公牺牲军人遗属 / Families of service members who died on duty", "残疾军人 / Disabled veterans", "所有退休公务员 / All retired civil servants"],
                [0, 1, 2],
                "优抚对象包括烈属、因公牺牲和病故军人遗属、残疾军人等。Martyrs' and fallen service members' families, disabled veterans and others named by the rules.",
                2),
            TrueFalse(
                "抚恤补助应按时足额发放，不得挤占挪用。(Subsidies are paid on time and in full, never diverted.)",
                true,
                "专款专用，台账清楚。Ring-fenced funds with a clear ledger.",
                1),
            Single(
                "T镇优抚对象联系卡制度覆盖约多少人？(About how many entitled persons does T town's contact-card system cover?)",
                ["400余名 / 400+", "1400余名 / 1,400+", "4000余名 / 4,000+", "1.4万余名 / 14,000+"],
                1,
                "联系卡覆盖1400余名优抚对象。The contact cards cover 1,400+ entitled persons.",
                1),
            Single(
                "新退役军人来中心求职，第一步应？(A newly discharged veteran asks for a job. First …)",
                ["建立个人档案，了解技能特长和就业意向 / Open a file: skills and wishes", "随便推荐一家企业 / Refer to any company", "让其自行找工作 / Tell them to look alone", "只发放补助 / Only pay the subsidy"],
                0,
                "个性化档案是精准对接岗位的基础。A personal file is the basis of a good job match.",
                2),
            TrueFalse(
                "就业帮扶可实行“一对一”跟踪服务直至就业。(Employment support may follow each veteran one-to-one until employed.)",
                true,
                "T镇14名新退伍军人经跟踪服务全部就业，其中3人自主创业。All 14 in T town found work this way, 3 self-employed.",
                1),
        ]),
        new(DryToiletRenovation, "旱厕改造流程题库 / Dry-toilet renovation procedure", DryToiletRenovation,
        [
            Single(
                "农村户厕改造的正确流程是？(The right order of a toilet renovation?)",
                ["申请→摸底公示→施工→验收→拨付补助 / Apply → survey and notice → build → accept → pay", "拨付→施工→申请 / Pay → build → apply", "施工→申请→公示 / Build → apply → notice", "验收→申请→施工 / Accept → apply → build"],
                0,
                "补助在验收合格后拨付。The grant is paid after acceptance.",
                2),
            TrueFalse(
                "改厕补助资金应在验收合格后按程序拨付。(The grant is paid by procedure after the works pass acceptance.)",
                true,
                "先验收后拨付，资金全程留痕。Accept first, then pay, with a full record.",
                1),
            Multiple(
                "改厕验收应重点查看哪些方面？(What does the acceptance check look at?)",
                ["化粪池是否防渗漏 / The septic tank does not leak", "厕具安装到位、能正常使用 / Fixtures installed and working", "农户是否认可 / The household accepts it", "施工队的广告牌 / The builder's signboard"],
                [0, 1, 2],
                "质量、使用和农户满意都要看。Quality, use and the household's approval.",
                2),
            TrueFalse(
                "改厕应尊重农户意愿，不得强迫。(Renovation respects the household's wishes and is never forced.)",
                true,
                "群众自愿是民生工程的前提。Willing participation comes first.",
                1),
            Single(
                "改厕后粪污清掏较好的做法是？(After renovation, emptying is best handled by …)",
                ["建立管护机制，定期清掏、资源化利用 / A maintenance scheme with regular emptying and reuse", "农户随意倾倒 / Households dump it anywhere", "不需要管护 / No upkeep", "填埋化粪池 / Filling in the tank"],
                0,
                "建管并重，防止“厕所建好没人管”。Building and upkeep go together.",
                3),
        ]),
        new(CleanHeating, "清洁取暖流程题库 / Clean-heating procedure", CleanHeating,
        [
            Single(
                "农村清洁取暖改造的主要方式是“气代煤”和？(Besides gas-for-coal, the main conversion is …)",
                ["电代煤 / Electricity-for-coal", "柴代煤 / Firewood-for-coal", "煤代气 / Coal-for-gas", "散煤直燃 / Burning loose coal"],
                0,
                "气代煤、电代煤是主要路线。Gas and electricity replace coal.",
                1),
            Single(
                "入户发现燃气泄漏迹象，首先应？(Signs of a gas leak in a home: first …)",
                ["关阀门、开窗通风，并联系燃气公司 / Close the valve, open windows, call the gas company", "开灯查看 / Switch on the light to look", "用打火机检测 / Test with a lighter", "登记后次日处理 / Log it for tomorrow"],
                0,
                "严禁明火和开关电器。No flames, no switching electrical devices.",
                2),
            Multiple(
                "入户宣传清洁取暖应讲清哪些内容？(What does a household visit explain?)",
                ["补贴标准和申请条件 / Subsidy rates and conditions", "安全用气用电常识 / Safe use of gas and power", "设备报修渠道 / How to report faults", "其他村民的家庭收入 / Other villagers' incomes"],
                [0, 1, 2],
                "不得泄露他人信息。Never disclose others' information.",
                2),
            TrueFalse(
                "冬季取暖设备故障来电可等到次年处理。(A heating fault reported in winter can wait until next year.)",
                false,
                "冬季取暖关系群众安全，应及时转办维修。Winter heating is a safety matter; refer the repair at once.",
                1),
            TrueFalse(
                "改造户信息应录入系统并公示，接受群众监督。(Converted households are entered in the system and publicly posted.)",
                true,
                "公开透明，防止虚报冒领。Openness prevents false claims.",
                2),
        ]),
        new(HotlineComplaints, "12345热线投诉处理题库 / 12345 hotline complaint handling", HotlineComplaints,
        [
            Single(
                "接到12345投诉电话，第一步应？(A 12345 complaint comes in. First …)",
                ["耐心倾听并记录诉求要点 / Listen and record the key demands", "立即转给其他部门 / Pass it on at once", "说明不归本中心管 / Say it is not our job", "挂断后再回拨 / Hang up and call back"],
                0,
                "准确记录是快速办结的前提。Accurate notes make a quick resolution possible.",
                1),
            Single(
                "群众情绪激动时，接线员应？(The caller is very upset. The operator should …)",
                ["先安抚、表示理解，再了解事实 / Calm them, show understanding, then get the facts", "与其争辩 / Argue", "让其冷静后再打 / Ask them to call back later", "直接挂断 / Hang up"],
                0,
                "先处理情绪，再处理事情。Feelings first, then the matter.",
                2),
            Multiple(
                "工单办结回访应确认哪些内容？(What does the call-back confirm?)",
                ["诉求是否解决 / Whether the demand was met", "对结果是否满意 / Satisfaction with the outcome", "是否还有其他诉求 / Any further demand", "投诉人家庭收入 / The caller's income"],
                [0, 1, 2],
                "回访结果计入满意率。Call-back results count towards satisfaction.",
                2),
            TrueFalse(
                "村内道路施工扬尘投诉在24小时内办结并获好评。(In the case study the road-works dust complaint was closed within 24 hours, to praise.)",
                true,
                "记录要点、联系部门、协调方案、限时办结。Record, contact, coordinate, close in time.",
                1),
            TrueFalse(
                "不属于本镇职责的诉求可直接退回，无需说明。(A demand outside the town's remit may be returned without explanation.)",
                false,
                "应说明理由并告知正确渠道。Explain why and name the right channel.",
                2),
            Single(
                "T镇12345热线群众满意率的培训目标是？(T town's target for 12345 satisfaction?)",
                ["90%", "95%", "98%", "100%"],
                3,
                "培训后满意率由95%提升至100%。Satisfaction rose from 95% to 100% after training.",
                1),
        ]),
        new(DisputeMediation, "矛盾纠纷调处题库 / Dispute mediation", DisputeMediation,
        [
            Single(
                "人民调解应遵循的原则是？(A principle of people's mediation?)",
                ["当事人自愿、平等 / Voluntary and equal parties", "强制调解 / Compulsory mediation", "调解员说了算 / The mediator decides", "按标的收费 / Fees by amount"],
                0,
                "人民调解坚持自愿、平等，不违背法律政策。Voluntary, equal, within the law.",
                1),
            TrueFalse(
                "人民调解委员会调解纠纷不收取费用。(People's mediation committees charge no fee.)",
                true,
                "《人民调解法》规定调解不收费。The People's Mediation Law forbids fees.",
                1),
            TrueFalse(
                "经人民调解达成的调解协议具有法律约束力。(An agreement reached in people's mediation is legally binding.)",
                true,
                "当事人应按约履行，也可申请司法确认。The parties must keep it and may apply for judicial confirmation.",
                2),
            Multiple(
                "调解前应做哪些准备？(Preparing a mediation means …)",
                ["了解事实和各方诉求 / Learning the facts and each side's demands", "查阅相关政策法规 / Reading the rules that apply", "确定时间地点并通知当事人 / Setting time and place, notifying the parties", "提前向一方承诺结果 / Promising one side the outcome"],
                [0, 1, 2],
                "调解员应保持中立。The mediator stays neutral.",
                2),
            Single(
                "调解中双方争执激烈，调解员应？(The parties clash hard. The mediator should …)",
                ["“背对背”分别沟通，缓和情绪 / Talk to each side separately to calm things", "宣布调解失败 / Declare failure", "支持嗓门大的一方 / Side with the louder party", "一走了之 / Walk away"],
                0,
                "分开谈、找共识，再面对面。Separate talks, find common ground, then meet again.",
                3),
        ]),
        new(WageRecovery, "农民工工资追讨题库 / Migrant-worker wage recovery", WageRecovery,
        [
            Single(
                "农民工反映工程欠薪，中心首先应？(Migrant workers report unpaid wages on a project. First …)",
                ["登记诉求、收集证据并转劳动保障监察 / Register, gather evidence, refer to labour inspection", "让其自行起诉 / Tell them to sue", "让其找包工头 / Send them to the gang boss", "不予受理 / Refuse"],
                0,
                "首问负责、及时转办、跟踪结果。Own the first contact, refer at once, follow up.",
                2),
            TrueFalse(
                "工程建设领域实行农民工工资专用账户管理。(Construction projects pay migrant workers through a dedicated wage account.)",
                true,
                "《保障农民工工资支付条例》规定了工资专用账户。Required by the Regulations on Ensuring Payment of Migrant Workers' Wages.",
                2),
            TrueFalse(
                "分包单位欠薪的，由施工总承包单位先行清偿。(If a subcontractor owes wages, the general contractor pays first.)",
                true,
                "总包单位先行清偿后可依法追偿。The general contractor pays and may recover from the subcontractor.",
                3),
            Multiple(
                "哪些材料可作为欠薪证据？(What can prove unpaid wages?)",
                ["考勤记录 / Attendance records", "工资条或转账记录 / Pay slips or transfers", "工友证言 / Co-workers' statements", "网络传言 / Online rumours"],
                [0, 1, 2],
                "证据要真实、与用工相关。Evidence must be genuine and about the work.",
                2),
            Single(
                "追讨期间农民工聚集，应优先？(Workers gather during a wage dispute. First …)",
                ["疏导情绪、依法引导，并报告联动相关部门 / Calm, guide lawful channels, report and involve departments", "置之不理 / Ignore them", "承诺镇政府垫付全部工资 / Promise the town pays everything", "强行驱散 / Disperse them by force"],
                0,
                "防止事态升级，依法解决诉求。Prevent escalation; resolve the claim lawfully.",
                3),
        ]),
    ];

    /// <summary>Total items across the banks.</summary>
    public static int ItemCount => Banks.Sum(b => b.Items.Count);

    /// <summary>Creates every bank and adds its items (existing banks and items are left as they are).</summary>
    public static async Task LoadAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        foreach (var bank in Banks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var grain = grains.GetGrain<IQuestionBankGrain>($"questionBanks/{bank.Id}");
            var spec = new QuestionBankSpec(bank.DisplayName, DemoFramework.Name, bank.CompetencyId);
            await DemoCalls.TolerateExisting(() => grain.Create(spec, DemoCalls.Context($"demo/question-bank/{bank.Id}")));
            for (var i = 0; i < bank.Items.Count; i++)
            {
                var itemId = ItemId(i);
                var item = bank.Items[i];
                await DemoCalls.TolerateExisting(() => grain.AddItem(itemId, item, DemoCalls.Context($"demo/question-bank/{bank.Id}/item/{itemId}")));
            }
        }
    }

    private static string ItemId(int index) => $"q{index + 1:D2}";

    private static QuestionItemSpec Single(string stem, IReadOnlyList<string> options, int correct, string explanation, int difficulty) =>
        Shuffled(QuestionKind.SingleChoice, stem, options, [correct], explanation, difficulty);

    private static QuestionItemSpec Multiple(string stem, IReadOnlyList<string> options, IReadOnlyList<int> correct, string explanation, int difficulty) =>
        Shuffled(QuestionKind.MultipleChoice, stem, options, correct, explanation, difficulty);

    /// <summary>
    /// Options are written with the right answers mostly first for readability; they are rotated by a fixed,
    /// stem-derived amount so that the key is not always "A". Numeric scales keep their order.
    /// </summary>
    private static QuestionItemSpec Shuffled(QuestionKind kind, string stem, IReadOnlyList<string> options, IReadOnlyList<int> correct, string explanation, int difficulty)
    {
        var shift = char.IsAsciiDigit(options[0][0]) ? 0 : stem.Length % options.Count;
        var rotated = new string[options.Count];
        for (var i = 0; i < options.Count; i++)
        {
            rotated[(i + shift) % options.Count] = options[i];
        }

        var key = correct.Select(c => (c + shift) % options.Count).Order().ToArray();
        return new QuestionItemSpec(kind, stem, rotated, key, explanation, difficulty);
    }

    /// <summary>A true/false item: options are "true" and "false" as the contract names them.</summary>
    private static QuestionItemSpec TrueFalse(string stem, bool answer, string explanation, int difficulty) =>
        new(QuestionKind.TrueFalse, stem, ["true", "false"], [answer ? 0 : 1], explanation, difficulty);
}
