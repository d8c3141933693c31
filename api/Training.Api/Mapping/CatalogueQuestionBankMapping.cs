using Google.Protobuf.Collections;
using GrainQuestionKind = Training.Grains.QuestionKind;

namespace Training.Api.Mapping;

/// <summary>Question banks and their items.</summary>
internal static partial class CatalogueMapping
{
    private const int MaxStem = 2000;
    private const int MinOptions = 2;
    private const int MaxOptions = 8;
    private const int MaxOption = 500;
    private const int MaxExplanation = 2000;
    private const int MinDifficulty = 1;
    private const int MaxDifficulty = 5;

    public static QuestionBank ToProto(QuestionBankView view) => new()
    {
        Name = view.Name,
        DisplayName = view.DisplayName,
        Framework = view.FrameworkName,
        CompetencyId = view.CompetencyId,
        ActiveItemCount = view.ActiveItemCount,
        RetiredItemCount = view.RetiredItemCount,
        Etag = Etags.From(view.Version),
        CreateTime = view.CreateTime.ToTimestamp(),
        UpdateTime = view.UpdateTime.ToTimestamp(),
    };

    public static QuestionItem ToProto(QuestionItemView view) => new()
    {
        Name = view.Name,
        Revision = view.Revision,
        Kind = ToProto(view.Content.Kind),
        Stem = view.Content.Stem,
        Options = { view.Content.Options },
        CorrectOptions = { view.Content.CorrectOptions },
        Explanation = view.Content.Explanation,
        Difficulty = view.Content.Difficulty,
        Retired = view.Retired,
        UpdateTime = view.UpdateTime.ToTimestamp(),
    };

    public static QuestionBankSpec ToQuestionBankSpec(QuestionBank bank, Validator validator, string path)
    {
        FrameworkName(validator, $"{path}.framework", bank.Framework)
            .ResourceId($"{path}.competency_id", bank.CompetencyId);
        return new QuestionBankSpec(DisplayName(validator, $"{path}.display_name", bank.DisplayName), bank.Framework, bank.CompetencyId);
    }

    /// <summary>The new display name of a bank; display_name is the only field an update may change.</summary>
    public static string ToQuestionBankDisplayName(QuestionBank bank, Validator validator, string path) =>
        DisplayName(validator, $"{path}.display_name", bank.DisplayName);

    /// <summary>The whole content of an item revision (lists copied into <see cref="List{T}"/>, which Orleans can serialize).</summary>
    public static QuestionItemSpec ToQuestionItemSpec(QuestionItem item, Validator validator, string path)
    {
        var kind = ToGrain(item.Kind, validator, $"{path}.kind");
        validator
            .RequiredText($"{path}.stem", item.Stem, MaxStem)
            .OptionalText($"{path}.explanation", item.Explanation, MaxExplanation)
            .Check(item.Difficulty is >= MinDifficulty and <= MaxDifficulty, $"{path}.difficulty", $"must be between {MinDifficulty} (easy) and {MaxDifficulty} (hard).");
        CheckOptions(item.Options, kind, validator, $"{path}.options");
        CheckCorrectOptions(item.CorrectOptions, item.Options.Count, kind, validator, $"{path}.correct_options");
        return new QuestionItemSpec(kind.GetValueOrDefault(), item.Stem, item.Options.ToList(), item.CorrectOptions.ToList(), item.Explanation, item.Difficulty);
    }

    private static void CheckOptions(RepeatedField<string> options, GrainQuestionKind? kind, Validator validator, string field)
    {
        if (kind == GrainQuestionKind.TrueFalse)
        {
            validator.Check(options.Count == 2, field, "must be exactly 2 options for QUESTION_KIND_TRUE_FALSE.");
        }
        else
        {
            validator.Check(options.Count is >= MinOptions and <= MaxOptions, field, $"must be {MinOptions}..{MaxOptions} options.");
        }

        for (var i = 0; i < Math.Min(options.Count, MaxOptions); i++)
        {
            validator.RequiredText($"{field}[{i}]", options[i], MaxOption);
        }
    }

    private static void CheckCorrectOptions(RepeatedField<int> correct, int optionCount, GrainQuestionKind? kind, Validator validator, string field)
    {
        if (kind is GrainQuestionKind.SingleChoice or GrainQuestionKind.TrueFalse)
        {
            validator.Check(correct.Count == 1, field, "must name exactly one correct option for QUESTION_KIND_SINGLE_CHOICE and QUESTION_KIND_TRUE_FALSE.");
        }
        else
        {
            validator.Check(correct.Count is >= 1 and <= MaxOptions, field, $"must name 1..{MaxOptions} correct options.");
        }

        var seen = new HashSet<int>();
        for (var i = 0; i < Math.Min(correct.Count, MaxOptions); i++)
        {
            var index = correct[i];
            if (index < 0 || index >= optionCount)
            {
                validator.Fail($"{field}[{i}]", $"must be the zero-based index of one of the {optionCount} options.");
                continue;
            }

            validator.Check(seen.Add(index), $"{field}[{i}]", "is listed twice.");
        }
    }
}
