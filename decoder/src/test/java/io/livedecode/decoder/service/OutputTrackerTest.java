package io.livedecode.decoder.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Callback;
import org.junit.jupiter.api.Test;

/** The wait for a frame's acknowledgements ends on the last one, on a failure or at its bound, and commits follow acknowledgements. */
class OutputTrackerTest {
    private static final long LONG_WAIT = TimeUnit.SECONDS.toNanos(20);

    @Test
    void aFrameWithNothingPendingDoesNotWait() {
        OutputTracker tracker = new OutputTracker();
        OutputTracker.Frame frame = tracker.frame(0, 7);
        long start = System.nanoTime();
        assertTrue(frame.awaitAcknowledged(LONG_WAIT));
        assertTrue(System.nanoTime() - start < LONG_WAIT / 4);
    }

    @Test
    void theWaitEndsWhenTheLastSendIsAcknowledgedOnAnotherThread() throws Exception {
        OutputTracker tracker = new OutputTracker();
        OutputTracker.Frame frame = tracker.frame(0, 7);
        Callback first = frame.expect();
        Callback second = frame.expect();
        long start = System.nanoTime();
        Thread io = Thread.ofPlatform().start(() -> {
            sleep(50);
            first.onCompletion(null, null);
            sleep(50);
            second.onCompletion(null, null);
        });
        assertTrue(frame.awaitAcknowledged(LONG_WAIT));
        long waited = System.nanoTime() - start;
        io.join();
        assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(90), "returned before the second acknowledgement: " + waited);
        assertTrue(waited < LONG_WAIT / 4, "was not woken: " + waited);
        assertEquals(OptionalLong.of(8), tracker.committable(0));
    }

    @Test
    void theWaitEndsAtItsBoundWhenNoAcknowledgementComes() {
        OutputTracker tracker = new OutputTracker();
        OutputTracker.Frame frame = tracker.frame(0, 7);
        frame.expect();
        long bound = TimeUnit.MILLISECONDS.toNanos(30);
        long start = System.nanoTime();
        assertFalse(frame.awaitAcknowledged(bound));
        long waited = System.nanoTime() - start;
        assertTrue(waited >= bound, "returned early: " + waited);
        assertTrue(waited < LONG_WAIT / 4, "overslept: " + waited);
        assertEquals(OptionalLong.empty(), tracker.committable(0));
    }

    @Test
    void anInterruptedThreadDoesNotSpinToTheBound() {
        OutputTracker tracker = new OutputTracker();
        OutputTracker.Frame frame = tracker.frame(0, 7);
        frame.expect();
        Thread.currentThread().interrupt();
        try {
            long start = System.nanoTime();
            assertFalse(frame.awaitAcknowledged(LONG_WAIT));
            assertTrue(System.nanoTime() - start < LONG_WAIT / 4);
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aFailedSendEndsTheWaitAndMarksThePartition() throws Exception {
        OutputTracker tracker = new OutputTracker();
        OutputTracker.Frame frame = tracker.frame(3, 7);
        Callback send = frame.expect();
        Thread io = Thread.ofPlatform().start(() -> {
            sleep(50);
            send.onCompletion(null, new org.apache.kafka.common.errors.TimeoutException("delivery timed out"));
        });
        long start = System.nanoTime();
        assertFalse(frame.awaitAcknowledged(LONG_WAIT));
        assertTrue(System.nanoTime() - start < LONG_WAIT / 4);
        io.join();
        assertEquals(java.util.Set.of(3), tracker.failed());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
