package io.livedecode.decoder.model;

/** Picks the kernel implementation once: vector classes must not load when their module is absent. */
final class KernelSelection {
    /** The single-threaded kernels every pass runs on (vector or scalar). */
    static final WeightKernels SINGLE = selectSingle();
    static final ParallelKernels BEST = new ParallelKernels(SINGLE, KernelThreads.initial());

    private KernelSelection() {
    }

    private static WeightKernels selectSingle() {
        boolean vectorModule = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (vectorModule && !Boolean.getBoolean("livedecode.scalarKernels")) {
            return VectorKernels.INSTANCE;
        }
        return ScalarKernels.INSTANCE;
    }
}
