using System.Buffers;
using System.Text;

namespace LeakScope.Cli.Reporting;

/// <summary>
/// A write-only stream that decodes UTF-8 onto a <see cref="TextWriter"/>, so that a report written
/// as bytes (JSON, SARIF) streams to the console too. A character split across two writes is kept
/// until its last byte arrives.
/// </summary>
internal sealed class TextWriterStream(TextWriter writer) : Stream
{
    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetDecoder();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        char[] chars = ArrayPool<char>.Shared.Rent(_decoder.GetCharCount(buffer, flush: false));
        try
        {
            int count = _decoder.GetChars(buffer, chars, flush: false);
            writer.Write(chars, 0, count);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    public override void Flush() => writer.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
