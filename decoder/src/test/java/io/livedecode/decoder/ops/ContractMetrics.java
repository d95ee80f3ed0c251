package io.livedecode.decoder.ops;

import java.util.Set;
import java.util.TreeSet;

/**
 * The Prometheus series names the decoder's metrics contract promises, and the few Kafka client
 * series the dashboards rely on; dashboards and alerts may select nothing else.
 */
public final class ContractMetrics {

    /** The service's own metrics (histograms listed by their series). */
    public static final Set<String> LIVEDECODE = Set.of(
            "livedecode_frames_total",
            "livedecode_frames_rejected_total",
            "livedecode_frames_sequence_total",
            "livedecode_labels_ignored_total",
            "livedecode_frames_clock_total",
            "livedecode_decode_latency_seconds_bucket",
            "livedecode_decode_latency_seconds_sum",
            "livedecode_decode_latency_seconds_count",
            "livedecode_processing_seconds_bucket",
            "livedecode_processing_seconds_sum",
            "livedecode_processing_seconds_count",
            "livedecode_stage_seconds_bucket",
            "livedecode_stage_seconds_sum",
            "livedecode_stage_seconds_count",
            "livedecode_prequential_error_degrees_bucket",
            "livedecode_prequential_error_degrees_sum",
            "livedecode_prequential_error_degrees_count",
            "livedecode_prequential_error_median_degrees",
            "livedecode_model_updates_total",
            "livedecode_updates_refused_total",
            "livedecode_drift_alarms_total",
            "livedecode_model_version",
            "livedecode_consumer_lag_records",
            "livedecode_sessions_active",
            "livedecode_ready",
            "livedecode_kafka_reachable",
            "livedecode_snapshots_set_aside_total",
            "livedecode_snapshots_written_total",
            "livedecode_rewinds_total",
            "livedecode_hanging_transactions_aborted_total",
            "livedecode_sessions_evicted_total");

    /** Micrometer's JVM and process binders; the GC pause series appear after the first collection. */
    public static final Set<String> JVM = Set.of(
            "jvm_memory_used_bytes",
            "jvm_gc_pause_seconds_count",
            "jvm_gc_pause_seconds_sum",
            "jvm_gc_pause_seconds_max",
            "jvm_threads_live_threads",
            "process_cpu_usage",
            "process_uptime_seconds");

    /**
     * Micrometer's KafkaClientMetrics names for kafka-clients 4.4: group "consumer-fetch-manager-metrics"
     * and "producer-metrics" become the prefixes, the Kafka metric name the rest.
     */
    public static final Set<String> KAFKA = Set.of(
            "kafka_consumer_fetch_manager_records_consumed_total",
            "kafka_consumer_fetch_manager_fetch_total",
            "kafka_producer_record_send_total",
            "kafka_producer_record_error_total");

    /** Written by Prometheus itself for every scrape target. */
    public static final Set<String> SCRAPE = Set.of("up");

    private ContractMetrics() {
    }

    /** Every name a decoder exports (all but {@link #SCRAPE}). */
    public static Set<String> exported() {
        Set<String> all = new TreeSet<>(LIVEDECODE);
        all.addAll(JVM);
        all.addAll(KAFKA);
        return all;
    }

    /** Every name dashboards and alerts may select. */
    public static Set<String> selectable() {
        Set<String> all = new TreeSet<>(exported());
        all.addAll(SCRAPE);
        return all;
    }
}
