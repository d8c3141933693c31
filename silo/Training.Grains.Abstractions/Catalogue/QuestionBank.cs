namespace Training.Grains;

/// <summary>How a question item is answered.</summary>
public enum QuestionKind
{
    /// <summary>Exactly one correct option.</summary>
    SingleChoice = 1,

    /// <summary>One or more correct options, all must be chosen.</summary>
    MultipleChoice = 2,

    /// <summary>Options are exactly "true" and "false"; one is correct.</summary>
    TrueFalse = 3,
}

/// <summary>What a question bank is created with: one bank per competency of a framework.</summary>
[GenerateSerializer, Immutable, Alias("training.QuestionBankSpec")]
public sealed record QuestionBankSpec(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] string FrameworkName,
    [property: Id(2)] string CompetencyId);

/// <summary>A question bank as read (without its items).</summary>
[GenerateSerializer, Immutable, Alias("training.QuestionBankView")]
public sealed record QuestionBankView(
    [property: Id(0)] string Name,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string FrameworkName,
    [property: Id(3)] string CompetencyId,
    [property: Id(4)] int ActiveItemCount,
    [property: Id(5)] int RetiredItemCount,
    [property: Id(6)] long Version,
    [property: Id(7)] DateTimeOffset CreateTime,
    [property: Id(8)] DateTimeOffset UpdateTime);

/// <summary>The content of one revision of a question item.</summary>
/// <param name="Options">2..8 options; for true/false exactly two.</param>
/// <param name="CorrectOptions">Zero-based indexes into <see cref="Options"/>.</param>
/// <param name="Difficulty">1 (easy) .. 5 (hard).</param>
[GenerateSerializer, Immutable, Alias("training.QuestionItemSpec")]
public sealed record QuestionItemSpec(
    [property: Id(0)] QuestionKind Kind,
    [property: Id(1)] string Stem,
    [property: Id(2)] IReadOnlyList<string> Options,
    [property: Id(3)] IReadOnlyList<int> CorrectOptions,
    [property: Id(4)] string Explanation,
    [property: Id(5)] int Difficulty);

/// <summary>
/// One revision of a question item. Revisions are immutable: revising an item adds revision N+1;
/// retiring it keeps every revision readable for old attempts.
/// </summary>
/// <param name="Name"><c>questionBanks/{bank}/items/{item}</c>.</param>
[GenerateSerializer, Immutable, Alias("training.QuestionItemView")]
public sealed record QuestionItemView(
    [property: Id(0)] string Name,
    [property: Id(1)] int Revision,
    [property: Id(2)] QuestionItemSpec Content,
    [property: Id(3)] bool Retired,
    [property: Id(4)] DateTimeOffset UpdateTime);
