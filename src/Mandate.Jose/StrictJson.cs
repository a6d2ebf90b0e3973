// RFC 8259 §4 (member names SHOULD be unique), RFC 7515 §5.2 step 4 and RFC 7519 §4: a JOSE header or
// claims set with duplicate member names must be rejected, or the parsers on two sides may disagree
// about which value wins. Names are compared after unescaping, so "a" and "\u0061" collide.
// RFC 7515 §5.2 step 4 and RFC 7519 §7.2 step 10 also require "a UTF-8-encoded representation of a completely
// valid JSON object" (RFC 8259 §8.1: UTF-8): System.Text.Json's reader checks neither raw UTF-8 inside strings
// nor escapes that decode to a lone surrogate ("\ud800") until a string is read, and then throws
// InvalidOperationException, not JsonException. Both are refused here, so nothing after this check can throw.
using System.Buffers;
using System.Text.Json;

namespace Mandate.Jose;

/// <summary>Grammar and duplicate-member check for JSON objects, at every nesting depth.</summary>
internal static class StrictJson
{
    /// <summary>Maximum nesting depth accepted in a JOSE header, claims set or JWK.</summary>
    internal const int MaxDepth = 32;

    /// <summary>Reader options: no comments, no trailing commas, bounded depth.</summary>
    internal static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxDepth };

    /// <summary>
    /// Writer options: compact, and no HTML-oriented escaping, so "at+jwt" stays "at+jwt" on the wire
    /// (the default encoder would write "at\u002Bjwt"). JOSE values are never embedded in HTML.
    /// </summary>
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Checks that <paramref name="json"/> is valid UTF-8 and exactly one JSON object without duplicate member names,
    /// whose strings all decode to valid Unicode.
    /// </summary>
    /// <returns><see cref="JoseErrorCode.None"/>, <see cref="JoseErrorCode.InvalidJson"/> or <see cref="JoseErrorCode.DuplicateJsonMember"/>.</returns>
    internal static JoseErrorCode CheckObject(ReadOnlySpan<byte> json)
    {
        const int StackLimit = 1024;
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            return JoseErrorCode.InvalidJson;
        }

        int maxNames = json.Length / 3 + 8;
        byte[]? rentedScratch = json.Length > StackLimit ? ArrayPool<byte>.Shared.Rent(json.Length) : null;
        int[]? rentedNames = json.Length > StackLimit ? ArrayPool<int>.Shared.Rent(2 * maxNames) : null;
        try
        {
            Span<byte> scratch = rentedScratch ?? stackalloc byte[StackLimit];
            Span<int> names = rentedNames ?? stackalloc int[2 * (StackLimit / 3 + 8)];
            return Check(json, scratch, names);
        }
        finally
        {
            if (rentedScratch is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedScratch);
                ArrayPool<int>.Shared.Return(rentedNames!);
            }
        }
    }

    // names holds (start, length) pairs into scratch; levelStarts[d] is the first name index of the object at depth d.
    private static JoseErrorCode Check(ReadOnlySpan<byte> json, Span<byte> scratch, Span<int> names)
    {
        Span<int> levelStarts = stackalloc int[MaxDepth + 1];
        try
        {
            var reader = new Utf8JsonReader(json, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return JoseErrorCode.InvalidJson;
            }

            int depth = 0, count = 0, scratchUsed = 0;
            levelStarts[0] = 0;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        levelStarts[++depth] = count;
                        break;
                    case JsonTokenType.EndObject when depth > 0:
                        count = levelStarts[depth--];
                        scratchUsed = count == 0 ? 0 : names[2 * count - 2] + names[2 * count - 1];
                        break;
                    case JsonTokenType.PropertyName:
                        int length = reader.CopyString(scratch[scratchUsed..]);
                        ReadOnlySpan<byte> name = scratch.Slice(scratchUsed, length);
                        for (int i = levelStarts[depth]; i < count; i++)
                        {
                            if (name.SequenceEqual(scratch.Slice(names[2 * i], names[2 * i + 1])))
                            {
                                return JoseErrorCode.DuplicateJsonMember;
                            }
                        }

                        names[2 * count] = scratchUsed;
                        names[2 * count + 1] = length;
                        count++;
                        scratchUsed += length;
                        break;
                    case JsonTokenType.String when reader.ValueIsEscaped:
                        // Unescaped into the unused tail of scratch (never longer than the escaped text): throws
                        // InvalidOperationException for an escaped lone surrogate.
                        reader.CopyString(scratch[scratchUsed..]);
                        break;
                }
            }

            return JoseErrorCode.None;
        }
        catch (JsonException)
        {
            return JoseErrorCode.InvalidJson;
        }
        catch (InvalidOperationException)
        {
            return JoseErrorCode.InvalidJson;
        }
    }
}
