package io.livedecode.decoder.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Ties the dashboards and the fake target's exposition to the metric names of the service contract. */
class ContractMetricsTest {

    @Test
    void fakeExpositionHoldsExactlyTheContractMetrics() {
        Set<String> exposed = FakeMetricsTarget.contractExposition().lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("[{\\s]", 2)[0])
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(ContractMetrics.exported()), exposed);
    }

    @Test
    void dashboardsSelectOnlyContractMetrics() {
        for (DashboardQueries dashboard : DashboardQueries.loadAll()) {
            Set<String> unknown = new TreeSet<>(dashboard.metricNames());
            unknown.removeAll(ContractMetrics.selectable());
            assertTrue(unknown.isEmpty(), () -> dashboard.name() + " selects metrics outside the contract: " + unknown);
        }
    }

    @Test
    void decoderDashboardShowsEveryServiceMetric() {
        Set<String> shown = DashboardQueries.loadAll().stream()
                .flatMap(d -> d.metricNames().stream()).collect(Collectors.toSet());
        Set<String> missing = ContractMetrics.LIVEDECODE.stream()
                .filter(n -> !n.endsWith("_sum") && !n.endsWith("_count") && !shown.contains(n))
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(missing.isEmpty(), () -> "no panel shows " + missing);
    }

    @Test
    void scalingGrowsCumulativeSeriesAndKeepsGauges() {
        String exposition = """
                # TYPE a_total counter
                a_total{reason="x"} 3
                b_seconds_bucket{le="+Inf"} 4
                jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 7.5
                """;
        assertEquals("""
                # TYPE a_total counter
                a_total{reason="x"} 9.0
                b_seconds_bucket{le="+Inf"} 12.0
                jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 7.5
                """, FakeMetricsTarget.scaled(exposition, 3));
    }
}
