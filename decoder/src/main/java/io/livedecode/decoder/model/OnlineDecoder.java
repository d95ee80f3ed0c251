package io.livedecode.decoder.model;

import io.livedecode.protocol.Angles;

/**
 * Decodes an angle from one frame of population responses and learns from labelled frames, one
 * frame at a time (prequential: each labelled frame is decoded and scored before it is learned).
 * One instance serves one session and one decoder variant.
 *
 * <p>Per labelled frame: the standardiser includes the frame, the network predicts, the circular
 * error is recorded, the network takes one SGD step reusing the prediction's forward pass, then
 * (if configured) replays frames from the rehearsal buffer. An update that would make anything
 * non-finite or diverge is refused and leaves the model (weights, optimiser state, standardiser)
 * exactly as it was. Unlabelled frames change nothing but a counter.
 *
 * <p>Deterministic: the same configuration and frames give the same outputs bit for bit, on any
 * machine; {@link #snapshot()} and {@link #restore(byte[])} continue a stream exactly.
 *
 * <p>Not thread-safe: a single thread must own an instance at a time (hand-overs need a
 * happens-before edge, e.g. a queue or a lock). The hot path allocates nothing when the caller
 * reuses a {@link StepResult}.
 */
public final class OnlineDecoder {
    private final DecoderConfig config;
    private final int neurons;
    private final OnlineStandardizer standardizer;
    private final SmileNetwork network;
    private final TargetCodec codec;
    private final RehearsalBuffer rehearsal;
    /** Replays after each labelled frame: {@link DecoderConfig#replaysFor} this neuron count. */
    private final int replays;
    private final ErrorWindow errors;
    /** The drift detectors; null when the configuration has none. */
    private final DriftWatch watch;
    private final SplitMix64 rng = new SplitMix64(0);
    private final float[] z;
    /** A replayed frame's responses, widened from the rehearsal buffer's bfloat16; null without rehearsal. */
    private final float[] replayed;
    private final float[] target;
    private long labelled;
    private long unlabelled;
    private long refused;
    private long learnedFrames;
    private long driftAlarms;
    /** Labelled frames left in the learning-rate boost that follows an alarm. */
    private int boostRemaining;
    /** A labelled frame decoded by {@link #decode} and not yet learned by {@link #learnDecoded}. */
    private boolean pending;
    private float[] pendingResponses;
    private float pendingZMax;
    private double pendingLabel;
    private double pendingError;

    /**
     * A fresh decoder for {@code neuronCount} neurons, weights drawn from the configured seed.
     *
     * @throws IllegalArgumentException if {@code neuronCount < 1}
     */
    public OnlineDecoder(DecoderConfig config, int neuronCount) {
        this(config, neuronCount, WeightKernels.best());
        network.initialise();
    }

    /** A fresh decoder computing with the given kernels (tests compare implementations). */
    static OnlineDecoder create(DecoderConfig config, int neuronCount, WeightKernels kernels) {
        OnlineDecoder decoder = new OnlineDecoder(config, neuronCount, kernels);
        decoder.network.initialise();
        return decoder;
    }

    OnlineDecoder(DecoderConfig config, int neuronCount, WeightKernels kernels) {
        if (config == null) {
            throw new IllegalArgumentException("config must be set");
        }
        if (neuronCount < 1) {
            throw new IllegalArgumentException("neuronCount must be at least 1, got " + neuronCount);
        }
        this.config = config;
        this.neurons = neuronCount;
        this.standardizer = new OnlineStandardizer(neuronCount, kernels, config.drift().standardizerWindow());
        this.network = new SmileNetwork(config, neuronCount, kernels);
        this.codec = new TargetCodec(config.targetEncoding(), config.periodDegrees());
        this.replays = config.replaysFor(neuronCount);
        this.rehearsal = replays > 0 ? new RehearsalBuffer(config.rehearsalCapacity(), neuronCount) : null;
        this.errors = new ErrorWindow(config.statsWindow());
        DriftSettings drift = config.drift();
        this.watch = drift.detects() ? new DriftWatch(drift, config.periodDegrees()) : null;
        this.z = new float[neuronCount];
        this.replayed = rehearsal != null ? new float[neuronCount] : null;
        this.target = new float[config.outputs()];
    }

