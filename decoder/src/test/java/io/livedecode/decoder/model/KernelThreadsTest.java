package io.livedecode.decoder.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The thread count the service picks: its own setting, else the JVM's property, else every core. */
class KernelThreadsTest {
    private final String before = System.getProperty(KernelThreads.PROPERTY);

    @AfterEach
    void restoreProperty() {
        if (before == null) {
            System.clearProperty(KernelThreads.PROPERTY);
        } else {
            System.setProperty(KernelThreads.PROPERTY, before);
        }
    }

    @Test
    void aConfiguredCountWinsOverThePropertyAndTheCores() {
        System.setProperty(KernelThreads.PROPERTY, "1");
        assertEquals(3, KernelThreads.forService(3));
        System.clearProperty(KernelThreads.PROPERTY);
        assertEquals(1, KernelThreads.forService(1));
    }

    @Test
    void unconfiguredTheServiceTakesThePropertyElseEveryCore() {
        int cores = Math.min(Runtime.getRuntime().availableProcessors(), KernelThreads.MAX);
        System.clearProperty(KernelThreads.PROPERTY);
        assertEquals(cores, KernelThreads.forService(0));
        System.setProperty(KernelThreads.PROPERTY, " ");
        assertEquals(cores, KernelThreads.forService(0));
        System.setProperty(KernelThreads.PROPERTY, "1");
        assertEquals(1, KernelThreads.forService(0));
        System.setProperty(KernelThreads.PROPERTY, "0");
        assertEquals(cores, KernelThreads.forService(0));
        // A library user without the property keeps every pass on the calling thread.
        System.clearProperty(KernelThreads.PROPERTY);
        assertEquals(1, KernelThreads.initial());
    }

    @Test
    void aBadPropertyFallsBackToOneThreadAndABadCountIsRefused() {
        int now = KernelThreads.current();
        System.setProperty(KernelThreads.PROPERTY, "many");
        assertEquals(1, KernelThreads.forService(0));
        System.setProperty(KernelThreads.PROPERTY, Integer.toString(KernelThreads.MAX + 1));
        assertEquals(1, KernelThreads.forService(0));
        assertThrows(IllegalArgumentException.class, () -> KernelThreads.use(KernelThreads.MAX + 1));
        assertThrows(IllegalArgumentException.class, () -> KernelThreads.use(0));
        assertEquals(now, KernelThreads.current());
    }
}
