using System.Buffers.Binary;
using System.Numerics;

namespace Mandate.Storage.Sqlite;

/// <summary>
/// The audit log's write-ahead journal: a ring of <see cref="SegmentCount"/> preallocated files that
/// audit records are appended to, one write and one <c>fsync</c> per group commit, before they are
/// copied into <c>audit_records</c> in large transactions (<see cref="JournaledAuditAppender"/>).
/// </summary>
/// <remarks>
/// <para>Why: a SQLite commit rewrites whole pages of the table and each index and writes two
/// <c>pwrite</c> calls per page; its fixed cost per commit dominated the durable audit's CPU
/// (docs/benchmarks.md). Appending frames to a file that is already allocated and zero-filled needs no
/// metadata change, so its <c>fsync</c> flushes only the data.</para>
/// <para>Layout: each segment starts with a 64-byte header (magic, the journal id that ties it to one
/// database, the sequence number of its first frame, CRC-32C), then <see cref="AuditJournalFrame"/>s with
/// consecutive sequence numbers. A segment is reused only when every record it holds has been imported;
/// its header is rewritten in the same write as its first frames, so the stale frames left behind carry
/// older sequence numbers and end the scan.</para>
/// <para>Not thread-safe: one writer (<see cref="JournaledAuditAppender"/> serialises it). The folder is
/// held with an exclusive lock for the journal's lifetime, so two processes never share it.</para>
/// </remarks>
internal sealed class SqliteAuditJournal : IDisposable
{
    internal const int SegmentCount = 4;
    internal const int DefaultSegmentSize = 1 << 20;
    internal const int SegmentHeaderSize = 64;

    private static ReadOnlySpan<byte> Magic => "MNDTAJ01"u8;

    private readonly string _directory;
    private readonly Guid _journalId;
    private readonly int _segmentSize;
    private readonly FileStream _lock;
    private readonly FileStream?[] _segments = new FileStream?[SegmentCount];
    private readonly bool[] _dirty = new bool[SegmentCount];

    // The highest sequence number each segment holds in its current use (0: none).
    private readonly long[] _lastSequence = new long[SegmentCount];
    private byte[] _buffer = new byte[64 * 1024];
    private int _current;
    private int _offset;
    private long _nextSequence;
    private bool _faulted;

    private SqliteAuditJournal(string directory, Guid journalId, int segmentSize, FileStream lockFile)
    {
        _directory = directory;
        _journalId = journalId;
        _segmentSize = segmentSize;
        _lock = lockFile;
    }

    /// <summary>The sequence number of the last record appended (or recovered).</summary>
    public long LastSequence => _nextSequence - 1;

