using LifeWindow.Functions.Ingress;

namespace LifeWindow.LocalHost.Hosting;

/// <summary>The [Function] methods of the Functions app, found by reflection so the local host serves exactly what Azure would.</summary>
public static class FunctionCatalog
{
    public static readonly Assembly FunctionsAssembly = typeof(FeedFunctions).Assembly;

    public static IEnumerable<(MethodInfo Method, string Name)> All() =>
        from type in FunctionsAssembly.GetTypes()
        where type.IsClass && !type.IsAbstract && type.IsPublic
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
        let function = method.GetCustomAttribute<FunctionAttribute>()
        where function is not null
        select (method, function.Name);

    public static IEnumerable<(MethodInfo Method, string Name, TAttribute Trigger)> WithTrigger<TAttribute>()
        where TAttribute : Attribute =>
        from f in All()
        from p in f.Method.GetParameters()
        let trigger = p.GetCustomAttribute<TAttribute>()
        where trigger is not null
        select (f.Method, f.Name, trigger);
}
