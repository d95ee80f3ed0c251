"""Writes small files in the two Stringer et al. 2019 formats, with real numpy, for the loader tests.

Usage: /usr/bin/python3 write_dataset_fixtures.py OUTPUT_DIR

For each readable fixture NAME it also writes what a correct loader must produce, independently of
the npy/npz/pickle encodings:
  NAME.resp.f32  responses as little-endian float32, trial-major: trial t is row t
  NAME.deg.f64   stimulus angle of each trial in degrees, in [0, 360), little-endian float64
  NAME.sec.f64   acquisition time of each trial in seconds from the first (only when the file has times)
Fixtures named bad_* (and plain_matrix.npy, not_numpy.txt, truncated.npy) must be rejected.
"""
import collections
import io
import os
import pickle
import sys
import types

import numpy as np

NEURONS, TRIALS = 37, 53  # odd sizes, so that a swapped axis cannot go unnoticed
BINS, BINNED_NEURONS = 360, 17
LARGE_TRIALS = 311  # 37 x 311 float64 = 92 KB


def expect(out, name, trial_major, degrees, seconds=None):
    np.ascontiguousarray(trial_major, dtype='<f4').tofile(os.path.join(out, name + '.resp.f32'))
    np.ascontiguousarray(np.mod(degrees, 360.0), dtype='<f8').tofile(os.path.join(out, name + '.deg.f64'))
    if seconds is not None:
        np.ascontiguousarray(seconds, dtype='<f8').tofile(os.path.join(out, name + '.sec.f64'))


def session(rng, dtype=np.float64, trials=TRIALS):
    """A dict like stringer_orientations.npy: the keys the loader reads, and others it must skip."""
    sresp = rng.gamma(2.0, 3.0, size=(NEURONS, trials)).astype(dtype)
    istim = rng.uniform(0, 2 * np.pi, size=trials)
    stimtimes = 12.5 + np.cumsum(rng.uniform(1.5, 2.1, size=trials))
    stat = np.empty(NEURONS, dtype=object)
    for n in range(NEURONS):
        stat[n] = {'ypix': np.arange(n, n + 5, dtype=np.int32), 'med': [n, 2 * n],
                   'npix': np.int64(5), 'skew': np.float64(0.25 * n), 'iscell': np.bool_(n % 2 == 0)}
    return {
        'sresp': sresp, 'istim': istim, 'stimtimes': stimtimes,
        'frametimes': np.arange(trials * 6) / 3.0,
        'xyz': rng.normal(size=(3, NEURONS)), 'run': rng.normal(size=trials).astype(np.float32),
        'stat': stat,
        'info': {'mouse': 'TX', 'date': '2019_04_12', 'rate': 3.0, 'flags': (True, None, -7, 2 ** 70),
                 'planes': {1, 2}, 'tags': frozenset(['v1']), 'order': collections.OrderedDict(a=1),
                 'blob': b'\x00\x93NUMPY', 'unit': np.float32(1.5)},
    }


def save_pickled(path, obj, protocol, pickler=pickle.Pickler):
    """np.save(path, obj) with a chosen pickle protocol (numpy 1.24 always writes protocol 3)."""
    array = np.array(obj, dtype=object)
    with open(path, 'wb') as f:
        np.lib.format.write_array_header_1_0(f, np.lib.format.header_data_from_array_1_0(array))
        pickler(f, protocol=protocol).dump(array)


def numpy2_pickler():
    """A pickler that names numpy's globals as numpy 2 does (numpy._core), with protocol 4 as np.save uses."""
    core = types.ModuleType('numpy._core')
    multiarray = types.ModuleType('numpy._core.multiarray')

    def _reconstruct(*args):
        return np.core.multiarray._reconstruct(*args)

    def scalar(*args):
        return np.core.multiarray.scalar(*args)

    for fn in (_reconstruct, scalar):
        fn.__module__ = 'numpy._core.multiarray'
        fn.__qualname__ = fn.__name__
        setattr(multiarray, fn.__name__, fn)
    core.multiarray = multiarray
    sys.modules.setdefault('numpy._core', core)
    sys.modules.setdefault('numpy._core.multiarray', multiarray)

    class Numpy2Pickler(pickle.Pickler):
        def reducer_override(self, obj):
            if type(obj) is np.ndarray:
                _, args, state = obj.__reduce__()
                return _reconstruct, args, state
            if isinstance(obj, np.generic):
                _, args = obj.__reduce__()
                return scalar, args
            return NotImplemented

    return Numpy2Pickler