    /** The configuration this decoder was built with. */
    public DecoderConfig config() {
        return config;
    }

    /** The number of responses every frame must carry. */
    public int neuronCount() {
        return neurons;
    }

    /** Rehearsal replays after each labelled frame (the configured count, capped by the compute budget). */
    public int replays() {
        return replays;
    }

    /** The model version: the number of updates applied (frames and rehearsal replays). */
    public long version() {
        return network.applied();
    }

    /**
     * Decodes one frame without learning and without changing any state.
     *
     * @return the decoded angle in degrees, in {@code [0, period)}; NaN if the network output is not finite
     * @throws IllegalArgumentException if the frame has the wrong length or a non-finite response
     */
    public double predict(float[] responses) {
        checkLength(responses);
        requireFinite(standardizer.standardize(responses, z), responses);
        return codec.decode(answer(z));
    }

    /** {@link #step(float[], double, StepResult)} into a new result. */
    public StepResult step(float[] responses, double labelDegrees) {
        StepResult result = new StepResult();
        step(responses, labelDegrees, result);
        return result;
    }

    /**
     * Decodes one frame; when {@code labelDegrees} is not NaN, scores the decoded angle against it
     * and then learns from it. Labels are taken modulo the period (so 270 is 90 for orientation).
     * The same as {@link #decode} followed by {@link #learnDecoded}.
     *
     * @param labelDegrees the true angle, or NaN when unknown
     * @param result       receives the decoded angle, error, outcome and version
     * @throws IllegalArgumentException if the frame has the wrong length or a non-finite response,
     *                                  or the label is infinite
     */
    public void step(float[] responses, double labelDegrees, StepResult result) {
        decode(responses, labelDegrees, result);
        learnDecoded(result);
    }

    /**
     * The first half of {@link #step}: decodes the frame and, when it is labelled, scores it and
     * prepares the update without applying it, so a caller can publish the answer before paying
     * for learning. The outcome is {@link StepOutcome#DECODED_ONLY} until {@link #learnDecoded}
     * runs, which must happen before the next frame; {@code responses} must not change meanwhile.
     *
     * @throws IllegalStateException if the previous labelled frame has not been learned yet
     */
    public void decode(float[] responses, double labelDegrees, StepResult result) {
        if (pending) {
            throw new IllegalStateException("the previous labelled frame has not been learned yet; call learnDecoded first");
        }
        checkLength(responses);
        if (Double.isNaN(labelDegrees)) {
            requireFinite(standardizer.standardize(responses, z), responses);
            double decoded = codec.decode(answer(z));
            unlabelled++;
            result.set(decoded, Double.NaN, StepOutcome.DECODED_ONLY, version());
            return;
        }
        if (Double.isInfinite(labelDegrees)) {
            throw new IllegalArgumentException("label must be finite or NaN (unknown), got " + labelDegrees);
        }
        float zMax = standardizer.include(responses, z);
        requireFinite(zMax, responses);
        double label = Angles.wrap(labelDegrees, config.periodDegrees());
        double decoded = codec.decode(answer(z));
        double error = Double.isNaN(decoded) ? Double.NaN : Angles.circularDistance(decoded, label, config.periodDegrees());
        if (!Double.isNaN(error)) {
            errors.add(error);
        }
        pending = true;
        pendingResponses = responses;
        pendingZMax = zMax;
        pendingLabel = label;
        pendingError = error;
        result.set(decoded, error, StepOutcome.DECODED_ONLY, version());
    }

    /** Whether the last {@link #decode} left an update for {@link #learnDecoded} (its frame was labelled). */
    public boolean learnPending() {
        return pending;
    }

