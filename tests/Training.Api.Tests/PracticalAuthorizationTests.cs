using System.Security.Claims;
using Training.Api.Security;

namespace Training.Api.Tests;

/// <summary>The policy rows of practical assessments: only an examiner named by the batch grades; managers, examiners and the trainee read.</summary>
public class PracticalAuthorizationTests
{
    private const string Grade = "/training.v1.PracticalAssessmentService/GradePracticalAssessment";
    private const string List = "/training.v1.PracticalAssessmentService/ListPracticalGrades";
    private const string TTown = "regions/sd/counties/zouping/centers/t-town";
    private const string Batch = TTown + "/batches/hotline-2026-1";

    private static Caller CallerWith(params (string Type, string Value)[] claims) =>
        Caller.From(new ClaimsPrincipal(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "test", TrainingClaims.Subject, TrainingClaims.Role)));

    private static Caller Mentor(string mentor) =>
        CallerWith((TrainingClaims.Role, Roles.Mentor), (TrainingClaims.Center, TTown), (TrainingClaims.Staff, "staff/ZP-TT-001"), (TrainingClaims.Mentor, mentor));

    private static Target Trainee(string staff, params string[] examiners) => Target.TraineeInBatch(Batch, staff) with { Examiners = examiners };

    private static bool Allowed(string rpc, Caller caller, Target target) => AuthorizationPolicyTable.Find(rpc)!.AllowingRole(caller, target) is not null;

    [Theory]
    [InlineData("mentors/zhang", true)]
    [InlineData("mentors/li", false)]
    public void Only_a_mentor_the_batch_names_as_examiner_grades_in_it(string mentor, bool allowed) =>
        Assert.Equal(allowed, Allowed(Grade, Mentor(mentor), Trainee("staff/ZP-TT-002", "mentors/zhang", "mentors/wang")));

    [Fact]
    public void A_mentor_without_a_mentor_claim_a_manager_or_the_trainee_does_not_grade()
    {
        var target = Trainee("staff/ZP-TT-002", "mentors/zhang");
        Assert.False(Allowed(Grade, CallerWith((TrainingClaims.Role, Roles.Mentor), (TrainingClaims.Center, TTown)), target));
        Assert.False(Allowed(Grade, CallerWith((TrainingClaims.Role, Roles.CenterManager), (TrainingClaims.Center, TTown)), target));
        Assert.False(Allowed(Grade, CallerWith((TrainingClaims.Role, Roles.Trainee), (TrainingClaims.Center, TTown), (TrainingClaims.Staff, "staff/ZP-TT-002"), (TrainingClaims.Mentor, "mentors/zhang")), target));
    }

    [Fact]
    public void Practical_results_are_read_by_the_batchs_managers_and_examiners_and_by_the_trainee_only_for_themself()
    {
        var trainee = CallerWith((TrainingClaims.Role, Roles.Trainee), (TrainingClaims.Center, TTown), (TrainingClaims.Staff, "staff/ZP-TT-002"));
        Assert.True(Allowed(List, trainee, Trainee("staff/ZP-TT-002")));
        Assert.False(Allowed(List, trainee, Trainee("staff/ZP-TT-003")));
        Assert.False(Allowed(List, trainee, Target.TraineeInBatch(Batch, string.Empty)));
        Assert.True(Allowed(List, Mentor("mentors/zhang"), Trainee(string.Empty, "mentors/zhang")));
        Assert.False(Allowed(List, Mentor("mentors/li"), Trainee(string.Empty, "mentors/zhang")));
        Assert.True(Allowed(List, CallerWith((TrainingClaims.Role, Roles.CenterManager), (TrainingClaims.Center, TTown)), Trainee(string.Empty)));
        Assert.False(Allowed(List, CallerWith((TrainingClaims.Role, Roles.CenterManager), (TrainingClaims.Center, "regions/sd/counties/zouping/centers/han-dian")), Trainee(string.Empty)));
    }
}
