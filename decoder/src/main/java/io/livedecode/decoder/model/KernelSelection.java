package io.livedecode.decoder.model;

/** Picks the kernel implementation once: vector classes must not load when their module is absent. */
final class KernelSelection {
    static final WeightKernels BEST = select();

    private KernelSelection() {
    }

    private static WeightKernels select() {
        boolean vectorModule = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (vectorModule && !Boolean.getBoolean("livedecode.scalarKernels")) {
            return VectorKernels.INSTANCE;
        }
        return ScalarKernels.INSTANCE;
    }
}
