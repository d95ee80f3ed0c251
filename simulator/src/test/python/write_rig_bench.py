"""Writes the same responses twice for RigLoadBench: as an NWB file and as stringer_orientations.npy.

Usage: /usr/bin/python3 write_rig_bench.py NEURONS TRIALS DIR
  DIR/bench.nwb  processing/ophys/Fluorescence/RoiResponseSeries/data, float32 (trials, neurons),
                 chunked as h5py chooses, gzip level 4 (pynwb's default compression); timestamps at
                 3 Hz; intervals/trials with one presentation per frame (start_time = its timestamp)
  DIR/bench.npy  the pickled dict of the trial-level recording: sresp float32 (neurons, trials),
                 istim in radians, stimtimes in seconds
"""
import os
import sys
import uuid

import h5py
import numpy as np


def main(neurons, trials, out):
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(1)
    data = rng.gamma(2.0, 4.5, size=(trials, neurons)).astype(np.float32)
    times = np.arange(trials) / 3.0
    angles = rng.uniform(0, 360, trials)
    with h5py.File(os.path.join(out, 'bench.nwb'), 'w') as f:
        f.attrs.update(neurodata_type='NWBFile', namespace='core', nwb_version='2.6.0', object_id=str(uuid.uuid4()))
        series = f.require_group('processing/ophys/Fluorescence/RoiResponseSeries')
        series.attrs.update(neurodata_type='RoiResponseSeries', namespace='core')
        d = series.create_dataset('data', data=data, chunks=True, compression='gzip', compression_opts=4)
        d.attrs.update(unit='a.u.', conversion=1.0, offset=0.0)
        series.create_dataset('timestamps', data=times)
        trials_group = f.require_group('intervals/trials')
        trials_group.attrs.update(neurodata_type='TimeIntervals', namespace='core')
        trials_group.create_dataset('start_time', data=times)
        trials_group.create_dataset('stop_time', data=times + 0.2)
        trials_group.create_dataset('orientation', data=angles)
        print(f'bench.nwb: data {d.shape} {d.dtype}, chunks {d.chunks}, gzip 4')
    np.save(os.path.join(out, 'bench.npy'), {'sresp': np.ascontiguousarray(data.T), 'istim': np.radians(angles),
                                             'stimtimes': times}, allow_pickle=True)


if __name__ == '__main__':
    main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3])
