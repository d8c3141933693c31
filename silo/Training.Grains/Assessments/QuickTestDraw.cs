using System.Security.Cryptography;
using System.Text;

namespace Training.Grains.Assessments;

/// <summary>
/// One item as an attempt drew it: the revision and content (with its answer key) it was drawn on, and the order its
/// options are presented in (<see cref="OptionOrder"/>[presented index] = the item's own option index).
/// </summary>
[GenerateSerializer, Immutable, Alias("training.DrawnItem")]
public sealed record DrawnItem(
    [property: Id(0)] string Item,
    [property: Id(1)] int Revision,
    [property: Id(2)] string FrameworkName,
    [property: Id(3)] string CompetencyId,
    [property: Id(4)] QuestionItemSpec Content,
    [property: Id(5)] IReadOnlyList<int> OptionOrder);

/// <summary>The active items of one bank a part of a blueprint draws from.</summary>
public sealed record BankPool(string FrameworkName, string CompetencyId, IReadOnlyList<QuestionItemView> Items);

/// <summary>
/// Draws an attempt's items: per part, in blueprint order, <c>ItemCount</c> items of its bank's active items (ordered
/// by name, then shuffled), each with its options shuffled (true/false keeps its order). Everything comes from one
/// <see cref="Random"/> seeded per attempt, so the same seed over the same pools gives the same items in the same
/// option order.
/// </summary>
public static class QuickTestDraw
{
    /// <summary>The attempt's seed: a stable hash of its name.</summary>
    public static int SeedOf(string attemptName) =>
        BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(attemptName)), 0);

    public static IReadOnlyList<DrawnItem> Draw(IReadOnlyList<(BlueprintPart Part, BankPool Pool)> parts, int seed)
    {
        ArgumentNullException.ThrowIfNull(parts);
#pragma warning disable CA5394 // Not for security: a reproducible draw per attempt.
        var random = new Random(seed);
        var drawn = new List<DrawnItem>();
        foreach (var (part, pool) in parts)
        {
            var items = pool.Items.OrderBy(i => i.Name, StringComparer.Ordinal).ToArray();
            random.Shuffle(items);
            foreach (var item in items.Take(part.ItemCount))
            {
                var order = Enumerable.Range(0, item.Content.Options.Count).ToArray();
                if (item.Content.Kind != QuestionKind.TrueFalse)
                {
                    random.Shuffle(order);
                }

                drawn.Add(new DrawnItem(item.Name, item.Revision, pool.FrameworkName, pool.CompetencyId, item.Content, order));
            }
        }
#pragma warning restore CA5394

        return drawn;
    }
}