    /**
     * The second half of {@link #step}: applies the update prepared by the last {@link #decode} of
     * a labelled frame and sets the outcome to LEARNED or REFUSED; does nothing after an
     * unlabelled frame.
     */
    public void learnDecoded(StepResult result) {
        if (!pending) {
            return;
        }
        pending = false;
        float[] responses = pendingResponses;
        pendingResponses = null;
        long index = labelled++;
        codec.encode(pendingLabel, target);
        double eta = config.learningRateAt(learnedFrames) * boost();
        if (network.averaged()) {
            network.predict(z);
        }
        if (!network.learn(z, pendingZMax, target, eta, dropoutKey(index, 0))) {
            refused++;
            result.set(result.decodedDegrees(), result.errorDegrees(), StepOutcome.REFUSED, version());
            return;
        }
        standardizer.commit();
        learnedFrames++;
        if (boostRemaining > 0) {
            boostRemaining--;
        }
        boolean alarm = watch(pendingError);
        if (rehearsal != null) {
            rehearse(index, eta);
            rehearsal.add(responses, pendingLabel);
        }
        result.set(result.decodedDegrees(), result.errorDegrees(), StepOutcome.LEARNED, version());
        result.driftDetected(alarm);
    }

    /**
     * Learns from a frame decoded earlier without its label (late labels): scores the angle decoded
     * then, {@code decodedDegrees}, against the label now known, and takes the same update
     * {@link #learnDecoded} would, computed from the current weights and standardiser (a fresh
     * forward pass). The frame was counted unlabelled when it was decoded; it now counts as labelled.
     *
     * @param labelDegrees the true angle; NaN changes nothing (the frame stays decoded only)
     * @param result       receives {@code decodedDegrees}, the error, the outcome and the version
     * @throws IllegalStateException    between {@link #decode} and {@link #learnDecoded} of a labelled frame
     * @throws IllegalArgumentException if the frame has the wrong length or a non-finite response,
     *                                  or the label is infinite
     */
    public void learn(float[] responses, double labelDegrees, double decodedDegrees, StepResult result) {
        if (pending) {
            throw new IllegalStateException("the previous labelled frame has not been learned yet; call learnDecoded first");
        }
        checkLength(responses);
        if (Double.isNaN(labelDegrees)) {
            result.set(decodedDegrees, Double.NaN, StepOutcome.DECODED_ONLY, version());
            return;
        }
        if (Double.isInfinite(labelDegrees)) {
            throw new IllegalArgumentException("label must be finite or NaN (unknown), got " + labelDegrees);
        }
        float zMax = standardizer.include(responses, z);
        requireFinite(zMax, responses);
        double label = Angles.wrap(labelDegrees, config.periodDegrees());
        double error = Double.isNaN(decodedDegrees) ? Double.NaN
                : Angles.circularDistance(decodedDegrees, label, config.periodDegrees());
        if (!Double.isNaN(error)) {
            errors.add(error);
        }
        if (!network.averaged()) {
            // learnDecoded reuses the forward pass of the decode; here there is none with these weights.
            network.predict(z);
        }
        if (unlabelled > 0) {
            unlabelled--;
        }
        pending = true;
        pendingResponses = responses;
        pendingZMax = zMax;
        pendingLabel = label;
        pendingError = error;
        result.set(decodedDegrees, error, StepOutcome.DECODED_ONLY, version());
        learnDecoded(result);
    }

    /** The learning-rate multiplier: decays linearly from the boost factor to 1 after an alarm. */
    private double boost() {
        DriftSettings drift = config.drift();
        return boostRemaining == 0 ? 1 : 1 + (drift.boostFactor() - 1) * boostRemaining / drift.boostFrames();
    }

