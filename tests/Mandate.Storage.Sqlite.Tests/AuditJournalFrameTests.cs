using System.Buffers.Binary;
using Mandate.Storage.Conformance;

namespace Mandate.Storage.Sqlite.Tests;

/// <summary>
/// The journal's frame format: what is written reads back field for field, and anything that is not a
/// whole frame with the expected sequence number reads as the end of the journal, never as a record.
/// </summary>
public sealed class AuditJournalFrameTests
{
    private static byte[] Frame(long sequence, AuditRecord record)
    {
        var bytes = new byte[AuditJournalFrame.Measure(record)];
        Assert.Equal(bytes.Length, AuditJournalFrame.Write(bytes, sequence, record));
        return bytes;
    }

    [Fact]
    public void Write_ThenRead_EveryFieldRoundTrips()
    {
        var record = AuditStoreConformanceTests.FullRecord("jti-1", TestData.Start.AddTicks(1234567));
        var bytes = Frame(42, record);

        Assert.True(AuditJournalFrame.TryRead(bytes, 42, out var read, out var consumed));
        Assert.Equal(bytes.Length, consumed);
        Assert.Equal(record, read);
    }

    [Fact]
    public void Write_ThenRead_NullFieldsStayNull()
    {
        var record = new AuditRecord { Timestamp = TestData.Start, Type = AuditEventTypes.TokenDenied, Error = "invalid_client", ClientAddress = "" };

        Assert.True(AuditJournalFrame.TryRead(Frame(7, record), 7, out var read, out _));
        Assert.Equal(record, read);
        Assert.Null(read!.AgentId);
        Assert.Null(read.LifetimeSeconds);
        Assert.Equal("", read.ClientAddress);
    }

    [Fact]
    public void TryRead_AnotherSequenceNumber_IsTheEnd()
    {
        // A frame left from a segment's previous use carries an older number than the scan expects.
        var bytes = Frame(5, AuditStoreConformanceTests.FullRecord("j", TestData.Start));

        Assert.False(AuditJournalFrame.TryRead(bytes, 6, out var read, out var consumed));
        Assert.Null(read);
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void TryRead_TornFrame_IsTheEnd()
    {
        var bytes = Frame(1, AuditStoreConformanceTests.FullRecord("j", TestData.Start));

        Assert.False(AuditJournalFrame.TryRead(bytes.AsSpan(0, bytes.Length - 1), 1, out _, out _));
        Assert.False(AuditJournalFrame.TryRead(bytes.AsSpan(0, AuditJournalFrame.HeaderSize - 1), 1, out _, out _));
    }

    [Fact]
    public void TryRead_AnyFlippedPayloadByte_FailsTheChecksum()
    {
        var bytes = Frame(1, AuditStoreConformanceTests.FullRecord("j", TestData.Start));
        for (var at = AuditJournalFrame.HeaderSize; at < bytes.Length; at++)
        {
            var copy = (byte[])bytes.Clone();
            copy[at] ^= 0x01;
            Assert.False(AuditJournalFrame.TryRead(copy, 1, out _, out _), $"byte {at} flipped");
        }
    }

    [Fact]
    public void TryRead_Zeroes_IsTheEnd()
    {
        // A preallocated segment past its last frame.
        Assert.False(AuditJournalFrame.TryRead(new byte[4096], 1, out _, out _));
    }

    [Fact]
    public void TryRead_LengthBeyondTheBuffer_IsTheEnd()
    {
        var bytes = Frame(1, AuditStoreConformanceTests.FullRecord("j", TestData.Start));
        BinaryPrimitives.WriteInt32LittleEndian(bytes, int.MaxValue);

        Assert.False(AuditJournalFrame.TryRead(bytes, 1, out _, out _));
    }
}
