using Google.Protobuf.Collections;

namespace Training.Api.Mapping;

/// <summary>Competency frameworks and their competencies.</summary>
internal static partial class CatalogueMapping
{
    private const int MinLevels = 2;
    private const int MaxLevels = 10;
    private const int MaxLevelLabel = 50;

    public static CompetencyFramework ToProto(FrameworkView view) => new()
    {
        Name = view.Name,
        DisplayName = view.DisplayName,
        Description = view.Description,
        LevelScale = { view.LevelScale.Select(l => new Level { Level_ = l.Level, Label = l.Label, Description = l.Description }) },
        Competencies = { view.Competencies.Select(c => ToProto(c, view.Name)) },
        FrameworkVersion = view.FrameworkVersion,
        LatestPublishedVersion = view.LatestPublishedVersion,
        HasUnpublishedChanges = view.HasUnpublishedChanges,
        Etag = Etags.From(view.Version),
        CreateTime = view.CreateTime.ToTimestamp(),
        UpdateTime = view.UpdateTime.ToTimestamp(),
    };

    public static Competency ToProto(CompetencyView view, string frameworkName) => new()
    {
        Name = ResourceNames.Competency(frameworkName, view.Id),
        ParentId = view.ParentId,
        DisplayName = view.DisplayName,
        Description = view.Description,
        Dimension = ToProto(view.Dimension),
        Retired = view.Retired,
    };

    /// <summary>
    /// The one competency a competency call changed, out of the framework the grain answered with.
    /// It is absent only when a request_id was reused for a different competency: the grain replayed
    /// the first answer, so this competency does not exist.
    /// </summary>
    public static Competency ToCompetency(FrameworkView framework, string competencyId)
    {
        var competency = framework.Competencies.FirstOrDefault(c => c.Id == competencyId)
            ?? throw TrainingException.NotFound(ResourceNames.Competency(framework.Name, competencyId));
        return ToProto(competency, framework.Name);
    }

    public static FrameworkSpec ToFrameworkSpec(CompetencyFramework framework, Validator validator, string path) => new(
        DisplayName(validator, $"{path}.display_name", framework.DisplayName),
        Description(validator, $"{path}.description", framework.Description),
        ToLevelScale(framework.LevelScale, validator, $"{path}.level_scale"));

    /// <summary>The patch of the masked fields: display_name, description, level_scale.</summary>
    public static FrameworkPatch ToFrameworkPatch(CompetencyFramework framework, IReadOnlySet<string> paths, Validator validator, string path) => new(
        paths.Contains("display_name") ? DisplayName(validator, $"{path}.display_name", framework.DisplayName) : null,
        paths.Contains("description") ? Description(validator, $"{path}.description", framework.Description) : null,
        paths.Contains("level_scale") ? ToLevelScale(framework.LevelScale, validator, $"{path}.level_scale") : null);

    public static CompetencySpec ToCompetencySpec(string competencyId, Competency competency, Validator validator, string path)
    {
        validator.Check(
            competency.ParentId.Length == 0 || ResourceNames.IsValidId(competency.ParentId),
            $"{path}.parent_id",
            "must be empty (a module) or the id of the parent competency: [a-z0-9][a-z0-9-]{0,62}.");
        return new CompetencySpec(
            competencyId,
            competency.ParentId,
            DisplayName(validator, $"{path}.display_name", competency.DisplayName),
            Description(validator, $"{path}.description", competency.Description),
            ToGrain(competency.Dimension, validator, $"{path}.dimension").GetValueOrDefault());
    }

    /// <summary>The patch of the masked fields: display_name, description, dimension.</summary>
    public static CompetencyPatch ToCompetencyPatch(Competency competency, IReadOnlySet<string> paths, Validator validator, string path) => new(
        paths.Contains("display_name") ? DisplayName(validator, $"{path}.display_name", competency.DisplayName) : null,
        paths.Contains("description") ? Description(validator, $"{path}.description", competency.Description) : null,
        paths.Contains("dimension") ? ToGrain(competency.Dimension, validator, $"{path}.dimension") : null);

    private static List<LevelDefinition> ToLevelScale(RepeatedField<Level> levels, Validator validator, string field)
    {
        validator.Check(levels.Count is >= MinLevels and <= MaxLevels, field, $"must have {MinLevels}..{MaxLevels} levels.");
        var scale = new List<LevelDefinition>(levels.Count);
        for (var i = 0; i < Math.Min(levels.Count, MaxLevels); i++)
        {
            var level = levels[i];
            validator
                .Check(level.Level_ == i + 1, $"{field}[{i}].level", $"must be {i + 1}: levels are numbered 1..n consecutively.")
                .RequiredText($"{field}[{i}].label", level.Label, MaxLevelLabel)
                .OptionalText($"{field}[{i}].description", level.Description, MaxDescription);
            scale.Add(new LevelDefinition(level.Level_, level.Label, level.Description));
        }

        return scale;
    }
}
