namespace Training.Grains;

/// <summary>
/// One competency of a staff member's capability profile, computed by the capability rules from the evidence observed
/// up to the profile's date. <see cref="Level"/> is 0 while the evidence is not enough to claim a level.
/// </summary>
/// <param name="CompetencyId">The competency (a module when <see cref="ParentId"/> is empty).</param>
/// <param name="ParentId">Its parent in the framework's tree; empty for a module.</param>
/// <param name="Dimension">Its headline dimension.</param>
/// <param name="Score">The recency- and kind-weighted mean score 0..1 of its evidence (a module's includes its sub-competencies'); 0 without evidence.</param>
/// <param name="Level">The level on the framework's scale (1..N) when claimed, else 0.</param>
/// <param name="Claimed">Whether enough evidence stands behind <see cref="Level"/> (count and weight at least the rules' minimum).</param>
/// <param name="EvidenceCount">How many pieces of evidence count (observed up to the profile's date).</param>
/// <param name="Weight">The sum of their weights after decay.</param>
/// <param name="RequiredLevel">The level the staff member's post requires (0: none stated).</param>
/// <param name="Gap">How many levels short of <see cref="RequiredLevel"/> (0 when met or none required; an unclaimed level counts as 0).</param>
/// <param name="LastObserved">When the latest counted evidence was observed; null without evidence.</param>
[GenerateSerializer, Immutable, Alias("training.CompetencyStanding")]
public sealed record CompetencyStanding(
    [property: Id(0)] string CompetencyId,
    [property: Id(1)] string ParentId,
    [property: Id(2)] Dimension Dimension,
    [property: Id(3)] double Score,
    [property: Id(4)] int Level,
    [property: Id(5)] bool Claimed,
    [property: Id(6)] int EvidenceCount,
    [property: Id(7)] double Weight,
    [property: Id(8)] int RequiredLevel,
    [property: Id(9)] int Gap,
    [property: Id(10)] DateTimeOffset? LastObserved);

/// <summary>A headline dimension's roll-up: all evidence of the competencies in that dimension, pooled.</summary>
[GenerateSerializer, Immutable, Alias("training.DimensionStanding")]
public sealed record DimensionStanding(
    [property: Id(0)] Dimension Dimension,
    [property: Id(1)] double Score,
    [property: Id(2)] int Level,
    [property: Id(3)] bool Claimed,
    [property: Id(4)] int EvidenceCount,
    [property: Id(5)] double Weight);

/// <summary>
/// A staff member's capability profile against one framework as of a date: every competency of the framework's latest
/// published version in tree order (modules first of their subtree), the three headline dimensions, and the gaps to the
/// post's required levels.
/// </summary>
/// <param name="StaffName"><c>staff/{id}</c>.</param>
/// <param name="FrameworkName"><c>frameworks/{f}</c>.</param>
/// <param name="FrameworkVersion">The published version whose tree and scale were used.</param>
/// <param name="Post">The staff member's post, whose post profile gave the required levels.</param>
/// <param name="AsOf">Only evidence observed at or before this counts; decay is measured from it.</param>
/// <param name="Competencies">Tree order.</param>
/// <param name="Dimensions">PolicySavvy, BusinessProficient, ServiceExcellent.</param>
/// <param name="StaffVersion">The staff record's stream version the profile was computed from (changes when evidence arrives).</param>
/// <param name="UnplacedEvidence">Evidence of this framework for competencies the published version lacks (not counted).</param>
[GenerateSerializer, Immutable, Alias("training.CapabilityProfileView")]
public sealed record CapabilityProfileView(
    [property: Id(0)] string StaffName,
    [property: Id(1)] string FrameworkName,
    [property: Id(2)] int FrameworkVersion,
    [property: Id(3)] Post Post,
    [property: Id(4)] DateTimeOffset AsOf,
    [property: Id(5)] IReadOnlyList<CompetencyStanding> Competencies,
    [property: Id(6)] IReadOnlyList<DimensionStanding> Dimensions,
    [property: Id(7)] long StaffVersion,
    [property: Id(8)] int UnplacedEvidence);

/// <summary>One point of a trajectory: the profile's competencies and dimensions as of <see cref="At"/>.</summary>
[GenerateSerializer, Immutable, Alias("training.CapabilityPoint")]
public sealed record CapabilityPoint(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] IReadOnlyList<CompetencyStanding> Competencies,
    [property: Id(2)] IReadOnlyList<DimensionStanding> Dimensions);

/// <summary>A staff member's capability over a period: points from its start, one per step, and its end.</summary>
[GenerateSerializer, Immutable, Alias("training.CapabilityTrajectoryView")]
public sealed record CapabilityTrajectoryView(
    [property: Id(0)] string StaffName,
    [property: Id(1)] string FrameworkName,
    [property: Id(2)] int FrameworkVersion,
    [property: Id(3)] IReadOnlyList<CapabilityPoint> Points);

/// <summary>The level a post requires of one competency.</summary>
[GenerateSerializer, Immutable, Alias("training.RequiredLevel")]
public sealed record RequiredLevel([property: Id(0)] string CompetencyId, [property: Id(1)] int Level);

/// <summary>A post profile as read: the levels a post requires per competency of a framework.</summary>
/// <param name="Name"><c>frameworks/{f}/postProfiles/{post}</c>.</param>
/// <param name="Version">Stream version (etag); 0 when never set (no requirement).</param>
[GenerateSerializer, Immutable, Alias("training.PostProfileView")]
public sealed record PostProfileView(
    [property: Id(0)] string Name,
    [property: Id(1)] string FrameworkName,
    [property: Id(2)] Post Post,
    [property: Id(3)] IReadOnlyList<RequiredLevel> Requirements,
    [property: Id(4)] long Version,
    [property: Id(5)] DateTimeOffset UpdateTime);
