using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace Mandate.Storage.Sqlite;

/// <summary>
/// One audit record in the journal (<see cref="SqliteAuditJournal"/>): a 16-byte header (payload length,
/// CRC-32C of sequence number and payload, sequence number; little-endian) and the payload: the
/// timestamp's UTC ticks, the lifetime, then each text field as a length (-1 for null) and its UTF-8 bytes.
/// </summary>
/// <remarks>
/// The checksum and the sequence number together tell a frame that was written completely in this use of
/// a segment from a torn write, zeroes, or a frame left over from the segment's previous use: recovery
/// stops at the first frame that fails either check.
/// </remarks>
internal static class AuditJournalFrame
{
    public const int HeaderSize = 16;

    private const int FixedPayload = 8 + 1 + 8;
    private const int TextFields = 15;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The frame's size in bytes, header included.</summary>
    public static int Measure(AuditRecord record)
    {
        var size = HeaderSize + FixedPayload + (TextFields * 4);
        size += Length(record.Type) + Length(record.AgentId) + Length(record.ClientId) + Length(record.GrantType) +
            Length(record.Error) + Length(record.Reason) + Length(record.TokenId) + Length(record.KeyId) +
            Length(record.Scopes) + Length(record.Audience) + Length(record.ClientAddress) + Length(record.UserAgent) +
            Length(record.TraceId) + Length(record.SpanId) + Length(record.Details);
        return size;
    }

    /// <summary>Writes the frame for <paramref name="record"/>; <paramref name="destination"/> holds at least <see cref="Measure"/> bytes.</summary>
    /// <returns>The bytes written.</returns>
    public static int Write(Span<byte> destination, long sequence, AuditRecord record)
    {
        var payload = destination[HeaderSize..];
        BinaryPrimitives.WriteInt64LittleEndian(payload, record.Timestamp.UtcTicks);
        payload[8] = record.LifetimeSeconds is null ? (byte)0 : (byte)1;
        BinaryPrimitives.WriteInt64LittleEndian(payload[9..], record.LifetimeSeconds ?? 0);
        var at = FixedPayload;
        at += WriteText(payload[at..], record.Type);
        at += WriteText(payload[at..], record.AgentId);
        at += WriteText(payload[at..], record.ClientId);
        at += WriteText(payload[at..], record.GrantType);
        at += WriteText(payload[at..], record.Error);
        at += WriteText(payload[at..], record.Reason);
        at += WriteText(payload[at..], record.TokenId);
        at += WriteText(payload[at..], record.KeyId);
        at += WriteText(payload[at..], record.Scopes);
        at += WriteText(payload[at..], record.Audience);
        at += WriteText(payload[at..], record.ClientAddress);
        at += WriteText(payload[at..], record.UserAgent);
        at += WriteText(payload[at..], record.TraceId);
        at += WriteText(payload[at..], record.SpanId);
        at += WriteText(payload[at..], record.Details);

        BinaryPrimitives.WriteInt32LittleEndian(destination, at);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Checksum(destination[8..16], payload[..at]));
        return HeaderSize + at;
    }

    /// <summary>
    /// Reads the frame at the start of <paramref name="source"/> if it is whole and carries
    /// <paramref name="expectedSequence"/>; false for anything else (the end of the journal).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, long expectedSequence, out AuditRecord? record, out int consumed)
    {
        record = null;
        consumed = 0;
        if (source.Length < HeaderSize)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(source);
        var sequence = BinaryPrimitives.ReadInt64LittleEndian(source[8..]);
        if (sequence != expectedSequence || length < FixedPayload + (TextFields * 4) || length > source.Length - HeaderSize)
        {
            return false;
        }

        var payload = source.Slice(HeaderSize, length);
        if (BinaryPrimitives.ReadUInt32LittleEndian(source[4..]) != Checksum(source[8..16], payload))
        {
            return false;
        }

        try
        {
            record = Parse(payload);
        }
        catch (FormatException)
        {
            return false;
        }

        consumed = HeaderSize + length;
        return true;
    }

    private static AuditRecord Parse(ReadOnlySpan<byte> payload)
    {
        var ticks = BinaryPrimitives.ReadInt64LittleEndian(payload);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            throw new FormatException("The timestamp is out of range.");
        }

        long? lifetime = payload[8] == 0 ? null : BinaryPrimitives.ReadInt64LittleEndian(payload[9..]);
        var at = FixedPayload;
        var type = ReadText(payload, ref at) ?? throw new FormatException("The record has no type.");
        return new AuditRecord
        {
            Timestamp = new DateTimeOffset(ticks, TimeSpan.Zero),
            LifetimeSeconds = lifetime,
            Type = type,
            AgentId = ReadText(payload, ref at),
            ClientId = ReadText(payload, ref at),
            GrantType = ReadText(payload, ref at),
            Error = ReadText(payload, ref at),
            Reason = ReadText(payload, ref at),
            TokenId = ReadText(payload, ref at),
            KeyId = ReadText(payload, ref at),
            Scopes = ReadText(payload, ref at),
            Audience = ReadText(payload, ref at),
            ClientAddress = ReadText(payload, ref at),
            UserAgent = ReadText(payload, ref at),
            TraceId = ReadText(payload, ref at),
            SpanId = ReadText(payload, ref at),
            Details = ReadText(payload, ref at),
        };
    }

    // Lone surrogates cannot be stored as UTF-8; they become U+FFFD here as they would in SQLite's text.
    private static int Length(string? value) => value is null ? 0 : Encoding.UTF8.GetByteCount(value);

    private static int WriteText(Span<byte> destination, string? value)
    {
        if (value is null)
        {
            BinaryPrimitives.WriteInt32LittleEndian(destination, -1);
            return 4;
        }

        var written = Encoding.UTF8.GetBytes(value, destination[4..]);
        BinaryPrimitives.WriteInt32LittleEndian(destination, written);
        return 4 + written;
    }

    private static string? ReadText(ReadOnlySpan<byte> payload, ref int at)
    {
        if (payload.Length - at < 4)
        {
            throw new FormatException("The record is truncated.");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(payload[at..]);
        at += 4;
        if (length == -1)
        {
            return null;
        }

        if (length < 0 || length > payload.Length - at)
        {
            throw new FormatException("A text field is truncated.");
        }

        try
        {
            var text = Utf8.GetString(payload.Slice(at, length));
            at += length;
            return text;
        }
        catch (DecoderFallbackException ex)
        {
            throw new FormatException("A text field is not UTF-8.", ex);
        }
    }

    // CRC-32C (hardware-accelerated where the CPU has it) over the sequence number and the payload.
    private static uint Checksum(ReadOnlySpan<byte> sequence, ReadOnlySpan<byte> payload)
    {
        var crc = BitOperations.Crc32C(0xFFFFFFFFu, BinaryPrimitives.ReadUInt64LittleEndian(sequence));
        var words = MemoryMarshal.Cast<byte, ulong>(payload[..(payload.Length & ~7)]);
        foreach (var word in words)
        {
            crc = BitOperations.Crc32C(crc, BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word));
        }

        foreach (var b in payload[(payload.Length & ~7)..])
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }
}
