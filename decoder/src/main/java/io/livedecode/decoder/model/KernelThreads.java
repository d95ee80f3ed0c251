package io.livedecode.decoder.model;

/**
 * How many threads a large matrix pass of any model in this JVM runs on (see
 * {@link ParallelKernels}). A library user gets one unless the system property
 * {@code livedecode.kernel.threads} says otherwise (0 there means the available cores); the
 * service takes {@code decoder.kernel-threads}, and when that is 0, the property if set, else the
 * available cores (see {@link #forService}). Results do not depend on the count, only the time a
 * frame takes.
 */
public final class KernelThreads {
    static final String PROPERTY = "livedecode.kernel.threads";
    /** The most threads a pass can be split across. */
    public static final int MAX = PassWorkers.MAX_CHUNKS;

    private KernelThreads() {
    }

    /**
     * Threads per pass from now on (1 keeps every pass on the calling thread).
     *
     * @throws IllegalArgumentException unless {@code 1 <= threads <=} {@link #MAX}
     */
    public static void use(int threads) {
        KernelSelection.BEST.useThreads(threads);
    }

    /** Threads per pass now. */
    public static int current() {
        return KernelSelection.BEST.threads();
    }

    /** The available cores, capped at the most a pass can use. */
    public static int available() {
        return Math.min(Runtime.getRuntime().availableProcessors(), MAX);
    }

    /**
     * The count the service runs with: {@code configured} if positive, else the system property if
     * it is set, else {@link #available()}.
     */
    public static int forService(int configured) {
        if (configured > 0) {
            return configured;
        }
        String set = System.getProperty(PROPERTY);
        return set == null || set.isBlank() ? available() : initial();
    }

    static int initial() {
        String set = System.getProperty(PROPERTY);
        if (set == null || set.isBlank()) {
            return 1;
        }
        // Read while the kernels initialise, so a bad value must not fail that class for good.
        try {
            int n = Integer.parseInt(set.trim());
            if (n == 0) {
                return available();
            }
            if (n >= 1 && n <= MAX) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        System.err.printf("%s=%s is not 0 (the available cores) or a thread count 1-%d; using 1%n", PROPERTY, set,
                MAX);
        return 1;
    }
}
