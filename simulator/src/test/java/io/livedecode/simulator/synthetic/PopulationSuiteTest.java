package io.livedecode.simulator.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.simulator.source.TrialSource;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PopulationSuiteTest {

    @Test
    void theSuiteSpansWhereRecordingsDiffer() {
        List<PopulationSuite.Member> members = PopulationSuite.members();
        assertEquals(PopulationSuite.BUILTIN, members.getFirst().name());
        List<FamilySpec> families = members.stream().map(PopulationSuite.Member::spec)
                .filter(s -> s != null).toList();
        assertTrue(families.size() >= 5, families.size() + " generator families");
        assertEquals(Set.of(180.0, 360.0), members.stream().map(PopulationSuite.Member::periodDegrees)
                .collect(Collectors.toSet()));
        assertEquals(1_000, members.stream().mapToInt(PopulationSuite.Member::neurons).min().orElseThrow());
        assertEquals(50_000, members.stream().mapToInt(PopulationSuite.Member::neurons).max().orElseThrow());
        assertEquals(Set.of(NoiseFamily.values()), families.stream().map(s -> s.noise().family())
                .collect(Collectors.toSet()), "every noise family");
        assertEquals(Set.of(TuningShape.values()), families.stream().map(s -> s.tuning().shape())
                .collect(Collectors.toSet()), "every tuning shape");
        double smallest = families.stream().mapToDouble(s -> s.tuning().medianAmplitude()).min().orElseThrow();
        double largest = families.stream().mapToDouble(s -> s.tuning().medianAmplitude()).max().orElseThrow();
        assertTrue(largest / smallest >= 1e4, "response scales over four orders of magnitude");
        assertTrue(families.stream().anyMatch(s -> s.noise().latentFactors() > 0), "correlated noise");
        assertTrue(families.stream().anyMatch(s -> s.tuning().untunedFraction() >= 0.4), "many untuned neurons");
        assertTrue(members.stream().anyMatch(PopulationSuite.Member::tuning));
        assertTrue(members.stream().anyMatch(m -> !m.tuning()), "some members are held out");
        assertEquals(members.size(), members.stream().map(PopulationSuite.Member::name).distinct().count());
        assertTrue(members.stream().allMatch(m -> m.trials() == 4_598));
    }

    @Test
    void everyMemberOpensAtAnySizeWithFiniteResponsesAndKnownPreferences() {
        for (PopulationSuite.Member m : PopulationSuite.members()) {
            TrialSource s = m.open(300);
            assertEquals(300, s.neurons());
            assertEquals(m.trials(), s.trials());
            for (int t = 0; t < 5; t++) {
                double stimulus = s.trial(t).stimulusDegrees();
                assertTrue(stimulus >= 0 && stimulus < m.periodDegrees(), m.name() + " stimulus " + stimulus);
                for (float r : s.trial(t).responses()) {
                    assertTrue(Float.isFinite(r), m.name());
                }
            }
            assertEquals(300, PopulationSuite.preferredDegrees(s).length, m.name());
        }
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PopulationSuite.member("nope"));
        assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains("broad-gamma"), e.getMessage());
    }
}
