using ProtoCapabilityProfile = Training.Contracts.V1.CapabilityProfile;
using ProtoOutcomeIndicator = Training.Contracts.V1.OutcomeIndicator;

namespace Training.Api.Mapping;

/// <summary>Capability profiles, trajectories, post profiles and outcome indicators between the grains and the contract.</summary>
public static class CapabilityMapping
{
    /// <summary>The profile's resource name: <c>staff/{id}/capabilityProfile</c>.</summary>
    public static string ProfileName(string staffName) => $"{staffName}/capabilityProfile";

    public static ProtoCapabilityProfile ToProto(this CapabilityProfileView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new()
        {
            Name = ProfileName(view.StaffName),
            Framework = view.FrameworkName,
            FrameworkVersion = view.FrameworkVersion,
            Post = view.Post.ToProto(),
            AsOfTime = view.AsOf.ToTimestamp(),
            Competencies = { view.Competencies.Select(ToProto) },
            Dimensions = { view.Dimensions.Select(ToProto) },
            UnplacedEvidence = view.UnplacedEvidence,
            StaffVersion = view.StaffVersion,
        };
    }

    public static CapabilityTrajectory ToProto(this CapabilityTrajectoryView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new()
        {
            Name = ProfileName(view.StaffName),
            Framework = view.FrameworkName,
            FrameworkVersion = view.FrameworkVersion,
            Points =
            {
                view.Points.Select(p => new TrajectoryPoint
                {
                    Time = p.At.ToTimestamp(),
                    Competencies = { p.Competencies.Select(ToProto) },
                    Dimensions = { p.Dimensions.Select(ToProto) },
                }),
            },
        };
    }

    public static CompetencyLevel ToProto(CompetencyStanding s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new()
        {
            Competency = s.CompetencyId,
            Parent = s.ParentId,
            Dimension = CatalogueMapping.ToProto(s.Dimension),
            Score = s.Score,
            Level = s.Level,
            Claimed = s.Claimed,
            EvidenceCount = s.EvidenceCount,
            Weight = s.Weight,
            RequiredLevel = s.RequiredLevel,
            Gap = s.Gap,
            LastObserveTime = s.LastObserved?.ToTimestamp(),
        };
    }

    public static DimensionLevel ToProto(DimensionStanding s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new()
        {
            Dimension = CatalogueMapping.ToProto(s.Dimension),
            Score = s.Score,
            Level = s.Level,
            Claimed = s.Claimed,
            EvidenceCount = s.EvidenceCount,
            Weight = s.Weight,
        };
    }

    public static PostProfile ToProto(this PostProfileView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new()
        {
            Name = view.Name,
            Post = view.Post.ToProto(),
            Requirements = { view.Requirements.Select(r => new CompetencyRequirement { Competency = r.CompetencyId, Level = r.Level }) },
            Etag = Etags.From(view.Version),
            UpdateTime = view.UpdateTime.ToTimestamp(),
        };
    }

    public static ProtoOutcomeIndicator ToProto(this OutcomeIndicatorView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var indicator = new ProtoOutcomeIndicator
        {
            Name = view.Name,
            DisplayName = view.DisplayName,
            Unit = view.Unit,
            Baseline = view.BaselineValue is { } b ? ToProto(b) : null,
            Values = { view.Values.Select(ToProto) },
            UpdateTime = view.UpdateTime.ToTimestamp(),
        };
        if (view.Change is { } change)
        {
            indicator.Change = change;
        }

        return indicator;
    }

    private static OutcomeIndicatorValue ToProto(OutcomeValue v) => new()
    {
        PeriodStartTime = v.PeriodStart.ToTimestamp(),
        PeriodEndTime = v.PeriodEnd.ToTimestamp(),
        Value = v.Value,
        Note = v.Note,
    };
}
