package io.livedecode.simulator.dataset;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * Buffered reading of a pickle stream from a file, tracking the absolute file position so that
 * large payloads can be skipped and referred to by offset instead of being read.
 */
final class PickleInput {

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long bufferStart;

    PickleInput(FileChannel channel, long start) {
        this.channel = channel;
        this.bufferStart = start;
        buffer.limit(0);
    }

    /** Absolute file offset of the next unread byte. */
    long position() {
        return bufferStart + buffer.position();
    }

    int u8() throws IOException {
        fill(1);
        return buffer.get() & 0xFF;
    }

    int u16() throws IOException {
        fill(2);
        return buffer.getShort() & 0xFFFF;
    }

    int i32() throws IOException {
        fill(4);
        return buffer.getInt();
    }

    long u32() throws IOException {
        return i32() & 0xFFFF_FFFFL;
    }

    long i64() throws IOException {
        fill(8);
        return buffer.getLong();
    }

    /** BINFLOAT is the one big-endian field of the pickle format. */
    double bigEndianDouble() throws IOException {
        fill(8);
        return Double.longBitsToDouble(Long.reverseBytes(buffer.getLong()));
    }

    byte[] bytes(int length) throws IOException {
        byte[] out = new byte[length];
        int done = 0;
        while (done < length) {
            if (!buffer.hasRemaining()) {
                refill();
            }
            int n = Math.min(buffer.remaining(), length - done);
            buffer.get(out, done, n);
            done += n;
        }
        return out;
    }

    /** Reads a newline-terminated ASCII line (GLOBAL's module and name), without the newline. */
    String line() throws IOException {
        StringBuilder out = new StringBuilder();
        while (true) {
            int b = u8();
            if (b == '\n') {
                return out.toString();
            }
            if (out.length() > 4096) {
                throw new IOException("text line longer than 4096 bytes");
            }
            out.append((char) b);
        }
    }

    String utf8(int length) throws IOException {
        return new String(bytes(length), StandardCharsets.UTF_8);
    }

    /** Moves past {@code length} bytes without reading them; fails if the file is shorter. */
    void skip(long length) throws IOException {
        long target = position() + length;
        if (target > channel.size()) {
            throw new EOFException("a payload of " + length + " bytes at byte " + position()
                    + " runs past the end of the file (" + channel.size() + " bytes)");
        }
        if (length <= buffer.remaining()) {
            buffer.position(buffer.position() + (int) length);
            return;
        }
        bufferStart = target;
        buffer.clear().limit(0);
    }

    private void fill(int needed) throws IOException {
        if (buffer.remaining() < needed) {
            refill();
            if (buffer.remaining() < needed) {
                throw new EOFException("the pickle ends early, at byte " + position());
            }
        }
    }

    private void refill() throws IOException {
        bufferStart += buffer.position();
        buffer.compact();
        long readAt = bufferStart + buffer.position();
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, readAt);
            if (n <= 0) {
                break;
            }
            readAt += n;
        }
        buffer.flip();
        if (!buffer.hasRemaining()) {
            throw new EOFException("the pickle ends early, at byte " + position());
        }
    }
}
