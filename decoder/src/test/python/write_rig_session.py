"""Writes one recording of a tuned population twice, as a rig would keep it: an NWB file and a
Suite2p output folder, for the end-to-end replay tests.

Usage: /usr/bin/python3 write_rig_session.py OUT_DIR ROIS TRIALS SEED

OUT_DIR/session.nwb: the NWB 2 layout (groups, datasets, neurodata_type attributes) laid out by
  hand with h5py: processing/ophys/DfOverF/RoiResponseSeries with data (time, rois) float32,
  chunked, shuffled and gzip-compressed, timestamps at 5 Hz; intervals/trials with start_time,
  stop_time and orientation (degrees).
OUT_DIR/suite2p/plane0: spks.npy (rois, frames) float32, iscell.npy (rois, 2) with every tenth
  ROI not a cell, ops.npy (a pickled dict with fs = 5); OUT_DIR/stimulus.csv: frame,angle.

One presentation per second, each 0.5 s long; neurons respond with von Mises tuning (on the
direction) plus gamma noise during the presentation. Prints the presentation angles as JSON, in
onset order, for the tests to compare with the decoded records.
"""
import csv
import json
import os
import sys
import uuid

import h5py
import numpy as np

RATE = 5.0


def typed(obj, neurodata_type, **attrs):
    obj.attrs.update(neurodata_type=neurodata_type, namespace='core', object_id=str(uuid.uuid4()), **attrs)
    return obj


def population(rois, trials, seed):
    rng = np.random.default_rng(seed)
    frames = int(trials * RATE) + 10
    onsets = 1.0 + np.arange(trials)
    angles = rng.uniform(0, 360, trials)
    preferred = rng.uniform(0, 360, rois)
    kappa = rng.uniform(1.0, 4.0, rois)
    data = rng.gamma(2.0, 0.5, size=(frames, rois))
    step = np.arange(frames) / RATE
    for k in range(trials):
        on = (step >= onsets[k]) & (step < onsets[k] + 0.5)
        tuning = np.exp(kappa * (np.cos(np.radians(angles[k] - preferred)) - 1))
        data[on] += 8.0 * tuning * rng.gamma(20.0, 1 / 20.0, size=(on.sum(), rois))
    return data.astype(np.float32), onsets, angles


def write_nwb(path, data, onsets, angles):
    # The rig's clock starts 13 ms before the first frame; presentations are on the same clock.
    times = np.arange(data.shape[0]) / RATE + 0.013
    with h5py.File(path, 'w') as f:
        typed(f, 'NWBFile', nwb_version='2.6.0')
        f.create_dataset('identifier', data='rig-replay-test')
        f.create_dataset('session_start_time', data='2026-11-29T10:00:00+00:00')
        for g in ('acquisition', 'analysis', 'stimulus/presentation', 'general'):
            f.require_group(g)
        module = typed(f.require_group('processing/ophys'), 'ProcessingModule', description='optical physiology')
        dff = typed(module.require_group('DfOverF'), 'DfOverF')
        series = typed(dff.require_group('RoiResponseSeries'), 'RoiResponseSeries', description='dF/F')
        d = series.create_dataset('data', data=data, chunks=(64, min(data.shape[1], 128)), compression='gzip',
                                  shuffle=True)
        d.attrs.update(unit='a.u.', conversion=1.0, offset=0.0, resolution=-1.0)
        series.create_dataset('timestamps', data=times).attrs.update(interval=1, unit='seconds')
        table = typed(f.require_group('intervals/trials'), 'TimeIntervals', description='gratings',
                      colnames=np.array(['start_time', 'stop_time', 'orientation'], dtype=object))
        typed(table.create_dataset('id', data=np.arange(len(onsets))), 'ElementIdentifiers')
        for name, values in (('start_time', onsets + 0.013), ('stop_time', onsets + 0.513), ('orientation', angles)):
            typed(table.create_dataset(name, data=values), 'VectorData', description=name)


def write_suite2p(out, data, onsets, angles):
    plane = os.path.join(out, 'suite2p', 'plane0')
    os.makedirs(plane, exist_ok=True)
    rois = data.shape[1]
    np.save(os.path.join(plane, 'spks.npy'), np.ascontiguousarray(data.T))
    iscell = np.ones((rois, 2))
    iscell[::10, 0] = 0
    np.save(os.path.join(plane, 'iscell.npy'), iscell)
    np.save(os.path.join(plane, 'ops.npy'), {'fs': RATE, 'nframes': data.shape[0], 'nplanes': 1}, allow_pickle=True)
    with open(os.path.join(out, 'stimulus.csv'), 'w', newline='') as fh:
        w = csv.writer(fh)
        w.writerow(['frame', 'angle'])
        for onset, angle in zip(onsets, angles):
            w.writerow([int(round(onset * RATE)), repr(float(angle))])


def main(out, rois, trials, seed):
    os.makedirs(out, exist_ok=True)
    data, onsets, angles = population(rois, trials, seed)
    write_nwb(os.path.join(out, 'session.nwb'), data, onsets, angles)
    write_suite2p(out, data, onsets, angles)
    print(json.dumps([float(a) for a in angles]))


if __name__ == '__main__':
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
