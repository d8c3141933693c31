namespace Training.Grains;

/// <summary>
/// The levels a post requires per competency of a framework (the yardstick of the capability profile's gaps). Key:
/// <c>frameworks/{f}/postProfiles/{post}</c> (see <see cref="PostProfileNames"/>). Part of the catalogue: written by
/// the admins who write frameworks.
/// </summary>
public interface IPostProfileGrain : IGrainWithStringKey
{
    /// <summary>
    /// Sets (creates or replaces) the required levels. InvalidArgument for a competency that is not an active competency
    /// of the framework, a level outside its scale, or a competency named twice; NotFound for an unknown framework;
    /// Aborted on a stale <paramref name="expectedVersion"/> (when &gt; 0).
    /// </summary>
    Task<PostProfileView> Set(IReadOnlyList<RequiredLevel> requirements, long expectedVersion, CommandContext context);

    /// <summary>The post profile; NotFound if never set or deleted.</summary>
    Task<PostProfileView> Get();

    /// <summary>The required levels by competency id; empty when none are set (no gap is reported then).</summary>
    Task<IReadOnlyDictionary<string, int>> Requirements();

    /// <summary>Deletes the post profile (its history stays). NotFound if none is set.</summary>
    Task Delete(CommandContext context);

    /// <summary>The post profile's history, oldest first.</summary>
    Task<IReadOnlyList<HistoryEntry>> History(long fromVersion, int maxCount);
}

/// <summary>Names of post profiles: <c>frameworks/{f}/postProfiles/{post}</c>, the post in kebab case.</summary>
public static class PostProfileNames
{
    private static readonly Dictionary<Post, string> Segments = new()
    {
        [Post.SocialSecurity] = "social-security",
        [Post.VeteransServices] = "veterans-services",
        [Post.VillageConstruction] = "village-construction",
        [Post.Hotline12345] = "hotline-12345",
        [Post.GeneralServices] = "general-services",
        [Post.CenterManagement] = "center-management",
    };

    /// <summary>Every post that may have a profile, in enum order.</summary>
    public static IReadOnlyList<Post> Posts { get; } = [.. Segments.Keys.Order()];

    /// <summary>The post profile of <paramref name="post"/> in <paramref name="frameworkName"/>.</summary>
    public static string Of(string frameworkName, Post post) => $"{frameworkName}/postProfiles/{Segment(post)}";

    /// <summary>The name segment of a post; empty for an unknown one.</summary>
    public static string Segment(Post post) => Segments.GetValueOrDefault(post, string.Empty);

    /// <summary>Parses <c>frameworks/{f}/postProfiles/{post}</c>.</summary>
    public static bool TryParse(string name, out string frameworkName, out Post post)
    {
        frameworkName = string.Empty;
        post = default;
        var parts = (name ?? string.Empty).Split('/');
        if (parts is not ["frameworks", { Length: > 0 } f, "postProfiles", var segment])
        {
            return false;
        }

        foreach (var (p, s) in Segments)
        {
            if (string.Equals(s, segment, StringComparison.Ordinal))
            {
                (frameworkName, post) = ($"frameworks/{f}", p);
                return true;
            }
        }

        return false;
    }
}
