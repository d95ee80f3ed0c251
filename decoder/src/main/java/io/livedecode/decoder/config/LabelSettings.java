package io.livedecode.decoder.config;

import io.livedecode.protocol.Topics;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Late labels: whether the decoder reads a labels topic, and how the join of labels to frames is
 * paced (see the README's "Late labels").
 *
 * @param enabled   false: no labels topic is read and frames are learned from their inline stimulus at once
 * @param topic     the labels topic's full name, the common prefix included
 * @param lagFrames L: the frame at arrival position p is learned just before the frame at p + L + 1 is decoded
 * @param maxWait   how long the head of a session's queue may wait for its label before it is given up
 */
public record LabelSettings(boolean enabled, String topic, int lagFrames, Duration maxWait) {

    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");

    static LabelSettings from(ConfigValues v, Topics topics, DeliveryMode mode) {
        String name = v.text("topics.labels");
        if (!LEGAL.matcher(name).matches() || name.length() > 200) {
            throw new ConfigException("topics.labels '" + name + "' must be 1 to 200 characters of [a-zA-Z0-9._-]");
        }
        boolean enabled = v.bool("labels.enabled");
        if (enabled && mode == DeliveryMode.EXACTLY_ONCE) {
            // Frames held for their labels would have to stay inside one open transaction: not built yet.
            throw new ConfigException("labels.enabled=true is not supported with delivery.mode=exactly-once yet;"
                    + " use delivery.mode=at-least-once");
        }
        return new LabelSettings(enabled, topics.prefix() + name,
                v.intInRange("labels.lag-frames", 0, 1_000_000),
                Duration.ofMillis(v.longInRange("labels.max-wait-ms", 1, 24L * 3_600_000)));
    }
}
