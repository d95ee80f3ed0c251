package io.livedecode.decoder.model;

import java.util.zip.CRC32;

/**
 * The binary snapshot of an {@link OnlineDecoder}, format version 5, little-endian:
 * <pre>
 *   magic "LDMS" (4 bytes) | int format version
 *   config: every {@link DecoderConfig} field in declaration order (enums as ordinals; see {@link ConfigCodec})
 *   int neuron count
 *   long labelled, unlabelled, refused updates, learned frames, applied updates
 *   standardiser: long count, double[n] mean, double[n] sum of squared deviations
 *   int layer count; per layer: int rows, int cols, float weights (column-major, rows x cols),
 *     float bias[rows], then velocity (weights, bias) if momentum or Adam (its mean gradient), then
 *     mean squares if RMSProp or Adam, then the averaged weights and biases if averaging, then if
 *     factored RMSProp float row[rows], column[cols] and
 *     bias[rows] mean squares, then double parameter bound, double velocity bound
 *   error window: int capacity, int size, int next, double ewma, double[capacity]
 *   rehearsal buffer if enabled: int capacity, int size, int next, size x (double label, bfloat16[n] as 2-byte shorts)
 *   long drift alarms, int boosted frames left
 *   error drift test if detectorThreshold > 0: long count, double mean, double cumulative, double minimum,
 *     int alarm flag
 *   input drift test if inputThreshold > 0: the same five fields
 *   int CRC32 of every preceding byte
 * </pre>
 * Random streams are keyed by (seed, counters), so the counters are the generator state; Adam's
 * step count is the applied-updates counter.
 */
final class DecoderSnapshot {
    static final int MAGIC = 'L' | 'D' << 8 | 'M' << 16 | 'S' << 24;
    /**
     * 2 added Adam's buffers and step count, the drift detector, alarm count and boost to the state
     * (and their settings to the config); 3 keeps the rehearsal buffer's responses as bfloat16; 4 adds
     * the drift detector's memory to the config; 5 the input drift detector (its threshold in the
     * config, its state after the error detector's). Older formats are refused: format 1's weight decay
     * spared the biases, a format 2 buffer of float32 responses would replay other values than the
     * same model kept running here, a format 3 configuration lacks the detector's memory and a
     * format 4 one the input detector.
     */
    static final int FORMAT_VERSION = 5;
    private static final int HEADER_BYTES = 8;
    static final int TRAILER_BYTES = 4;

    private DecoderSnapshot() {
    }

    static byte[] write(OnlineDecoder decoder) {
        long estimate = decoder.estimatedSnapshotBytes();
        SnapshotOutput out = new SnapshotOutput((int) Math.min(Integer.MAX_VALUE - 64, estimate));
        writeBody(decoder, out);
        byte[] bytes = java.util.Arrays.copyOf(out.toByteArray(), out.position() + TRAILER_BYTES);
        seal(bytes, 0, out.position());
        return bytes;
    }

    /**
     * {@link #write}'s snapshot with its arrays copied into {@code staging}, to be turned into the
     * same bytes later, elsewhere.
     */
    static CapturedSnapshot capture(OnlineDecoder decoder, SnapshotStaging staging) {
        SnapshotOutput out = new SnapshotOutput(4096, staging);
        writeBody(decoder, out);
        return new CapturedSnapshot(out);
    }

    private static void writeBody(OnlineDecoder decoder, SnapshotOutput out) {
        out.writeInt(MAGIC);
        out.writeInt(FORMAT_VERSION);
        ConfigCodec.write(decoder.config(), out);
        out.writeInt(decoder.neuronCount());
        decoder.writeState(out);
    }

    /** Writes the CRC32 of {@code bodyLength} bytes from {@code offset} right after them. */
    static void seal(byte[] bytes, int offset, int bodyLength) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, bodyLength);
        int c = (int) crc.getValue();
        for (int i = 0; i < TRAILER_BYTES; i++) {
            bytes[offset + bodyLength + i] = (byte) (c >>> (8 * i));
        }
    }

    static OnlineDecoder read(byte[] bytes, DecoderConfig expected, WeightKernels kernels) {
        if (bytes == null || bytes.length < HEADER_BYTES + TRAILER_BYTES) {
            throw new InvalidSnapshotException("snapshot too short: " + (bytes == null ? "null" : bytes.length + " bytes"));
        }
        SnapshotInput header = new SnapshotInput(bytes, 0, HEADER_BYTES);
        int magic = header.readInt();
        if (magic != MAGIC) {
            throw new InvalidSnapshotException(String.format(
                    "not a decoder snapshot: magic 0x%08x, expected 0x%08x (\"LDMS\")", magic, MAGIC));
        }
        int version = header.readInt();
        if (version != FORMAT_VERSION) {
            throw new InvalidSnapshotException(
                    "unsupported snapshot format version " + version + "; this build reads version " + FORMAT_VERSION);
        }
        int bodyLength = bytes.length - TRAILER_BYTES;
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bodyLength);
        int stored = new SnapshotInput(bytes, bodyLength, TRAILER_BYTES).readInt();
        if (stored != (int) crc.getValue()) {
            throw new InvalidSnapshotException(String.format(
                    "snapshot checksum mismatch: stored CRC32 0x%08x, computed 0x%08x over %d bytes",
                    stored, (int) crc.getValue(), bodyLength));
        }
        SnapshotInput in = new SnapshotInput(bytes, HEADER_BYTES, bodyLength - HEADER_BYTES);
        DecoderConfig config = ConfigCodec.read(in);
        if (expected != null && !expected.equals(config)) {
            throw new InvalidSnapshotException(
                    "snapshot was taken with a different configuration: snapshot " + config + ", expected " + expected);
        }
        int neurons = in.readInt();
        requirePlausibleSize(config, neurons, bytes.length);
        OnlineDecoder decoder = new OnlineDecoder(config, neurons, kernels);
        decoder.readState(in);
        if (in.remaining() != 0) {
            throw new InvalidSnapshotException(in.remaining() + " unexpected bytes after the snapshot contents");
        }
        return decoder;
    }

    /** Refuses shapes the bytes cannot hold before allocating anything for them. */
    private static void requirePlausibleSize(DecoderConfig config, int neurons, int length) {
        if (neurons < 1) {
            throw new InvalidSnapshotException("snapshot declares " + neurons + " neurons");
        }
        long needed = 16L * neurons;
        long inputs = neurons;
        for (int units : config.hiddenLayers()) {
            needed += 4L * units * inputs;
            inputs = units;
        }
        needed += 4L * config.outputs() * inputs;
        if (needed > length) {
            throw new InvalidSnapshotException(String.format(
                    "snapshot of %d bytes cannot hold a %d-neuron network with hidden layers %s (needs at least %d)",
                    length, neurons, config.hiddenLayers(), needed));
        }
    }
}
