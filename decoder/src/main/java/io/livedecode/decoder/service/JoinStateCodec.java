package io.livedecode.decoder.service;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The late-labels join state at the end of a session snapshot (version 2), big-endian like the rest:
 * {@code i64 labelsPosition | i64 labelsFrom | i64 arrivals | i64 highestIndex | i64 admittedFloor |
 * i32 words, i64[words] | i32 early, per early label: i64 frameIndex, f64 angle | i32 entries, per
 * entry: i64 position, i64 offset, i64 frameIndex, u8 state (0 pending, 1 known, 2 none), u8 late,
 * f64 label, i32 variants, f64[variants] decoded, i32 responses (-1: none), f32[responses]}.
 */
final class JoinStateCodec {

    private JoinStateCodec() {
    }

    static long length(LabelQueue.Saved s) {
        long n = 5L * Long.BYTES + Integer.BYTES + (long) s.admittedWords().length * Long.BYTES
                + Integer.BYTES + (long) s.earlyIndex().length * 16 + Integer.BYTES;
        for (LabelQueue.Entry e : s.entries()) {
            n += 3L * Long.BYTES + 2 + Double.BYTES + Integer.BYTES + (long) e.decoded.length * Double.BYTES
                    + Integer.BYTES + (e.responses == null ? 0 : (long) e.responses.length * Float.BYTES);
        }
        return n;
    }

    static void write(LabelQueue.Saved s, ByteBuffer out) {
        out.putLong(s.labelsPosition()).putLong(s.labelsFrom()).putLong(s.arrivals()).putLong(s.highestIndex())
                .putLong(s.admittedFloor()).putInt(s.admittedWords().length);
        for (long w : s.admittedWords()) {
            out.putLong(w);
        }
        out.putInt(s.earlyIndex().length);
        for (int i = 0; i < s.earlyIndex().length; i++) {
            out.putLong(s.earlyIndex()[i]).putDouble(s.earlyAngle()[i]);
        }
        out.putInt(s.entries().size());
        for (LabelQueue.Entry e : s.entries()) {
            out.putLong(e.position).putLong(e.offset).putLong(e.frameIndex).put((byte) e.state.ordinal())
                    .put((byte) (e.late ? 1 : 0)).putDouble(e.label).putInt(e.decoded.length);
            for (double d : e.decoded) {
                out.putDouble(d);
            }
            if (e.responses == null) {
                out.putInt(-1);
            } else {
                out.putInt(e.responses.length);
                out.asFloatBuffer().put(e.responses);
                out.position(out.position() + e.responses.length * Float.BYTES);
            }
        }
    }

    /**
     * Reads what {@link #write} wrote; a damaged count or state is an {@link IOException}, as is a
     * queued frame whose decoded angles or responses do not fit the snapshot's variants and neurons.
     */
    static LabelQueue.Saved read(DataInputStream in, int variants, int neurons) throws IOException {
        long labelsPosition = in.readLong();
        long labelsFrom = in.readLong();
        long arrivals = in.readLong();
        long highest = in.readLong();
        long floor = in.readLong();
        long[] words = new long[count(in, Long.BYTES)];
        for (int i = 0; i < words.length; i++) {
            words[i] = in.readLong();
        }
        int early = count(in, 16);
        long[] earlyIndex = new long[early];
        double[] earlyAngle = new double[early];
        for (int i = 0; i < early; i++) {
            earlyIndex[i] = in.readLong();
            earlyAngle[i] = in.readDouble();
        }
        int n = count(in, 3 * Long.BYTES);
        List<LabelQueue.Entry> entries = new ArrayList<>(n);
        LabelQueue.State[] states = LabelQueue.State.values();
        for (int i = 0; i < n; i++) {
            long position = in.readLong();
            long offset = in.readLong();
            long frameIndex = in.readLong();
            int state = in.readUnsignedByte();
            if (state >= states.length) {
                throw new IOException("queued frame " + frameIndex + " has label state " + state);
            }
            boolean late = in.readUnsignedByte() != 0;
            double label = in.readDouble();
            double[] decoded = new double[count(in, Double.BYTES)];
            if (decoded.length != variants) {
                throw new IOException("queued frame " + frameIndex + " has " + decoded.length + " decoded angles, the"
                        + " snapshot " + variants + " variants");
            }
            for (int k = 0; k < decoded.length; k++) {
                decoded[k] = in.readDouble();
            }
            int r = in.readInt();
            float[] responses = null;
            if (r < -1 || r >= 0 && r != neurons) {
                throw new IOException("queued frame " + frameIndex + " has " + r + " responses, the session " + neurons
                        + " neurons");
            }
            if (state != LabelQueue.State.NONE.ordinal() && r < 0) {
                throw new IOException("queued frame " + frameIndex + " is still to be learned but has no responses");
            }
            if (r >= 0) {
                if ((long) r * Float.BYTES > in.available()) {
                    throw new IOException("queued frame " + frameIndex + " claims " + r + " responses");
                }
                // In one read: a rig-sized queue holds millions of responses.
                byte[] raw = new byte[r * Float.BYTES];
                in.readFully(raw);
                responses = new float[r];
                ByteBuffer.wrap(raw).asFloatBuffer().get(responses);
            }
            entries.add(new LabelQueue.Entry(position, offset, frameIndex, responses, states[state], label, late,
                    decoded, LabelQueue.RESTORED, false));
        }
        try {
            AdmittedIndices.of(highest, floor, words);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage());
        }
        return new LabelQueue.Saved(labelsPosition, labelsFrom, arrivals, entries, earlyIndex, earlyAngle, highest,
                floor, words);
    }

    private static int count(DataInputStream in, int bytesEach) throws IOException {
        int n = in.readInt();
        if (n < 0 || (long) n * bytesEach > in.available()) {
            throw new IOException("count " + n + " with " + in.available() + " bytes left");
        }
        return n;
    }
}
