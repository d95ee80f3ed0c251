package io.livedecode.simulator.dataset;

/** Receives the frames of a recording in order, one row of responses (one per kept neuron) each. */
interface FrameSink {

    /**
     * @param index frame number, 0, 1, 2 ... with none skipped
     * @param row   the frame's responses; the sink may keep it
     */
    void frame(int index, float[] row) throws DatasetFormatException;
}