    /**
     * Feeds the drift detectors the learned frame's error and the frame as standardised (still in
     * {@code z}: learning only reads it, and replays come after) and, on an alarm, lets the next
     * frames count more.
     */
    private boolean watch(double error) {
        if (watch == null || !watch.observe(error, z, neurons)) {
            return false;
        }
        driftAlarms++;
        DriftSettings drift = config.drift();
        standardizer.restart(drift.restartFrames());
        boostRemaining = drift.boostFrames();
        if (drift.flushRehearsal() && rehearsal != null) {
            rehearsal.clear();
        }
        return true;
    }

    /** The decoder's output for standardised {@code z}: the averaged network's when averaging. */
    private float[] answer(float[] z) {
        return network.averaged() ? network.predictAveraged(z) : network.predict(z);
    }

    /** Replays a fixed number of buffered frames, drawn with a generator keyed by the frame's position. */
    private void rehearse(long index, double eta) {
        if (rehearsal.size() == 0) {
            return;
        }
        rng.reseed(config.seed(), index, Streams.REHEARSAL);
        for (int r = 1; r <= replays; r++) {
            int slot = rng.nextInt(rehearsal.size());
            rehearsal.responses(slot, replayed);
            float zMax = standardizer.standardize(replayed, z);
            network.predict(z);
            codec.encode(rehearsal.label(slot), target);
            if (!network.learn(z, zMax, target, eta, dropoutKey(index, r))) {
                refused++;
            }
        }
    }

    private long dropoutKey(long index, int replay) {
        return index * (replays + 1L) + replay;
    }

    private void checkLength(float[] responses) {
        if (responses == null) {
            throw new IllegalArgumentException("responses must not be null");
        }
        if (responses.length != neurons) {
            throw new IllegalArgumentException(
                    "expected " + neurons + " responses, got " + responses.length);
        }
    }

    /** The standardiser reports a non-finite response as NaN, having changed nothing that counts. */
    private static void requireFinite(float standardizedMax, float[] responses) {
        if (Float.isNaN(standardizedMax)) {
            for (int i = 0; i < responses.length; i++) {
                if (!Float.isFinite(responses[i])) {
                    throw new IllegalArgumentException(
                            "response " + i + " is " + responses[i] + "; responses must be finite");
                }
            }
        }
    }

    /** The rolling prequential statistics (computed on demand; allocates the record). */
    public PrequentialStats stats() {
        return new PrequentialStats(labelled, unlabelled, refused, version(), errors.size(),
                errors.median(), errors.mean(), errors.ewma(), driftAlarms);
    }

    /** Number of first-layer weights that are exactly zero (L1 drives weights to zero). */
    public long zeroWeightsInFirstLayer() {
        return network.layers()[0].zeroWeights();
    }

    /**
     * Everything needed to continue this decoder exactly, in a versioned, checksummed binary form
     * (see {@link DecoderSnapshot}).
     */
    public byte[] snapshot() {
        if (pending) {
            throw new IllegalStateException("cannot snapshot between decode and learnDecoded of a labelled frame");
        }
        return DecoderSnapshot.write(this);
    }

    /**
     * {@link #snapshot()} in two halves: this copies the state's arrays into {@code staging} (a
     * memory copy, for the decoding thread), the result's {@code writeTo} makes the same bytes later
     * on any thread, while this decoder goes on.
     */
    public CapturedSnapshot capture(SnapshotStaging staging) {
        if (pending) {
            throw new IllegalStateException("cannot snapshot between decode and learnDecoded of a labelled frame");
        }
        return DecoderSnapshot.capture(this, staging);
    }

    /**
     * A copy of the learned state (standardiser statistics, weights, biases, optimiser buffers)
     * that decodes frames exactly as this decoder does now; see {@link ModelState}.
     *
     * @throws IllegalStateException between {@link #decode} and {@link #learnDecoded} of a labelled frame
     */
    public ModelState exportState() {
        if (pending) {
            throw new IllegalStateException("cannot export between decode and learnDecoded of a labelled frame");
        }
        return ModelState.capture(this, standardizer, network);
    }

