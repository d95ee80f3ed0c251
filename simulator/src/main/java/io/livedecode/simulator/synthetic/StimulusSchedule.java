package io.livedecode.simulator.synthetic;

/**
 * The stimulus angle and acquisition time of every trial, drawn once from the seed. Angles are
 * stratified (each of {@code trials} equal slices of the period holds exactly one, at a random
 * place) and shown in random order, so even a short session covers the period evenly.
 */
final class StimulusSchedule {

    private final double[] degrees;
    private final double[] acquisitionSeconds;

    private StimulusSchedule(double[] degrees, double[] acquisitionSeconds) {
        this.degrees = degrees;
        this.acquisitionSeconds = acquisitionSeconds;
    }

    static StimulusSchedule draw(PopulationConfig config) {
        int trials = config.trials();
        SplitMix64 random = new SplitMix64(SeedStreams.derive(config.seed(), SeedStreams.SCHEDULE, 0));
        int[] order = new int[trials];
        for (int i = 0; i < trials; i++) {
            order[i] = i;
        }
        for (int i = trials - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        double slice = config.periodDegrees() / trials;
        double[] degrees = new double[trials];
        double[] seconds = new double[trials];
        SessionTiming timing = config.timing();
        for (int i = 0; i < trials; i++) {
            // Guard the rare rounding up to exactly the period: angles stay in [0, period).
            double angle = (order[i] + random.nextDouble()) * slice;
            degrees[i] = angle < config.periodDegrees() ? angle : 0.0;
            double onset = i * timing.trialIntervalSeconds() + timing.onsetJitterSeconds() * random.nextDouble();
            seconds[i] = timing.frameAtOrAfter(onset);
        }
        return new StimulusSchedule(degrees, seconds);
    }

    double degrees(int trial) {
        return degrees[trial];
    }

    double acquisitionSeconds(int trial) {
        return acquisitionSeconds[trial];
    }
}
