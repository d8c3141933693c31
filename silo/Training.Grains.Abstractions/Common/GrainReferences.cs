using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Training.Grains;

/// <summary>
/// Grain references kept for reuse on hot paths (the kiosk check-in: API → desk → batch, and the kiosk credential
/// check). Orleans' <see cref="IGrainFactory.GetGrain{TGrainInterface}(string, string)"/> resolves the interface's grain
/// type on every call (reading its attributes and formatting its name), which measured about 6 % of a check-in's CPU;
/// a reference is immutable and safe to share, so one per key is kept. Kept per grain factory (several silos of a test
/// cluster share a process), and at most <see cref="Capacity"/> per factory: when full the cache starts again empty.
/// </summary>
public static class GrainReferences
{
    /// <summary>Most references kept per grain factory.</summary>
    public const int Capacity = 20_000;

    private static readonly ConditionalWeakTable<IGrainFactory, ConcurrentDictionary<(Type, object), IAddressable>> Caches = new();

    /// <summary>The reference to grain <paramref name="key"/> of <typeparamref name="T"/>, made once.</summary>
    public static T Cached<T>(this IGrainFactory factory, string key)
        where T : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(key);
        return Cached(factory, key, static (f, k) => f.GetGrain<T>((string)k));
    }

    /// <summary>The reference to grain <paramref name="key"/> of <typeparamref name="T"/> (an integer key), made once.</summary>
    public static T Cached<T>(this IGrainFactory factory, long key)
        where T : IGrainWithIntegerKey
    {
        ArgumentNullException.ThrowIfNull(factory);
        return Cached(factory, key, static (f, k) => f.GetGrain<T>((long)k));
    }

    private static T Cached<T>(IGrainFactory factory, object key, Func<IGrainFactory, object, T> make)
        where T : IAddressable
    {
        var cache = Caches.GetValue(factory, static _ => new ConcurrentDictionary<(Type, object), IAddressable>());
        if (cache.TryGetValue((typeof(T), key), out var known))
        {
            return (T)known;
        }

        if (cache.Count >= Capacity)
        {
            cache.Clear();
        }

        var reference = make(factory, key);
        cache[(typeof(T), key)] = reference;
        return reference;
    }
}
