using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Hl7.Fhir.Model;
using Samplan.Domain.Plans;

namespace Samplan.Fhir;

/// <summary>
/// Issue 8: the FHIR resources mapped from a kept plan (<see cref="Plans.PlanCache"/>), and their JSON, kept with that very
/// plan instance. A kept plan never changes — a change brings a new instance under a new stamp — so what is mapped from it
/// stays right for as long as the instance lives, and goes with it. Access is still decided on every request: this only
/// saves mapping and serializing the same plan again for everyone allowed to see the same parts of it.
/// </summary>
/// <remarks>Only what depends on nothing but the plan (and <see cref="PlanVisibility"/> in the key) may be kept here.</remarks>
public static class KeptResources
{
    static readonly ConditionalWeakTable<IndividualPlan, ConcurrentDictionary<object, Resource[]>> ByPlan = [];

    // The JSON of each kept resource, made the first time it is written. A resource not kept here is serialized each time.
    static readonly ConditionalWeakTable<Resource, byte[]?> Json = [];

    /// <summary>The resources <paramref name="map"/> makes of the plan for <paramref name="key"/>, made once per kept plan.</summary>
    public static Resource[] Of(IndividualPlan plan, object key, Func<Resource[]> map) =>
        ByPlan.GetOrCreateValue(plan).GetOrAdd(key, _ =>
        {
            var resources = map();
            foreach (var resource in resources) Json.TryAdd(resource, null);
            return resources;
        });

    /// <summary>The resource's JSON when it is a kept one (made on first use), else null.</summary>
    internal static byte[]? JsonOf(Resource resource, Func<Resource, byte[]> serialize)
    {
        if (!Json.TryGetValue(resource, out var json)) return null;
        if (json is null)
        {
            json = serialize(resource);
            Json.AddOrUpdate(resource, json);
        }
        return json;
    }
}
