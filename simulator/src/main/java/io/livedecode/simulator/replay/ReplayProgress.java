package io.livedecode.simulator.replay;

/** Receives replay progress; called from the replaying thread. */
public interface ReplayProgress {

    /** After each frame is handed to the producer. */
    void sent(long frames, long total, long bytes, long elapsedNanos);

    /** Once, after the last frame was acknowledged. */
    void finished(ReplaySummary summary);

    ReplayProgress NONE = new ReplayProgress() {
        @Override
        public void sent(long frames, long total, long bytes, long elapsedNanos) {
        }

        @Override
        public void finished(ReplaySummary summary) {
        }
    };
}
