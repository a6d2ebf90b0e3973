// RFC 8259 §4 (member names SHOULD be unique), RFC 7515 §5.2 step 4 and RFC 7519 §4: a JOSE header or
// claims set with duplicate member names must be rejected, or the parsers on two sides may disagree
// about which value wins. Names are compared after unescaping, so "a" and "\u0061" collide.
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

    /// <summary>Checks that <paramref name="json"/> is exactly one JSON object without duplicate member names.</summary>
    /// <returns><see cref="JoseErrorCode.None"/>, <see cref="JoseErrorCode.InvalidJson"/> or <see cref="JoseErrorCode.DuplicateJsonMember"/>.</returns>
    internal static JoseErrorCode CheckObject(ReadOnlySpan<byte> json)
    {
        byte[] scratch = ArrayPool<byte>.Shared.Rent(Math.Max(json.Length, 16));
        (int Start, int Length)[] names = ArrayPool<(int, int)>.Shared.Rent(json.Length / 3 + 8);
        Span<int> levelStarts = stackalloc int[MaxDepth + 1];
        try
        {
            var reader = new Utf8JsonReader(json, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return JoseErrorCode.InvalidJson;
            }

            int depth = 0;
            int count = 0;
            int scratchUsed = 0;
            levelStarts[0] = 0;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        levelStarts[++depth] = count;
                        break;
                    case JsonTokenType.EndObject:
                        if (depth > 0)
                        {
                            count = levelStarts[depth--];
                            scratchUsed = count == 0 ? 0 : names[count - 1].Start + names[count - 1].Length;
                        }

                        break;
                    case JsonTokenType.PropertyName:
                        int length = reader.CopyString(scratch.AsSpan(scratchUsed));
                        ReadOnlySpan<byte> name = scratch.AsSpan(scratchUsed, length);
                        for (int i = levelStarts[depth]; i < count; i++)
                        {
                            if (name.SequenceEqual(scratch.AsSpan(names[i].Start, names[i].Length)))
                            {
                                return JoseErrorCode.DuplicateJsonMember;
                            }
                        }

                        names[count++] = (scratchUsed, length);
                        scratchUsed += length;
                        break;
                }
            }

            return JoseErrorCode.None;
        }
        catch (JsonException)
        {
            return JoseErrorCode.InvalidJson;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
            ArrayPool<(int, int)>.Shared.Return(names);
        }
    }
}
