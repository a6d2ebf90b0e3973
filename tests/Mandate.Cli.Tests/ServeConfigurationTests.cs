// Every public settable property of every server options class `mandate serve` uses is bound from configuration:
// the test walks the classes by reflection, gives each property a value other than its default under its
// configuration key, binds with ServeConfiguration and reads the options back. A property added later without a
// binding, or of a type the binder cannot fill, fails here.
using System.Collections;
using System.Globalization;
using System.Reflection;
using Mandate.Cli.Commands;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mandate.Cli.Tests;

public sealed class ServeConfigurationTests
{
    public static TheoryData<string> OptionsClasses() => [.. ServeConfiguration.Sections.Select(s => s.Options.FullName!)];

    [Theory]
    [MemberData(nameof(OptionsClasses))]
    public void EveryPublicProperty_IsBoundFromItsSection(string optionsClass)
    {
        var (type, section) = ServeConfiguration.Sections.Single(s => s.Options.FullName == optionsClass);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var expected = new List<(string Key, Func<object, object?> Read, object Value)>();
        Plan(type, Activator.CreateInstance(type)!, section, static o => o, values, expected);
        Assert.NotEmpty(expected);

        var services = new ServiceCollection();
        ServeConfiguration.Bind(services, new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService(typeof(IOptions<>).MakeGenericType(type)).GetType().GetProperty("Value")!.GetValue(provider.GetRequiredService(typeof(IOptions<>).MakeGenericType(type)))!;

        foreach (var (key, read, value) in expected)
        {
            var actual = read(options);
            if (value is IEnumerable list and not string)
            {
                Assert.True(actual is IEnumerable got && got.Cast<object>().SequenceEqual(list.Cast<object>()), key + " is not bound");
            }
            else
            {
                Assert.True(Equals(value, actual), $"{key} is not bound (expected {value}, got {actual})");
            }
        }
    }

    private static void Plan(Type type, object defaults, string prefix, Func<object, object?> path, Dictionary<string, string?> values, List<(string, Func<object, object?>, object)> expected)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var key = prefix + ":" + property.Name;
            Func<object, object?> read = o => path(o) is { } parent ? property.GetValue(parent) : null;
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var current = property.GetValue(defaults);
            if (propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(IDictionary<,>))
            {
                // A keyed map of option objects: one entry, every member of it set.
                var valueType = propertyType.GetGenericArguments()[1];
                Func<object, object?> entry = o => read(o) is IDictionary map && map.Contains("agt_configured") ? map["agt_configured"] : null;
                Plan(valueType, Activator.CreateInstance(valueType)!, key + ":agt_configured", entry, values, expected);
                continue;
            }

            if (propertyType.IsGenericType && propertyType.GetGenericArguments() is [{ IsClass: true } itemType] && itemType != typeof(string)
                && typeof(IList<>).MakeGenericType(itemType).IsAssignableFrom(propertyType))
            {
                // A list of option objects (e.g. trust rules): one element, every member of it set.
                Func<object, object?> item = o => read(o) is IList { Count: > 0 } items ? items[0] : null;
                Plan(itemType, Activator.CreateInstance(itemType)!, key + ":0", item, values, expected);
                continue;
            }

            Assert.True(property.CanWrite || typeof(IEnumerable).IsAssignableFrom(propertyType), key + " can be neither set nor filled");
            if (Sample(propertyType, current) is { } sample)
            {
                if (sample is IEnumerable<string> list)
                {
                    values[key + ":0"] = list.Single();
                }
                else
                {
                    values[key] = Convert.ToString(sample, CultureInfo.InvariantCulture);
                }

                expected.Add((key, read, sample));
            }
            else
            {
                Assert.True(propertyType.IsClass && propertyType != typeof(string), key + " has a type this test cannot fill: " + propertyType);
                Plan(propertyType, current ?? Activator.CreateInstance(propertyType)!, key, read, values, expected);
            }
        }
    }

    // A valid-looking value that differs from the default, or null for a nested options object.
    private static object? Sample(Type type, object? current) => type switch
    {
        _ when type == typeof(string) => current is "configured-value" ? "other-value" : "configured-value",
        _ when type == typeof(bool) => !(bool)(current ?? false),
        _ when type == typeof(int) => (int)(current ?? 0) + 1,
        _ when type == typeof(double) => (double)(current ?? 0) + 0.125,
        _ when type == typeof(TimeSpan) => (TimeSpan)(current ?? TimeSpan.Zero) + TimeSpan.FromSeconds(7),
        _ when type == typeof(Uri) => new Uri("https://configured.example/hook"),
        _ when type.IsEnum => Enum.GetValues(type).Cast<object>().First(v => !v.Equals(current)),
        _ when typeof(IEnumerable<string>).IsAssignableFrom(type) => new[] { "configured-item" },
        _ => null,
    };
}
