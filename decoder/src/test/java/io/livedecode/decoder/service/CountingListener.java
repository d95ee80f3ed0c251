package io.livedecode.decoder.service;

import java.util.ArrayList;
import java.util.List;

/** A join listener for tests: the outcomes counted, by code, and the label waits, in order. */
final class CountingListener implements LabelJoin.Listener {

    final List<String> counted = new ArrayList<>();
    final List<Long> waits = new ArrayList<>();

    @Override
    public void counted(LabelJoin.Outcome outcome) {
        counted.add(outcome.code());
    }

    @Override
    public void waited(long nanos) {
        waits.add(nanos);
    }
}