def check_round_trip(path, d):
    """The fixture must load in numpy itself, or it proves nothing about real files."""
    loaded = np.load(path, allow_pickle=True).item()
    assert np.array_equal(loaded['sresp'], d['sresp']) and np.array_equal(loaded['istim'], d['istim']), path


def main(out):
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(20190412)
    p = lambda name: os.path.join(out, name)

    # The teaching npz: resp (360, n) z-scored, stimuli (360,) degrees.
    resp = rng.standard_normal((BINS, BINNED_NEURONS))
    stimuli = np.arange(BINS, dtype=np.float64)
    np.savez(p('oribinned_f64.npz'), resp=resp, stimuli=stimuli)
    expect(out, 'oribinned_f64.npz', resp, stimuli)

    resp32 = np.asfortranarray(rng.standard_normal((BINS, BINNED_NEURONS)).astype(np.float32))
    column = (np.arange(BINS, dtype=np.int64) * 7 - 400).reshape(BINS, 1)
    assert resp32.flags.f_contiguous and not resp32.flags.c_contiguous
    np.savez_compressed(p('oribinned_f32_fortran_column.npz'), stimuli=column, resp=resp32, extra=np.arange(3))
    expect(out, 'oribinned_f32_fortran_column.npz', resp32, column[:, 0].astype(np.float64))

    # The trial-level recording, as np.save(path, dict) writes it (protocol 3, numpy.core names).
    d = session(rng)
    np.save(p('orientations_p3.npy'), d, allow_pickle=True)
    check_round_trip(p('orientations_p3.npy'), d)
    expect(out, 'orientations_p3.npy', d['sresp'].T, np.degrees(d['istim']), d['stimtimes'] - d['stimtimes'][0])

    # float32, Fortran order, istim as a (1, trials) row, no times at all.
    d = session(rng, np.float32)
    d['sresp'] = np.asfortranarray(d['sresp'])
    d['istim'] = d['istim'].astype(np.float32).reshape(1, TRIALS)
    del d['stimtimes'], d['frametimes']
    np.save(p('orientations_f32_fortran.npy'), d, allow_pickle=True)
    check_round_trip(p('orientations_f32_fortran.npy'), d)
    expect(out, 'orientations_f32_fortran.npy', d['sresp'].T, np.degrees(d['istim'][0].astype(np.float64)))

    # As numpy 2 writes it (protocol 4, numpy._core), with stimtimes as frame numbers into frametimes.
    d = session(rng)
    d['sresp'] = np.asfortranarray(d['sresp'])
    frames = np.sort(rng.choice(TRIALS * 6, size=TRIALS, replace=False)).astype(np.int64)
    d['stimtimes'] = frames
    save_pickled(p('orientations_numpy2.npy'), d, 4, numpy2_pickler())
    check_round_trip(p('orientations_numpy2.npy'), d)
    times = d['frametimes'][frames]
    expect(out, 'orientations_numpy2.npy', d['sresp'].T, np.degrees(d['istim']), times - times[0])

    # As old numpy wrote it: protocol 2, where bytes are pickled as latin-1 text.
    d = session(rng)
    save_pickled(p('orientations_p2.npy'), d, 2)
    check_round_trip(p('orientations_p2.npy'), d)
    expect(out, 'orientations_p2.npy', d['sresp'].T, np.degrees(d['istim']), d['stimtimes'] - d['stimtimes'][0])

    # npy format 3.0 (4-byte header length, UTF-8 header), as numpy writes for long or non-latin-1 headers.
    d = session(rng)
    with open(p('orientations_v3.npy'), 'wb') as f:
        np.lib.format.write_array(f, np.array(d, dtype=object), version=(3, 0), allow_pickle=True)
    check_round_trip(p('orientations_v3.npy'), d)
    expect(out, 'orientations_v3.npy', d['sresp'].T, np.degrees(d['istim']), d['stimtimes'] - d['stimtimes'][0])

    # A payload larger than the reader's 64 KiB buffer and in-memory limit: it is skipped, then streamed.
    d = session(rng, trials=LARGE_TRIALS)
    np.save(p('orientations_large.npy'), d, allow_pickle=True)
    check_round_trip(p('orientations_large.npy'), d)
    expect(out, 'orientations_large.npy', d['sresp'].T, np.degrees(d['istim']), d['stimtimes'] - d['stimtimes'][0])

    # Values the test can recompute: sresp[n, t] = n + t / 1024, istim[t] = t * 2pi / TRIALS.
    n, t = np.meshgrid(np.arange(NEURONS), np.arange(TRIALS), indexing='ij')
    np.save(p('formula.npy'), {'sresp': n + t / 1024.0, 'istim': np.arange(TRIALS) * 2 * np.pi / TRIALS},
            allow_pickle=True)

    # Files that must be rejected, each for one reason.
    good_stimuli = np.arange(BINS, dtype=np.float64)
    np.savez(p('bad_missing_key.npz'), response=resp, stimuli=good_stimuli)
    np.savez(p('bad_resp_3d.npz'), resp=np.zeros((BINS, BINNED_NEURONS, 2)), stimuli=good_stimuli)
    np.savez(p('bad_resp_int64.npz'), resp=np.zeros((BINS, BINNED_NEURONS), dtype=np.int64), stimuli=good_stimuli)
    np.savez(p('bad_stimuli_complex.npz'), resp=resp, stimuli=good_stimuli.astype(np.complex128))
    np.savez(p('bad_stimuli_2col.npz'), resp=resp, stimuli=np.zeros((BINS, 2)))
    np.savez(p('bad_lengths.npz'), resp=resp, stimuli=good_stimuli[:-1])
    with_nan = resp.copy()
    with_nan[5, 3] = np.nan
    np.savez(p('bad_nan.npz'), resp=with_nan, stimuli=good_stimuli)
    np.savez(p('bad_empty.npz'), resp=np.zeros((BINS, 0)), stimuli=good_stimuli)

    base = session(rng)
    variants = {
        'bad_no_sresp.npy': lambda d: d.pop('sresp'),
        'bad_istim_length.npy': lambda d: d.update(istim=d['istim'][:-1]),
        'bad_big_endian.npy': lambda d: d.update(sresp=d['sresp'].astype('>f8')),
        'bad_sresp_complex.npy': lambda d: d.update(sresp=d['sresp'].astype(np.complex64)),
        'bad_sresp_1d.npy': lambda d: d.update(sresp=d['sresp'][0]),
        'bad_inf.npy': lambda d: d['sresp'].__setitem__((2, 7), np.inf),
        'bad_overflow.npy': lambda d: d['sresp'].__setitem__((4, 1), 1e300),
        'bad_istim_degrees.npy': lambda d: d.update(istim=np.degrees(d['istim'])),
    }
    for name, change in variants.items():
        d = dict(base, sresp=base['sresp'].copy())
        change(d)
        np.save(p(name), d, allow_pickle=True)

    np.save(p('plain_matrix.npy'), resp)
    with open(p('not_numpy.txt'), 'w') as f:
        f.write('orientation,response\n0,1.5\n')
    whole = open(p('orientations_p3.npy'), 'rb').read()
    with open(p('truncated.npy'), 'wb') as f:
        f.write(whole[:len(whole) // 2])


if __name__ == '__main__':
    main(sys.argv[1])