    /**
     * A decoder continuing exactly where the snapshotted one stopped.
     *
     * @throws InvalidSnapshotException if the bytes are not a valid, complete snapshot
     */
    public static OnlineDecoder restore(byte[] snapshot) {
        return DecoderSnapshot.read(snapshot, null, WeightKernels.best());
    }

    /**
     * As {@link #restore(byte[])}, and checks the snapshot was taken with {@code expected}.
     *
     * @throws InvalidSnapshotException if invalid or taken with another configuration
     */
    public static OnlineDecoder restore(byte[] snapshot, DecoderConfig expected) {
        return DecoderSnapshot.read(snapshot, expected, WeightKernels.best());
    }

    /** The learned state alone (standardiser, weights, optimiser buffers), for comparisons in tests. */
    byte[] modelState() {
        SnapshotOutput out = new SnapshotOutput((int) Math.min(Integer.MAX_VALUE - 64, estimatedSnapshotBytes()));
        standardizer.write(out);
        for (NetworkLayer layer : network.layers()) {
            layer.write(out);
        }
        return out.toByteArray();
    }

    SmileNetwork network() {
        return network;
    }

    long estimatedSnapshotBytes() {
        long bytes = 4096 + 16L * neurons + 8L * config.statsWindow();
        int buffers = 1 + (config.momentum() > 0 ? 1 : 0) + (config.averagingHorizon() > 0 ? 1 : 0) + switch (config.optimizer()) {
            case SGD, RMSPROP_FACTORED -> 0;
            case RMSPROP -> 1;
            case ADAM -> 2;
        };
        for (NetworkLayer layer : network.layers()) {
            bytes += 4L * buffers * ((long) layer.rows * layer.cols + layer.rows);
        }
        return bytes + (rehearsal == null ? 0 : rehearsal.bytesEstimate());
    }

    void writeState(SnapshotOutput out) {
        out.writeLong(labelled);
        out.writeLong(unlabelled);
        out.writeLong(refused);
        out.writeLong(learnedFrames);
        out.writeLong(network.applied());
        standardizer.write(out);
        out.writeInt(network.layers().length);
        for (NetworkLayer layer : network.layers()) {
            layer.write(out);
        }
        errors.write(out);
        if (rehearsal != null) {
            rehearsal.write(out);
        }
        out.writeLong(driftAlarms);
        out.writeInt(boostRemaining);
        if (watch != null) {
            watch.write(out);
        }
    }

    /** Reads what {@link #writeState} wrote. */
    void readState(SnapshotInput in) {
        labelled = in.readLong();
        unlabelled = in.readLong();
        refused = in.readLong();
        learnedFrames = in.readLong();
        long applied = in.readLong();
        if (labelled < 0 || unlabelled < 0 || refused < 0 || learnedFrames < 0 || applied < 0) {
            throw new InvalidSnapshotException(String.format(
                    "negative counter in snapshot: labelled %d, unlabelled %d, refused %d, learned %d, updates %d",
                    labelled, unlabelled, refused, learnedFrames, applied));
        }
        network.applied(applied);
        standardizer.read(in);
        int layerCount = in.readInt();
        if (layerCount != network.layers().length) {
            throw new InvalidSnapshotException(
                    "snapshot has " + layerCount + " layers, the configuration builds " + network.layers().length);
        }
        for (NetworkLayer layer : network.layers()) {
            layer.read(in);
        }
        errors.read(in);
        if (rehearsal != null) {
            rehearsal.read(in);
        }
        driftAlarms = in.readLong();
        boostRemaining = in.readInt();
        if (driftAlarms < 0 || boostRemaining < 0 || boostRemaining > config.drift().boostFrames()) {
            throw new InvalidSnapshotException(String.format(
                    "drift state is inconsistent: %d alarms, %d boosted frames left of %d",
                    driftAlarms, boostRemaining, config.drift().boostFrames()));
        }
        if (watch != null) {
            watch.read(in);
        }
    }
}
