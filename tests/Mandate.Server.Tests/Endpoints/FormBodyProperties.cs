// Property-based comparison of Mandate's strict form parser (FormBody) with ASP.NET Core's own FormReader as
// the oracle, on random parameter lists encoded in random but valid ways ('+' or %20 for space, upper- or
// lower-case hex, optional encoding of unreserved characters). Mandate deliberately differs in three documented
// ways, which the comparison accounts for: empty values are omitted (RFC 6749 §3.2), and malformed
// percent-encoding or invalid UTF-8 is an error instead of being passed through or replaced.
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Mandate.Server.Endpoints;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Mandate.Server.Tests.Endpoints;

public sealed class FormBodyProperties
{
    public sealed record Form(IReadOnlyList<(string Name, string Value)> Pairs, int EncodingSeed)
    {
        public override string ToString() => Encode();

        public string Encode()
        {
            var random = new Random(EncodingSeed);
            return string.Join('&', Pairs.Select(pair => EncodeComponent(pair.Name, random) + "=" + EncodeComponent(pair.Value, random)));
        }

        private static string EncodeComponent(string text, Random random)
        {
            var builder = new StringBuilder();
            foreach (var b in Encoding.UTF8.GetBytes(text))
            {
                var c = (char)b;
                if (c == ' ' && random.Next(2) == 0)
                {
                    builder.Append('+');
                }
                else if ((char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~') && random.Next(4) != 0)
                {
                    builder.Append(c);
                }
                else
                {
                    builder.Append('%').Append(b.ToString(random.Next(2) == 0 ? "X2" : "x2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            return builder.ToString();
        }
    }

    public static class Forms
    {
        private static readonly char[] Alphabet = [.. "abcXYZ019 -._~+&=%/?#\"'\u00e9\u00df\u4e2d\u0000\t\n"];

        // Names without upper-case letters: FormReader merges names case-insensitively, RFC 6749 (and Mandate) do not.
        private static readonly char[] NameAlphabet = [.. "abc019 -._~+&=%/?#\"'\u00e9\u00df\u4e2d"];

        public static Arbitrary<Form> Arbitrary()
        {
            var value = from chars in Gen.ArrayOf(Gen.Elements(Alphabet))
                        from emoji in Gen.Elements("", "\ud83d\ude00", "\U0001F510")
                        select new string(chars) + emoji;
            var randomName = Gen.ArrayOf(Gen.Elements(NameAlphabet)).Select(chars => new string(chars)).Where(n => n.Length > 0);
            var name = Gen.OneOf(Gen.Elements("grant_type", "scope", "resource", "client_id", "x"), randomName);
            var pair = from n in name from v in value select (n, v);
            return (from pairs in Gen.ArrayOf(pair) from seed in Gen.Choose(0, int.MaxValue) select new Form(pairs, seed)).ToArbitrary();
        }
    }

    [Property(Arbitrary = [typeof(Forms)], MaxTest = 500)]
    public void ValidEncodings_ParseAsFormReaderDoes(Form form)
    {
        var body = form.Encode();
        var everyName = form.Pairs.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

        var error = FormBody.TryParse(Encoding.ASCII.GetBytes(body), everyName, out var parsed);

        Assert.Null(error);
        var oracle = new FormReader(body).ReadForm()
            .Select(entry => (entry.Key, Values: entry.Value.Where(v => !string.IsNullOrEmpty(v)).ToArray()))
            .Where(entry => entry.Values.Length > 0)
            .ToDictionary(entry => entry.Key, entry => new StringValues(entry.Values), StringComparer.Ordinal);
        Assert.Equal(oracle.Keys.Order(StringComparer.Ordinal), parsed.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, values) in oracle)
        {
            Assert.Equal(values.ToArray(), parsed[key].ToArray());
        }
    }

    [Property(Arbitrary = [typeof(Forms)], MaxTest = 200)]
    public void RepeatedSingleValuedName_IsDuplicateParameter(Form form)
    {
        var body = form.Encode() + "&grant_type=a&grant_type=b";

        Assert.Same(ErrorDescriptions.DuplicateParameter, FormBody.TryParse(Encoding.ASCII.GetBytes(body), new HashSet<string>(), out _));
    }

    [Property(MaxTest = 1000)]
    public void RandomBytes_NeverThrow_AndSuccessHasOnlyNonEmptyNamesAndValues(byte[] body)
    {
        var error = FormBody.TryParse(body, new HashSet<string>(["resource"]), out var parsed);

        if (error is null)
        {
            Assert.All(parsed, entry =>
            {
                Assert.NotEmpty(entry.Key);
                Assert.All(entry.Value.ToArray(), value => Assert.False(string.IsNullOrEmpty(value)));
            });
        }
        else
        {
            Assert.Contains(error, new[] { ErrorDescriptions.MalformedBody, ErrorDescriptions.DuplicateParameter });
        }
    }
}
