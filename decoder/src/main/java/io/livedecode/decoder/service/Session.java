package io.livedecode.decoder.service;

import java.util.List;

/**
 * One recording: its id (the record key), the frame partition it lives on, the neuron count
 * fixed by its first frame, and one model per decoder variant.
 */
public record Session(String id, int partition, int neurons, List<VariantSlot> variants) {
}
