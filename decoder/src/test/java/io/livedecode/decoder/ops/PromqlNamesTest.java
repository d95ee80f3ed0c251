package io.livedecode.decoder.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PromqlNamesTest {

    @Test
    void histogramQuantileYieldsOnlyTheBucketSeries() {
        assertEquals(Set.of("livedecode_decode_latency_seconds_bucket"), PromqlNames.metricNames(
                "histogram_quantile(0.99, sum by (variant, le) (rate(livedecode_decode_latency_seconds_bucket{session=\"$session\", variant=~\"a|b\"}[1m])))"));
    }

    @Test
    void binaryOperatorsKeywordsAndGroupingAreNotNames() {
        assertEquals(Set.of("livedecode_frames_rejected_total", "livedecode_frames_total"), PromqlNames.metricNames(
                "sum by (job, instance, reason) (rate(livedecode_frames_rejected_total[5m]))"
                        + " / on (job, instance) group_left sum by (job, instance) (rate(livedecode_frames_total[5m])) > 0.01"));
        assertEquals(Set.of("livedecode_consumer_lag_records"), PromqlNames.metricNames(
                "livedecode_consumer_lag_records > 1000 and deriv(livedecode_consumer_lag_records[10m]) > 0"));
    }

    @Test
    void offsetsNumbersAndLabelValuesAreNotNames() {
        assertEquals(Set.of("up"), PromqlNames.metricNames(
                "up{job=\"livedecode\"} == 0 or absent(up{job=\"livedecode\"} offset 5m) * 1e3"));
        assertEquals(Set.of("x_total", "y"), PromqlNames.metricNames(
                "sum(rate(x_total[5m])) without (instance) + label_replace(y, \"dst\", \"$1\", \"src\", \"(.*)\")"));
    }
}
