package io.livedecode.simulator.dataset;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Where the bytes of an array live. Large payloads stay in the file and are read once, when
 * decoded, so a loader never holds the raw bytes and the decoded values at the same time.
 */
sealed interface RawData {

    /** Opens a fresh stream over the payload bytes. */
    InputStream open() throws IOException;

    /** Bytes held in memory (small payloads, or bytes rebuilt from a small latin-1 string). */
    record InMemory(byte[] bytes) implements RawData {
        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes);
        }
    }

    /** A byte range of a file, read in place. */
    record FileRange(Path file, long offset, long length) implements RawData {
        @Override
        public InputStream open() throws IOException {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            try {
                channel.position(offset);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            return new BoundedStream(Channels.newInputStream(channel), length);
        }
    }

    /**
     * Bytes that an old pickle stored as a latin-1 string ({@code _codecs.encode(text, 'latin1')},
     * protocol 2): the file holds UTF-8 text whose code points are the byte values.
     */
    record Latin1Text(FileRange utf8) implements RawData {
        @Override
        public InputStream open() throws IOException {
            return new Latin1Decoder(utf8.open());
        }
    }

    /** The bytes of an npz member after its npy header; the archive must stay open while read. */
    record ZipMember(ZipFile zip, ZipEntry entry, long headerLength) implements RawData {
        @Override
        public InputStream open() throws IOException {
            InputStream in = zip.getInputStream(entry);
            in.skipNBytes(headerLength);
            return in;
        }
    }

    /** Ends a stream after a fixed number of bytes. */
    final class BoundedStream extends FilterInputStream {
        private long left;

        BoundedStream(InputStream in, long length) {
            super(in);
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(buffer, offset, (int) Math.min(length, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    /** Turns UTF-8 text of code points 0..255 back into the bytes they stand for. */
    final class Latin1Decoder extends InputStream {
        private final InputStream utf8;

        Latin1Decoder(InputStream utf8) {
            this.utf8 = new java.io.BufferedInputStream(utf8, 1 << 16);
        }

        @Override
        public int read() throws IOException {
            int first = utf8.read();
            if (first < 0x80) {
                return first;
            }
            // Code points 0x80..0xFF are the two-byte sequences C2 xx and C3 xx.
            int second = utf8.read();
            if ((first != 0xC2 && first != 0xC3) || second < 0x80 || second > 0xBF) {
                throw new IOException("latin-1 byte string holds a character above U+00FF (UTF-8 lead byte 0x"
                        + Integer.toHexString(first) + ")");
            }
            return ((first & 0x03) << 6) | (second & 0x3F);
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = 0;
            while (n < length) {
                int b = read();
                if (b < 0) {
                    return n == 0 ? -1 : n;
                }
                buffer[offset + n++] = (byte) b;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            utf8.close();
        }
    }
}
