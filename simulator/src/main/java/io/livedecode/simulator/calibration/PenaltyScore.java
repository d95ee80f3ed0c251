package io.livedecode.simulator.calibration;

/**
 * How a ridge penalty did on held-out training trials.
 *
 * @param penalty            relative ridge penalty
 * @param medianErrorDegrees median absolute circular error on the validation trials
 */
public record PenaltyScore(double penalty, double medianErrorDegrees) {
}