    /// <summary>
    /// Opens (creating if needed) the journal in <paramref name="directory"/> and returns every record
    /// it holds with a sequence number above <paramref name="importedSequence"/>, in order.
    /// </summary>
    /// <exception cref="IOException">Another process holds the journal.</exception>
    public static SqliteAuditJournal Open(
        string directory, Guid journalId, long importedSequence, int segmentSize,
        out IReadOnlyList<(long Sequence, AuditRecord Record)> recovered)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentSize, 4 * 1024);
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            FileSync.Directory(Path.GetDirectoryName(Path.GetFullPath(directory))!);
        }

        // FileShare.None takes an exclusive advisory lock on Unix (flock), released when the process ends.
        var lockFile = new FileStream(Path.Combine(directory, "lock"), OwnerOnly(FileMode.OpenOrCreate, FileShare.None));
        var journal = new SqliteAuditJournal(directory, journalId, segmentSize, lockFile);
        try
        {
            recovered = journal.Recover(importedSequence);
            return journal;
        }
        catch
        {
            journal.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Appends <paramref name="records"/> from <paramref name="start"/> and makes them durable. Stops early
    /// when the next segment still holds records above <paramref name="importedSequence"/>.
    /// </summary>
    /// <returns>How many records were appended; <see cref="LastSequence"/> is the last one's number.</returns>
    /// <exception cref="IOException">The write or sync failed; the journal refuses every later append.</exception>
    public int Append(IReadOnlyList<AuditRecord> records, int start, long importedSequence)
    {
        if (_faulted)
        {
            throw new IOException("The audit journal failed earlier; restart the server to recover it.");
        }

        try
        {
            return AppendCore(records, start, importedSequence);
        }
        catch
        {
            // Sequence numbers and offsets may have moved past frames that never reached the disk.
            _faulted = true;
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var segment in _segments)
        {
            segment?.Dispose();
        }

        _lock.Dispose();
    }

    private int AppendCore(IReadOnlyList<AuditRecord> records, int start, long importedSequence)
    {
        var used = 0;
        var bufferAt = _offset;
        var appended = 0;
        for (var i = start; i < records.Count; i++)
        {
            var size = AuditJournalFrame.Measure(records[i]);
            if (size > _segmentSize - SegmentHeaderSize)
            {
                throw new InvalidOperationException($"An audit record of {size} bytes does not fit a journal segment.");
            }

            if (_offset == 0 || _offset + size > _segmentSize)
            {
                WriteOut(used, bufferAt);
                used = 0;
                var next = _offset == 0 ? _current : (_current + 1) % SegmentCount;
                if (_lastSequence[next] > importedSequence)
                {
                    break;
                }

                StartSegment(next);
                WriteHeader(_buffer);
                used = SegmentHeaderSize;
                bufferAt = 0;
                _offset = SegmentHeaderSize;
            }

            if (_buffer.Length - used < size)
            {
                Array.Resize(ref _buffer, (int)BitOperations.RoundUpToPowerOf2((uint)(used + size)));
            }

            AuditJournalFrame.Write(_buffer.AsSpan(used), _nextSequence, records[i]);
            _lastSequence[_current] = _nextSequence;
            _nextSequence++;
            used += size;
            _offset += size;
            appended++;
        }

        WriteOut(used, bufferAt);
        for (var s = 0; s < SegmentCount; s++)
        {
            if (_dirty[s])
            {
                FileSync.Data(_segments[s]!);
                _dirty[s] = false;
            }
        }

        return appended;
    }

    private void WriteOut(int used, int fileOffset)
    {
        if (used == 0)
        {
            return;
        }

        RandomAccess.Write(_segments[_current]!.SafeFileHandle, _buffer.AsSpan(0, used), fileOffset);
        _dirty[_current] = true;
    }

    private void WriteHeader(Span<byte> destination)
    {
        destination[..SegmentHeaderSize].Clear();
        Magic.CopyTo(destination);
        _journalId.TryWriteBytes(destination[8..24]);
        BinaryPrimitives.WriteInt64LittleEndian(destination[24..], _nextSequence);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[32..], HeaderChecksum(destination));
    }

    private static uint HeaderChecksum(ReadOnlySpan<byte> header)
    {
        var crc = 0xFFFFFFFFu;
        for (var at = 0; at < 32; at += 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(header[at..]));
        }

        return ~crc;
    }

    // Makes segment `index` the current one, creating its file (zero-filled, synced) on first use.
    private void StartSegment(int index)
    {
        if (_segments[index] is null)
        {
            var path = SegmentPath(index);
            var stream = new FileStream(path, OwnerOnly(FileMode.OpenOrCreate, FileShare.Read));
            try
            {
                if (stream.Length != _segmentSize)
                {
                    ZeroFill(stream);
                    FileSync.Directory(_directory);
                }
            }
            catch
            {
                stream.Dispose();
                throw;
            }

            _segments[index] = stream;
        }

        _current = index;
        _lastSequence[index] = 0;
    }

    // Preallocated with real zeroes, not a sparse or fallocated extent: later appends then change no
    // metadata, so their fsync writes only data (measured on this VM's ext4: about half the time and CPU
    // of an fsync that grows the file).
    private void ZeroFill(FileStream stream)
    {
        stream.SetLength(0);
        var zeroes = new byte[64 * 1024];
        for (long at = 0; at < _segmentSize; at += zeroes.Length)
        {
            RandomAccess.Write(stream.SafeFileHandle, zeroes.AsSpan(0, (int)Math.Min(zeroes.Length, _segmentSize - at)), at);
        }

        stream.Flush(flushToDisk: true);
    }

    // Read-write, unbuffered, and created readable by the owner only (0600), like the database file.
    private static FileStreamOptions OwnerOnly(FileMode mode, FileShare share)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.ReadWrite, Share = share, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }

    private string SegmentPath(int index) => Path.Combine(_directory, $"segment-{index}");

    private List<(long Sequence, AuditRecord Record)> Recover(long importedSequence)
    {
        var found = new List<(long Sequence, AuditRecord Record)>();
        var highest = importedSequence;
        for (var index = 0; index < SegmentCount; index++)
        {
            var path = SegmentPath(index);
            if (!File.Exists(path))
            {
                continue;
            }

            var bytes = File.ReadAllBytes(path);
            if (!TryReadHeader(bytes, out var sequence))
            {
                continue;
            }

            var at = SegmentHeaderSize;
            while (AuditJournalFrame.TryRead(bytes.AsSpan(at), sequence, out var record, out var consumed))
            {
                if (sequence > importedSequence)
                {
                    found.Add((sequence, record!));
                }

                _lastSequence[index] = sequence;
                highest = Math.Max(highest, sequence);
                sequence++;
                at += consumed;
            }
        }

        found.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        _nextSequence = highest + 1;

        // Start over in the segment after the newest one, once everything recovered is imported.
        var newest = Array.IndexOf(_lastSequence, _lastSequence.Max());
        _current = _lastSequence[newest] == 0 ? 0 : (newest + 1) % SegmentCount;
        _offset = 0;
        return found;
    }

    private bool TryReadHeader(ReadOnlySpan<byte> bytes, out long firstSequence)
    {
        firstSequence = 0;
        if (bytes.Length < SegmentHeaderSize || !bytes[..8].SequenceEqual(Magic) ||
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[32..]) != HeaderChecksum(bytes) ||
            new Guid(bytes[8..24]) != _journalId)
        {
            return false;
        }

        firstSequence = BinaryPrimitives.ReadInt64LittleEndian(bytes[24..]);
        return firstSequence > 0;
    }
}
