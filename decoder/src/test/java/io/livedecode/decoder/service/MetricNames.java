package io.livedecode.decoder.service;

import java.util.List;

/** Every metric name the README documents, as Prometheus exposes it. */
final class MetricNames {

    static final List<String> DOCUMENTED = List.of(
            "livedecode_frames_total",
            "livedecode_frames_rejected_total",
            "livedecode_frames_sequence_total",
            "livedecode_labels_ignored_total",
            "livedecode_frames_clock_total",
            "livedecode_decode_latency_seconds_bucket",
            "livedecode_decode_latency_seconds_count",
            "livedecode_processing_seconds_bucket",
            "livedecode_stage_seconds_bucket",
            "livedecode_prequential_error_degrees_bucket",
            "livedecode_prequential_error_degrees_sum",
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
            "livedecode_sessions_evicted_total",
            "livedecode_live_clients",
            "livedecode_live_sent_bytes_total",
            "livedecode_live_updates_dropped_total",
            "kafka_consumer_fetch_manager_records_consumed_total",
            "kafka_producer_record_send_total",
            "jvm_memory_used_bytes",
            "jvm_threads_live_threads",
            "process_cpu_usage");

    private MetricNames() {
    }
}
