package io.livedecode.decoder.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java network against the teaching exercise's PyTorch {@code DeepNet} / {@code DeepNetReLU}
 * (Debian's {@code /usr/bin/python3} with python3-torch): both start from the same weights, learn
 * from the same 100 frames one at a time, and must end with the same weights to float rounding.
 *
 * <p>The standardiser is bypassed: both sides learn from the same already standardised frames, so
 * the test isolates the network and its update rule. Two outputs (cos, sin): PyTorch's
 * {@code MSELoss} averages over them, so its gradient is exactly ours. Where we differ on purpose
 * (RMSProp's epsilon under the square root, the factored RMSProp the defaults use, the proximal L1
 * step) the case runs against a reference of our own rule written with PyTorch tensors.
 */
class TorchEquivalenceTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final int INPUTS = 64;
    private static final int HIDDEN = 16;
    private static final int STEPS = 100;
    /** Float rounding over 100 steps: summation orders differ between the two implementations. */
    private static final double TOLERANCE = 2e-5;

    @TempDir
    static Path dir;

    private static final Map<String, Case> CASES = new LinkedHashMap<>();

    private record Case(String name, DecoderConfig config, String torchRule, Map<String, Object> extra, boolean relu) {
    }

    private static final DecoderConfig RELU = DecoderConfig.relu(HIDDEN).toBuilder().learningRate(0.2).seed(9).build();
    private static final DecoderConfig LINEAR = RELU.toBuilder().activation(Activation.LINEAR).learningRate(0.1).build();

    static {
        add(new Case("sgd-relu", RELU, "sgd", Map.of(), true));
        add(new Case("sgd-linear", LINEAR, "sgd", Map.of(), false));
        add(new Case("sgd-weight-decay", RELU.toBuilder().weightDecay(0.3).build(), "sgd", Map.of("weight_decay", 0.3), true));
        add(new Case("momentum", RELU.toBuilder().learningRate(0.05).momentum(0.9).build(), "sgd",
                Map.of("momentum", 0.9), true));
        add(new Case("l1-subgradient", RELU.toBuilder().l1(0.01).l1Mode(L1Mode.SUBGRADIENT).build(), "sgd_l1",
                Map.of("l1", 0.01), true));
        add(new Case("dropout", RELU.toBuilder().dropout(0.3).build(), "sgd", Map.of("dropout", true), true));
        add(new Case("adam-fan-in-weight-decay", RELU.toBuilder().optimizer(Optimizer.ADAM).learningRate(0.003)
                .rateByFanIn(true).weightDecay(0.5).build(), "adamw",
                Map.of("beta1", 0.9, "beta2", 0.999, "eps", 1e-8, "weight_decay", 0.5), true));
        add(new Case("rmsprop-own", RELU.toBuilder().optimizer(Optimizer.RMSPROP).learningRate(3e-3)
                .rmsPropEpsilon(1e-6).build(), "rmsprop_own", Map.of("rho", 0.9, "eps", 1e-6), true));
        add(new Case("rmsprop-factored-own", RELU.toBuilder().optimizer(Optimizer.RMSPROP_FACTORED).learningRate(3e-4)
                .rateByFanIn(true).build(), "rmsprop_factored_own", Map.of("rho", 0.9, "eps", 1e-8), true));
        add(new Case("l1-proximal-own", RELU.toBuilder().l1(0.01).build(), "sgd_proximal", Map.of("l1", 0.01), true));
    }

    private static void add(Case c) {
        CASES.put(c.name(), c);
    }

    /** Final Java weights per case: [w_in, b_in, w_out, b_out] in PyTorch's layouts. */
    private static final Map<String, float[][]> JAVA = new LinkedHashMap<>();
    private static final Map<String, float[][]> INITIAL = new LinkedHashMap<>();

    @BeforeAll
    static void trainBothSides() throws Exception {
        SplittableRandom r = new SplittableRandom(3);
        float[][] x = new float[STEPS][INPUTS];
        float[][] y = new float[STEPS][2];
        for (int t = 0; t < STEPS; t++) {
            double angle = r.nextDouble(2 * Math.PI);
            for (int i = 0; i < INPUTS; i++) {
                // A tuned population, already standardised: unit variance per neuron, scaled by 1/sqrt(n).
                double tuning = Math.cos(angle - 2 * Math.PI * i / INPUTS);
                x[t][i] = (float) ((1.2 * tuning + 0.6 * r.nextGaussian()) / Math.sqrt(INPUTS));
            }
            y[t][0] = (float) Math.cos(angle);
            y[t][1] = (float) Math.sin(angle);
        }
        for (Case c : CASES.values()) {
            Path caseDir = Files.createDirectories(dir.resolve(c.name()));
            SmileNetwork net = new SmileNetwork(c.config(), INPUTS, WeightKernels.best());
            net.initialise();
            INITIAL.put(c.name(), parameters(net));
            write(caseDir, "w0_in.f32", INITIAL.get(c.name())[0]);
            write(caseDir, "b0_in.f32", INITIAL.get(c.name())[1]);
            write(caseDir, "w0_out.f32", INITIAL.get(c.name())[2]);
            write(caseDir, "b0_out.f32", INITIAL.get(c.name())[3]);
            write(caseDir, "x.f32", flat(x));
            write(caseDir, "y.f32", flat(y));
            float[][] masks = new float[STEPS][];
            for (int t = 0; t < STEPS; t++) {
                float zMax = 0;
                for (float v : x[t]) {
                    zMax = Math.max(zMax, Math.abs(v));
                }
                net.predict(x[t]);
                assertTrue(net.learn(x[t], zMax, y[t], c.config().learningRate(), t), c.name() + " step " + t);
                NetworkLayer hidden = net.layers()[0];
                masks[t] = hidden.mask == null ? null : java.util.Arrays.copyOf(hidden.mask, HIDDEN);
            }
            if (c.config().dropout() > 0) {
                write(caseDir, "masks.f32", flat(masks));
            }
            JAVA.put(c.name(), parameters(net));
            // With rateByFanIn the first layer's rate is scaled to the neuron count, the output layer's is not.
            double scale = c.config().rateByFanIn() ? Math.sqrt(DecoderConfig.REFERENCE_INPUTS / (double) INPUTS) : 1;
            double scaleOut = 1;
            StringBuilder json = new StringBuilder(String.format(Locale.ROOT,
                    "{\"net\": \"%s\", \"inputs\": %d, \"hidden\": %d, \"outputs\": 2, \"steps\": %d, \"rule\": \"%s\","
                            + " \"lr\": [%s, %s]", c.relu() ? "DeepNetReLU" : "DeepNet", INPUTS, HIDDEN, STEPS,
                    c.torchRule(), c.config().learningRate() * scale, c.config().learningRate() * scaleOut));
            c.extra().forEach((k, v) -> json.append(", \"").append(k).append("\": ").append(v));
            Files.writeString(caseDir.resolve("case.json"), json.append("}").toString());
        }
        Path script = dir.resolve("torch_reference.py");
        try (InputStream in = TorchEquivalenceTest.class.getResourceAsStream("torch_reference.py")) {
            Files.copy(in, script);
        }
        Process p = new ProcessBuilder(PYTHON, script.toString(), dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "PyTorch reference timed out");
        assertEquals(0, p.exitValue(), "the PyTorch reference failed (needs Debian's python3-torch, "
                + "scripts/install-system-deps test):\n" + out);
        assertTrue(out.contains("\"cases\": " + CASES.size()), out);
    }

    @Test
    void plainSgdMatchesTheSeedsReluAndLinearNetworks() throws IOException {
        assertSame("sgd-relu");
        assertSame("sgd-linear");
    }

    @Test
    void weightDecayMatchesPyTorchsWeightDecayOnWeightsAndBiases() throws IOException {
        assertSame("sgd-weight-decay");
        float[][] torch = torch("sgd-weight-decay");
        float[][] undecayed = JAVA.get("sgd-relu");
        assertTrue(maxDifference(torch[1], undecayed[1]) > 100 * TOLERANCE, "the biases decayed too");
    }

    @Test
    void momentumMatchesPyTorchsHeavyBall() throws IOException {
        assertSame("momentum");
    }

    @Test
    void theSubgradientL1ModeMatchesAnL1PenaltyAddedToTheLoss() throws IOException {
        assertSame("l1-subgradient");
        assertTrue(maxDifference(JAVA.get("l1-subgradient")[0], JAVA.get("l1-proximal-own")[0]) > 100 * TOLERANCE,
                "the proximal step is a different rule");
    }

    @Test
    void dropoutWithTheSameMasksMatches() throws IOException {
        assertSame("dropout");
    }

    @Test
    void adamWithFanInRatesAndWeightDecayMatchesAdamW() throws IOException {
        assertSame("adam-fan-in-weight-decay");
    }

    @Test
    void rmsPropAndProximalL1MatchTheirOwnReferences() throws IOException {
        assertSame("rmsprop-own");
        assertSame("l1-proximal-own");
    }

    @Test
    void factoredRmsPropWithFanInRatesMatchesItsOwnReference() throws IOException {
        assertSame("rmsprop-factored-own");
    }

    private static void assertSame(String name) throws IOException {
        float[][] java = JAVA.get(name);
        float[][] torch = torch(name);
        float[][] initial = INITIAL.get(name);
        for (int p = 0; p < java.length; p++) {
            double moved = maxDifference(java[p], initial[p]);
            double off = maxDifference(java[p], torch[p]);
            String what = name + " " + List.of("in weights", "in biases", "out weights", "out biases").get(p);
            assertTrue(off <= TOLERANCE, what + ": largest difference to PyTorch " + off);
            assertTrue(moved > 100 * TOLERANCE, what + " barely moved (" + moved + "), so agreeing proves little");
        }
    }

    private static float[][] torch(String name) throws IOException {
        Path d = dir.resolve(name);
        return new float[][] {read(d.resolve("w_in.f32")), read(d.resolve("b_in.f32")), read(d.resolve("w_out.f32")),
                read(d.resolve("b_out.f32"))};
    }

    private static double maxDifference(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }

    /** Weights in PyTorch's (out, in) row-major layout, then biases, per layer. */
    private static float[][] parameters(SmileNetwork net) {
        float[][] out = new float[4][];
        for (int l = 0; l < 2; l++) {
            NetworkLayer layer = net.layers()[l];
            float[] w = new float[layer.rows * layer.cols];
            for (int i = 0; i < layer.rows; i++) {
                for (int j = 0; j < layer.cols; j++) {
                    w[i * layer.cols + j] = layer.weight[j * layer.ld + i];
                }
            }
            out[2 * l] = w;
            out[2 * l + 1] = java.util.Arrays.copyOf(layer.bias, layer.rows);
        }
        return out;
    }

    private static float[] flat(float[][] rows) {
        int n = rows[0].length;
        float[] out = new float[rows.length * n];
        for (int t = 0; t < rows.length; t++) {
            System.arraycopy(rows[t], 0, out, t * n, n);
        }
        return out;
    }

    private static void write(Path dir, String name, float[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        Files.write(dir.resolve(name), b.array());
    }

    private static float[] read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }
}
