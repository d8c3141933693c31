using Google.Protobuf.WellKnownTypes;
using G = Training.Grains;
using P = Training.Contracts.V1;

namespace Training.Api.Mapping;

/// <summary>Training results (survey answers, four-level reports): proto ⇄ grain records. Shape checks only; the ranges are the grains' (<c>TrainingResultsRules</c>).</summary>
public static class TrainingResultsMapping
{
    /// <summary>Most ratings one answer carries (the survey has four questions; more is malformed).</summary>
    public const int MaxRatings = 10;

    public static G.SurveyQuestion? ToGrain(P.SurveyQuestion value, Validator validator, string field)
    {
        ArgumentNullException.ThrowIfNull(validator);
        switch (value)
        {
            case P.SurveyQuestion.Relevance: return G.SurveyQuestion.Relevance;
            case P.SurveyQuestion.Instructor: return G.SurveyQuestion.Instructor;
            case P.SurveyQuestion.PracticalUsefulness: return G.SurveyQuestion.PracticalUsefulness;
            case P.SurveyQuestion.Organisation: return G.SurveyQuestion.Organisation;
            case P.SurveyQuestion.Unspecified:
                validator.Fail(field, "is required (the _UNSPECIFIED value is not accepted).");
                return null;
            default:
                validator.Fail(field, "is not a known value.");
                return null;
        }
    }

    public static P.SurveyQuestion ToProto(G.SurveyQuestion value) => value switch
    {
        G.SurveyQuestion.Relevance => P.SurveyQuestion.Relevance,
        G.SurveyQuestion.Instructor => P.SurveyQuestion.Instructor,
        G.SurveyQuestion.PracticalUsefulness => P.SurveyQuestion.PracticalUsefulness,
        G.SurveyQuestion.Organisation => P.SurveyQuestion.Organisation,
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "The grain answered a survey question the contract does not know."),
    };

    /// <summary>The request's ratings; violations recorded on <paramref name="validator"/>.</summary>
    public static IReadOnlyList<G.SurveyRating> ToGrain(IReadOnlyList<P.SurveyRating> ratings, Validator validator)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        ArgumentNullException.ThrowIfNull(validator);
        validator.Check(ratings.Count is > 0 and <= MaxRatings, "ratings", $"1..{MaxRatings} ratings, every question once.");
        var mapped = new List<G.SurveyRating>(ratings.Count);
        for (var i = 0; i < ratings.Count && i < MaxRatings; i++)
        {
            if (ToGrain(ratings[i].Question, validator, $"ratings[{i}].question") is { } question)
            {
                mapped.Add(new G.SurveyRating(question, ratings[i].Rating));
            }
        }

        return mapped;
    }

    public static P.SurveyResponse ToProto(this G.SurveyResponse r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new P.SurveyResponse
        {
            Name = r.Name,
            StaffMember = r.StaffName,
            Center = r.CenterName,
            Stage = CatalogueMapping.ToProto(r.Stage),
            Ratings = { r.Ratings.Select(x => new P.SurveyRating { Question = ToProto(x.Question), Rating = x.Rating }) },
            Comment = r.Comment,
            AnswerTime = r.AnswerTime.ToTimestamp(),
        };
    }

    public static P.TrainingResults ToProto(this G.FourLevelReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var reaction = new P.ReactionResults { Responses = r.Reaction.Responses, Respondents = r.Reaction.Respondents };
        Set(r.Reaction.ResponseRate, v => reaction.ResponseRate = v);
        foreach (var q in r.Reaction.Questions)
        {
            var mean = new P.QuestionMean { Question = ToProto(q.Question), Count = q.Count };
            Set(q.Mean, v => mean.Mean = v);
            reaction.Questions.Add(mean);
        }

        var learning = new P.LearningResults
        {
            Assessed = r.Learning.Assessed,
            Bands = { r.Learning.Bands.Select(b => new P.ScoreBand { Label = b.Label, Min = b.Min, Max = b.Max, Count = b.Count }) },
        };
        Set(r.Learning.Average, v => learning.Average = v);
        var behaviour = new P.BehaviourResults
        {
            DrillAssessed = r.Behaviour.DrillAssessed,
            DrillPassed = r.Behaviour.DrillPassed,
            OnTheJobAssessed = r.Behaviour.OnTheJobAssessed,
            OnTheJobPassed = r.Behaviour.OnTheJobPassed,
            MentorSignOffs = r.Behaviour.MentorSignOffs,
        };
        Set(r.Behaviour.DrillPassRate, v => behaviour.DrillPassRate = v);
        Set(r.Behaviour.OnTheJobPassRate, v => behaviour.OnTheJobPassRate = v);
        var results = new P.TrainingResults
        {
            Subject = r.Subject,
            CourseBatches = { r.Batches },
            Trainees = r.Trainees,
            Completed = r.Completed,
            Reaction = reaction,
            Learning = learning,
            Behaviour = behaviour,
        };
        foreach (var i in r.Results)
        {
            var indicator = new P.IndicatorResult { Center = i.CenterName, Indicator = $"{i.CenterName}/outcomes/{i.IndicatorId}", DisplayName = i.DisplayName, Unit = i.Unit };
            Set(i.Baseline, v => indicator.Baseline = v);
            Set(i.Latest, v => indicator.Latest = v);
            Set(i.Change, v => indicator.Change = v);
            results.Results.Add(indicator);
        }

        return results;
    }

    public static G.FollowUpState? ToGrain(P.FollowUpState value, Validator validator, string field)
    {
        ArgumentNullException.ThrowIfNull(validator);
        switch (value)
        {
            case P.FollowUpState.Scheduled: return G.FollowUpState.Scheduled;
            case P.FollowUpState.Due: return G.FollowUpState.Due;
            case P.FollowUpState.Overdue: return G.FollowUpState.Overdue;
            case P.FollowUpState.Taken: return G.FollowUpState.Taken;
            case P.FollowUpState.Unspecified:
                validator.Fail(field, "is required (the _UNSPECIFIED value is not accepted).");
                return null;
            default:
                validator.Fail(field, "is not a known value.");
                return null;
        }
    }

    public static P.FollowUpState ToProto(G.FollowUpState value) => value switch
    {
        G.FollowUpState.Scheduled => P.FollowUpState.Scheduled,
        G.FollowUpState.Due => P.FollowUpState.Due,
        G.FollowUpState.Overdue => P.FollowUpState.Overdue,
        G.FollowUpState.Taken => P.FollowUpState.Taken,
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "The grain answered a follow-up state the contract does not know."),
    };

    public static P.FollowUp ToProto(this G.FollowUpView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var f = view.FollowUp;
        var proto = new P.FollowUp
        {
            Name = f.Name,
            CourseBatch = f.BatchName,
            StaffMember = f.StaffName,
            Center = f.CenterName,
            Ordinal = f.Ordinal,
            OffsetDays = f.OffsetDays,
            CompleteTime = f.CompleteTime.ToTimestamp(),
            DueTime = f.DueTime.ToTimestamp(),
            OverdueTime = f.OverdueTime.ToTimestamp(),
            State = ToProto(view.State),
            Attempt = f.AttemptName,
        };
        if (f.Result is { } result)
        {
            proto.Score = result.Score;
            proto.Passed = result.Passed;
        }

        return proto;
    }

    /// <summary>Sets a proto3 optional field only when there is a value (unset means "none").</summary>
    private static void Set(double? value, Action<double> set)
    {
        if (value is { } v)
        {
            set(v);
        }
    }
}
