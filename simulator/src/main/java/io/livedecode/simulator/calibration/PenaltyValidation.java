package io.livedecode.simulator.calibration;

import io.livedecode.protocol.Angles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores ridge penalties by fitting on the first trials of a training range and decoding the rest,
 * all from one Gram matrix. Penalties are solved from the largest down, each warm-started from the
 * previous solution, which makes the smaller, slower-converging ones cheap.
 */
final class PenaltyValidation {

    private PenaltyValidation() {
    }

    static List<PenaltyScore> score(double[][] gram, double[] anglesDegrees, int fitting, double[] penalties,
                                    double periodDegrees) {
        CenteredKernel kernel = new CenteredKernel(gram, fitting);
        double[][] targets = Targets.centred(anglesDegrees, fitting, periodDegrees);
        double[] means = Targets.means(anglesDegrees, fitting, periodDegrees);
        double scale = kernel.meanDiagonal();
        double[] order = penalties.clone();
        Arrays.sort(order);
        double[][] alpha = new double[2][fitting];
        List<PenaltyScore> scores = new ArrayList<>();
        for (int p = order.length - 1; p >= 0; p--) {
            kernel.solve(order[p] * scale, targets, alpha);
            double[] errors = new double[anglesDegrees.length - fitting];
            for (int v = fitting; v < anglesDegrees.length; v++) {
                double c = means[0] + kernel.apply(v, alpha[0]);
                double s = means[1] + kernel.apply(v, alpha[1]);
                errors[v - fitting] = Angles.circularDistance(
                        Targets.degrees(c, s, periodDegrees), anglesDegrees[v], periodDegrees);
            }
            scores.add(new PenaltyScore(order[p], Quantiles.median(errors)));
        }
        return scores;
    }
}
