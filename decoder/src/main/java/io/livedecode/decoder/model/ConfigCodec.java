package io.livedecode.decoder.model;

import java.util.ArrayList;
import java.util.List;

/** Binary form of a {@link DecoderConfig} inside a snapshot: every field, in declaration order. */
final class ConfigCodec {
    private ConfigCodec() {
    }

    static void write(DecoderConfig c, SnapshotOutput out) {
        out.writeInt(c.hiddenLayers().size());
        for (int units : c.hiddenLayers()) {
            out.writeInt(units);
        }
        out.writeInt(c.activation().ordinal());
        out.writeInt(c.targetEncoding().ordinal());
        out.writeDouble(c.periodDegrees());
        out.writeDouble(c.learningRate());
        out.writeDouble(c.learningRateDecayFrames());
        out.writeDouble(c.momentum());
        out.writeInt(c.optimizer().ordinal());
        out.writeDouble(c.rmsPropRho());
        out.writeDouble(c.rmsPropEpsilon());
        out.writeDouble(c.weightDecay());
        out.writeDouble(c.l1());
        out.writeDouble(c.dropout());
        out.writeDouble(c.gradientClipNorm());
        out.writeInt(c.rehearsalReplays());
        out.writeInt(c.rehearsalCapacity());
        out.writeLong(c.seed());
        out.writeInt(c.statsWindow());
    }

    static DecoderConfig read(SnapshotInput in) {
        int hiddenCount = in.readInt();
        if (hiddenCount < 0 || hiddenCount > 64) {
            throw new InvalidSnapshotException("snapshot declares " + hiddenCount + " hidden layers");
        }
        List<Integer> hidden = new ArrayList<>(hiddenCount);
        for (int i = 0; i < hiddenCount; i++) {
            hidden.add(in.readInt());
        }
        try {
            return new DecoderConfig(hidden,
                    constant(Activation.values(), in.readInt(), "activation"),
                    constant(TargetEncoding.values(), in.readInt(), "target encoding"),
                    in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
                    constant(Optimizer.values(), in.readInt(), "optimizer"),
                    in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
                    in.readDouble(), in.readInt(), in.readInt(), in.readLong(), in.readInt());
        } catch (InvalidSnapshotException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidSnapshotException("snapshot holds an invalid configuration: " + e.getMessage(), e);
        }
    }

    private static <E extends Enum<E>> E constant(E[] values, int ordinal, String what) {
        if (ordinal < 0 || ordinal >= values.length) {
            throw new InvalidSnapshotException("snapshot holds unknown " + what + " number " + ordinal);
        }
        return values[ordinal];
    }
}
