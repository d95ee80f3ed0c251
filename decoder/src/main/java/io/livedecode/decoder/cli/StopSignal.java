package io.livedecode.decoder.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (or SIGTERM) for a command that stays up until then: the shutdown hook raises the
 * signal and waits, up to {@link #GRACE}, until the command has closed what it opened, so the
 * broker's and the decoder's files are left clean.
 */
final class StopSignal {

    static final Duration GRACE = Duration.ofSeconds(30);

    /** A signal that is never raised, for a command that ends by itself. */
    static final StopSignal NEVER = new StopSignal();

    /** Thrown from inside a replay to end it when the signal is raised. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped", null, false, false);
        }
    }

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);

    private StopSignal() {
    }

    /** A signal that the JVM's shutdown raises. */
    static StopSignal onCtrlC() {
        StopSignal signal = new StopSignal();
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("demo-stop").unstarted(() -> {
            signal.requested.countDown();
            try {
                signal.done.await(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        return signal;
    }

    boolean requested() {
        return requested.getCount() == 0;
    }

    /** Blocks until the signal is raised. */
    void await() throws InterruptedException {
        requested.await();
    }

    /** Ends the replay in progress when the signal has been raised. */
    void check() {
        if (requested()) {
            throw new Stopped();
        }
    }

    /** The command has closed everything: the shutdown may go on. */
    void done() {
        done.countDown();
    }
}
