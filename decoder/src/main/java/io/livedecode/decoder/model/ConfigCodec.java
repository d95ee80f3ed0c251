package io.livedecode.decoder.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Binary form of a {@link DecoderConfig} inside a snapshot: every field, in declaration order
 * (enums as ordinals, booleans as int 0/1, the drift settings field by field).
 */
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
        out.writeInt(c.rateByFanIn() ? 1 : 0);
        out.writeDouble(c.learningRateDecayFrames());
        out.writeDouble(c.momentum());
        out.writeInt(c.optimizer().ordinal());
        out.writeDouble(c.rmsPropRho());
        out.writeDouble(c.rmsPropEpsilon());
        out.writeDouble(c.adamBeta1());
        out.writeDouble(c.adamBeta2());
        out.writeDouble(c.adamEpsilon());
        out.writeDouble(c.weightDecay());
        out.writeDouble(c.l1());
        out.writeInt(c.l1Mode().ordinal());
        out.writeDouble(c.dropout());
        out.writeDouble(c.gradientClipNorm());
        out.writeInt(c.rehearsalReplays());
        out.writeInt(c.rehearsalCapacity());
        out.writeLong(c.rehearsalBudget());
        out.writeLong(c.seed());
        out.writeInt(c.statsWindow());
        out.writeInt(c.averagingHorizon());
        DriftSettings d = c.drift();
        out.writeInt(d.standardizerWindow());
        out.writeDouble(d.detectorDelta());
        out.writeDouble(d.detectorThreshold());
        out.writeInt(d.detectorWarmup());
        out.writeInt(d.detectorMemory());
        out.writeDouble(d.boostFactor());
        out.writeInt(d.boostFrames());
        out.writeInt(d.restartFrames());
        out.writeInt(d.flushRehearsal() ? 1 : 0);
        out.writeDouble(d.inputThreshold());
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
            DecoderConfig.Builder b = DecoderConfig.builder().hiddenLayers(hidden)
                    .activation(constant(Activation.values(), in.readInt(), "activation"))
                    .targetEncoding(constant(TargetEncoding.values(), in.readInt(), "target encoding"))
                    .periodDegrees(in.readDouble()).learningRate(in.readDouble())
                    .rateByFanIn(flag(in.readInt(), "rate-by-fan-in"))
                    .learningRateDecayFrames(in.readDouble()).momentum(in.readDouble())
                    .optimizer(constant(Optimizer.values(), in.readInt(), "optimizer"))
                    .rmsPropRho(in.readDouble()).rmsPropEpsilon(in.readDouble())
                    .adamBeta1(in.readDouble()).adamBeta2(in.readDouble()).adamEpsilon(in.readDouble())
                    .weightDecay(in.readDouble()).l1(in.readDouble())
                    .l1Mode(constant(L1Mode.values(), in.readInt(), "L1 mode"))
                    .dropout(in.readDouble()).gradientClipNorm(in.readDouble());
            int replays = in.readInt();
            int capacity = in.readInt();
            b.rehearsal(replays, capacity).rehearsalBudget(in.readLong()).seed(in.readLong()).statsWindow(in.readInt())
                    .averagingHorizon(in.readInt());
            int window = in.readInt();
            double delta = in.readDouble();
            double threshold = in.readDouble();
            int warmup = in.readInt();
            int memory = in.readInt();
            double boost = in.readDouble();
            int boostFrames = in.readInt();
            int restart = in.readInt();
            boolean flush = flag(in.readInt(), "rehearsal flush");
            double inputThreshold = in.readDouble();
            return b.drift(new DriftSettings(window, delta, threshold, warmup, memory, boost, boostFrames, restart,
                    flush, inputThreshold)).build();
        } catch (InvalidSnapshotException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidSnapshotException("snapshot holds an invalid configuration: " + e.getMessage(), e);
        }
    }

    private static boolean flag(int value, String what) {
        if (value != 0 && value != 1) {
            throw new InvalidSnapshotException("snapshot holds " + what + " flag " + value + ", not 0 or 1");
        }
        return value == 1;
    }

    private static <E extends Enum<E>> E constant(E[] values, int ordinal, String what) {
        if (ordinal < 0 || ordinal >= values.length) {
            throw new InvalidSnapshotException("snapshot holds unknown " + what + " number " + ordinal);
        }
        return values[ordinal];
    }
}
