package io.livedecode.decoder.config;

import io.livedecode.decoder.model.DecoderConfig;
import io.livedecode.decoder.model.Optimizer;
import io.livedecode.decoder.model.TargetEncoding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns decoder variant names into model configurations. A name is a base, {@code linear} or
 * {@code relu<units>}, followed by any of the suffixes {@code -l2} (weight decay
 * {@value #WEIGHT_DECAY}, PyTorch convention), {@code -l1} (L1 {@value #L1}), {@code -dropout}
 * (dropout {@value #DROPOUT}), {@code -raw} (regress raw degrees, the seed's target) and
 * {@code -rehearsal} (RMSProp at rate {@value #REHEARSAL_LEARNING_RATE}, and after each labelled
 * frame {@value #REHEARSAL_REPLAYS} more steps on frames drawn from the last
 * {@value #REHEARSAL_CAPACITY}, sampled by a generator seeded with the frame's position).
 */
public final class VariantCatalog {

    public static final double WEIGHT_DECAY = 0.01;
    public static final double L1 = 1e-5;
    public static final double DROPOUT = 0.2;
    public static final double REHEARSAL_LEARNING_RATE = 3e-4;
    public static final int REHEARSAL_REPLAYS = 7;
    public static final int REHEARSAL_CAPACITY = 2000;

    private static final Pattern BASE = Pattern.compile("(linear|relu(\\d{1,5}))((?:-[a-z0-9]+)*)");

    private VariantCatalog() {
    }

    /** Configurations for the named variants, in the given order. */
    public static Map<String, DecoderConfig> resolve(List<String> names, double periodDegrees, long seed, int window) {
        Map<String, DecoderConfig> out = new LinkedHashMap<>();
        for (String name : names) {
            out.put(name, resolve(name, periodDegrees, seed, window));
        }
        return out;
    }

    public static DecoderConfig resolve(String name, double periodDegrees, long seed, int window) {
        Matcher m = BASE.matcher(name);
        if (!m.matches()) {
            throw new ConfigException("decoder variant '" + name + "' is not linear or relu<units> with optional"
                    + " suffixes -l2, -l1, -dropout, -raw, -rehearsal (e.g. relu200-l2)");
        }
        DecoderConfig base = m.group(2) == null ? DecoderConfig.linear() : DecoderConfig.relu(units(name, m.group(2)));
        DecoderConfig.Builder b = base.toBuilder().periodDegrees(periodDegrees).seed(seed).statsWindow(window);
        for (String suffix : m.group(3).isEmpty() ? new String[0] : m.group(3).substring(1).split("-")) {
            switch (suffix) {
                case "l2" -> b.weightDecay(WEIGHT_DECAY);
                case "l1" -> b.l1(L1);
                case "dropout" -> b.dropout(DROPOUT);
                case "raw" -> b.targetEncoding(TargetEncoding.RAW_DEGREES);
                case "rehearsal" -> b.optimizer(Optimizer.RMSPROP).learningRate(REHEARSAL_LEARNING_RATE)
                        .rehearsal(REHEARSAL_REPLAYS, REHEARSAL_CAPACITY);
                default -> throw new ConfigException("decoder variant '" + name + "' has unknown suffix '-" + suffix
                        + "'; known: -l2, -l1, -dropout, -raw, -rehearsal");
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("decoder variant '" + name + "': " + e.getMessage());
        }
    }

    private static int units(String name, String digits) {
        int units = Integer.parseInt(digits);
        if (units < 1) {
            throw new ConfigException("decoder variant '" + name + "' needs at least 1 hidden unit");
        }
        return units;
    }
}
