"""Times numpy loading a dataset file the way the Java loaders do, as the reference for DatasetLoadBench.

Usage: /usr/bin/python3 bench_numpy_load.py FILE [REPEATS]
  FILE.npy: np.load(allow_pickle=True).item(), then sresp as float32 in trial-major order
  FILE.npz: np.load, then resp as float32
With --write NEURONS TRIALS FILE it first writes a synthetic stringer_orientations-like file.
"""
import sys
import time

import numpy as np


def write(neurons, trials, path):
    rng = np.random.default_rng(1)
    sresp = rng.gamma(2.0, 3.0, size=(neurons, trials))
    np.save(path, {'sresp': sresp, 'istim': rng.uniform(0, 2 * np.pi, trials),
                   'stimtimes': np.cumsum(rng.uniform(1.5, 2.1, trials)), 'xyz': rng.normal(size=(3, neurons))},
            allow_pickle=True)


def load(path):
    if path.endswith('.npz'):
        with np.load(path) as f:
            return f['resp'].astype(np.float32)
    d = np.load(path, allow_pickle=True).item()
    return np.ascontiguousarray(d['sresp'].T, dtype=np.float32)


if __name__ == '__main__':
    if sys.argv[1] == '--write':
        write(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
        sys.exit(0)
    for r in range(int(sys.argv[2]) if len(sys.argv) > 2 else 3):
        start = time.perf_counter()
        trial_major = load(sys.argv[1])
        print(f'numpy run {r}: {trial_major.shape[0]} trials x {trial_major.shape[1]} neurons '
              f'in {time.perf_counter() - start:.2f} s')
