"""Writes small NWB files (HDF5, with h5py) and Suite2p output folders (with numpy) for the loader tests.

Usage: /usr/bin/python3 write_rig_fixtures.py OUTPUT_DIR

The NWB files are laid out by hand the way NWB 2 (pynwb) writes them: the groups, datasets,
attributes and neurodata_type/namespace/object_id attributes of an NWBFile, a ProcessingModule
'ophys' with Fluorescence/DfOverF containers of RoiResponseSeries (data is (time, rois)), a
PlaneSegmentation the series refer to, an intervals/trials TimeIntervals table, or a stimulus
TimeSeries under stimulus/presentation. Data are chunked and gzip-compressed unless a case says
otherwise.

Each loadable case is one line of cases.tsv: NAME, PATH (relative to OUTPUT_DIR), OPTIONS
(key=value pairs joined by ';', or '-'), and beside it what a correct loader must produce,
computed here with numpy straight from the arrays that were written:
  NAME.resp.f32  responses, float32 little-endian, trial-major (one row per replayed frame)
  NAME.deg.f64   stimulus of each row in degrees, [0, 360), NaN when unknown, float64
  NAME.sec.f64   acquisition time of each row in seconds from the first row, float64
Each file that must be refused is one line of refusals.tsv: PATH, OPTIONS, and the text the
error message must contain.
"""
import csv
import os
import sys
import uuid

import h5py
import numpy as np

ROIS, FRAMES = 37, 301       # odd sizes, so that a swapped axis cannot go unnoticed
RATE = 3.0                   # imaging frames per second
S2P_ROIS, S2P_FRAMES, S2P_FS = 41, 457, 7.5

cases = []
refusals = []


# ----------------------------------------------------------------------------- NWB layout
def typed(obj, neurodata_type, namespace='core', **attrs):
    obj.attrs['neurodata_type'] = neurodata_type
    obj.attrs['namespace'] = namespace
    obj.attrs['object_id'] = str(uuid.uuid4())
    for k, v in attrs.items():
        obj.attrs[k] = v
    return obj


def nwb_file(path):
    f = h5py.File(path, 'w')
    typed(f, 'NWBFile', nwb_version='2.6.0')
    f.create_dataset('identifier', data='rig-fixture')
    f.create_dataset('session_description', data='drifting gratings, two-photon')
    f.create_dataset('session_start_time', data='2026-11-29T10:00:00+00:00')
    f.create_dataset('timestamps_reference_time', data='2026-11-29T10:00:00+00:00')
    f.create_dataset('file_create_date', data=np.array(['2026-11-29T12:00:00+00:00'], dtype=object),
                     dtype=h5py.string_dtype())
    for g in ('acquisition', 'analysis', 'processing', 'stimulus/presentation', 'stimulus/templates',
              'general', 'intervals'):
        f.require_group(g)
    return f


def ophys(f):
    module = typed(f.require_group('processing/ophys'), 'ProcessingModule', description='optical physiology')
    seg = typed(module.require_group('ImageSegmentation'), 'ImageSegmentation')
    plane = typed(seg.require_group('PlaneSegmentation'), 'PlaneSegmentation', description='suite2p ROIs',
                  colnames=np.array(['pixel_mask'], dtype=object))
    typed(plane.create_dataset('id', data=np.arange(ROIS)), 'ElementIdentifiers')
    return module, plane


def roi_series(container, name, data, plane, times=None, starting_time=None, rate=None, chunks=True,
               compression='gzip', shuffle=True, conversion=1.0, offset=0.0, unit='a.u.'):
    g = typed(container.require_group(name), 'RoiResponseSeries', description='responses',
              comments='no comments')
    kwargs = {} if chunks is None else dict(chunks=chunks, compression=compression, shuffle=shuffle)
    d = g.create_dataset('data', data=data, **kwargs)
    d.attrs.update(unit=unit, conversion=conversion, offset=offset, resolution=-1.0)
    if times is not None:
        t = g.create_dataset('timestamps', data=times)
        t.attrs.update(interval=1, unit='seconds')
    if starting_time is not None:
        s = g.create_dataset('starting_time', data=starting_time)
        s.attrs.update(rate=rate, unit='seconds')
    rois = typed(g.create_dataset('rois', data=np.arange(data.shape[1] if data.ndim == 2 else 1)),
                 'DynamicTableRegion', description='ROIs of this series')
    rois.attrs['table'] = plane.ref
    return g


def trials_table(f, start, stop, columns, name='trials'):
    g = typed(f.require_group('intervals/' + name), 'TimeIntervals', description='stimulus presentations',
              colnames=np.array(['start_time', 'stop_time'] + list(columns), dtype=object))
    typed(g.create_dataset('id', data=np.arange(len(start))), 'ElementIdentifiers')
    for col, values in [('start_time', start), ('stop_time', stop)] + list(columns.items()):
        typed(g.create_dataset(col, data=values), 'VectorData', description=col)
    return g


def stimulus_series(f, name, angles, times, unit='degrees'):
    g = typed(f.require_group('stimulus/presentation/' + name), 'TimeSeries', description='grating angle')
    d = g.create_dataset('data', data=angles)
    d.attrs.update(unit=unit, conversion=1.0, offset=0.0, resolution=-1.0)
    t = g.create_dataset('timestamps', data=times)
    t.attrs.update(interval=1, unit='seconds')
    return g


# ----------------------------------------------------------------------------- expectations
def expect(out, name, path, options, responses, degrees, seconds):
    responses = np.asarray(responses, dtype=np.float64)
    assert responses.ndim == 2 and len(degrees) == len(seconds) == responses.shape[0], name
    np.ascontiguousarray(responses, dtype='<f4').tofile(os.path.join(out, name + '.resp.f32'))
    np.ascontiguousarray(np.mod(degrees, 360.0), dtype='<f8').tofile(os.path.join(out, name + '.deg.f64'))
    np.ascontiguousarray(np.asarray(seconds) - seconds[0], dtype='<f8').tofile(os.path.join(out, name + '.sec.f64'))
    cases.append((name, path, ';'.join(f'{k}={v}' for k, v in options.items()) or '-'))


def refuse(path, options, message):
    refusals.append((path, ';'.join(f'{k}={v}' for k, v in options.items()) or '-', message))


def per_trial(frames, times, onsets, degrees, a, b):
    """Mean response over the frames with onset + a <= t < onset + b, for each non-blank event in onset order."""
    order = np.argsort(onsets, kind='stable')
    rows, degs, secs = [], [], []
    for k in order:
        if np.isnan(degrees[k]):
            continue
        sel = (times >= onsets[k] + a) & (times < onsets[k] + b)
        assert sel.any()
        rows.append(frames[sel].astype(np.float64).mean(axis=0))
        degs.append(degrees[k])
        secs.append(onsets[k])
    return np.array(rows), np.array(degs), np.array(secs)


def per_frame_intervals(times, start, stop, degrees):
    """Label of each frame: the angle of the last-starting trial with start <= t < stop, else NaN."""
    labels = np.full(len(times), np.nan)
    order = np.argsort(start, kind='stable')
    for k in order:
        inside = (times >= start[k]) & (times < stop[k])
        labels[inside] = degrees[k]
    return labels


def per_frame_holding(times, onsets, degrees):
    """Label of each frame: the angle of the last event at or before it (NaN events are blanks)."""
    order = np.argsort(onsets, kind='stable')
    labels = np.full(len(times), np.nan)
    for k in order:
        labels[times >= onsets[k]] = degrees[k]
    return labels


# ----------------------------------------------------------------------------- NWB cases
def nwb_cases(out, rng):
    p = lambda name: os.path.join(out, name)

    # Trials table, float32 (time, rois) chunked + gzip + shuffle, explicit timestamps with jitter.
    data = rng.gamma(2.0, 3.0, size=(FRAMES, ROIS)).astype(np.float32)
    times = 12.0 + np.arange(FRAMES) / RATE + rng.uniform(0, 0.01, FRAMES)
    n_trials = 50
    start = 13.0 + np.arange(n_trials) * 1.8 + rng.uniform(0, 0.2, n_trials)
    stop = start + 0.75
    orientation = rng.uniform(0, 360, n_trials)
    with nwb_file(p('trials.nwb')) as f:
        module, plane = ophys(f)
        fl = typed(module.require_group('Fluorescence'), 'Fluorescence')
        roi_series(fl, 'RoiResponseSeries', data, plane, times=times, chunks=(16, 10))
        trials_table(f, start, stop, {'orientation': orientation, 'contrast': np.full(n_trials, 0.8)})
    rows, degs, secs = per_trial(data, times, start, orientation, 0.0, 1.0)
    expect(out, 'trials_default', 'trials.nwb', {}, rows, degs, secs)
    rows, degs, secs = per_trial(data, times, start, orientation, 0.25, 1.5)
    expect(out, 'trials_window', 'trials.nwb', {'window': '0.25:1.5'}, rows, degs, secs)
    expect(out, 'trials_per_frame', 'trials.nwb', {'per-frame': 'true'}, data,
           per_frame_intervals(times, start, stop, orientation), times)

    # float64, contiguous (not chunked), starting_time + rate, stimulus from a TimeSeries in radians
    # with NaN samples marking the grey screen between gratings; two series, so one must be named.
    data64 = rng.gamma(2.0, 3.0, size=(FRAMES, ROIS))
    st = 5.5
    ftimes = st + np.arange(FRAMES) / RATE
    k = 40
    on = 6.0 + np.arange(k) * 2.2
    onsets = np.sort(np.concatenate([on, on + 1.0]))
    angles = np.empty(2 * k)
    angles[0::2] = rng.uniform(0, 2 * np.pi, k)
    angles[1::2] = np.nan
    with nwb_file(p('series.nwb')) as f:
        module, plane = ophys(f)
        fl = typed(module.require_group('Fluorescence'), 'Fluorescence')
        roi_series(fl, 'RoiResponseSeries', data64, plane, starting_time=st, rate=RATE, chunks=None)
        dff = typed(module.require_group('DfOverF'), 'DfOverF')
        roi_series(dff, 'RoiResponseSeries', (data64 / 10).astype(np.float32), plane, starting_time=st,
                   rate=RATE, chunks=None)
        stimulus_series(f, 'gratings', angles, onsets, unit='radians')
    series = {'series': 'processing/ophys/Fluorescence/RoiResponseSeries'}
    rows, degs, secs = per_trial(data64, ftimes, onsets, np.degrees(angles), 0.0, 1.0)
    expect(out, 'series_trials', 'series.nwb', series, rows, degs, secs)
    expect(out, 'series_per_frame', 'series.nwb', dict(series, **{'per-frame': 'true'}), data64,
           per_frame_holding(ftimes, onsets, np.degrees(angles)), ftimes)
    refuse('series.nwb', {}, 'processing/ophys holds 2 response series: '
           'processing/ophys/DfOverF/RoiResponseSeries, processing/ophys/Fluorescence/RoiResponseSeries; '
           'name one with --series')

    # int16 raw counts with conversion/offset, chunked along time only, lzf-compressed (h5py's
    # own filter), trials column 'direction', trials out of onset order.
    counts = rng.integers(-200, 3000, size=(FRAMES, ROIS)).astype(np.int16)
    ctimes = np.arange(FRAMES) / RATE
    n = 30
    cstart = rng.permutation(1.0 + np.arange(n) * 3.0)
    direction = rng.uniform(-180, 180, n)
    with nwb_file(p('counts.nwb')) as f:
        module, plane = ophys(f)
        dff = typed(module.require_group('DfOverF'), 'DfOverF')
        roi_series(dff, 'RoiResponseSeries', counts, plane, times=ctimes, chunks=(FRAMES, 4),
                   compression='lzf', shuffle=False, conversion=0.5, offset=-2.0)
        trials_table(f, cstart, cstart + 1.0, {'direction': direction})
    physical = counts.astype(np.float64) * 0.5 - 2.0
    rows, degs, secs = per_trial(physical, ctimes, cstart, direction, 0.0, 1.0)
    expect(out, 'counts_trials', 'counts.nwb', {}, rows, degs, secs)

    # A custom column name and a stimulus table under another name.
    with nwb_file(p('named.nwb')) as f:
        module, plane = ophys(f)
        fl = typed(module.require_group('Fluorescence'), 'Fluorescence')
        roi_series(fl, 'RoiResponseSeries', data, plane, times=times, chunks=(64, ROIS))
        trials_table(f, start, stop, {'grating_deg': orientation, 'orientation': np.zeros(n_trials)}, name='gratings')
    opts = {'stimulus': 'intervals/gratings', 'angle-column': 'grating_deg'}
    rows, degs, secs = per_trial(data, times, start, orientation, 0.0, 1.0)
    expect(out, 'named_column', 'named.nwb', opts, rows, degs, secs)

    # Files that must be refused, each for one reason.
    def bad(name, build):
        with nwb_file(p(name)) as f:
            build(f)

    def series_with(f, d, **kw):
        module, plane = ophys(f)
        fl = typed(module.require_group('Fluorescence'), 'Fluorescence')
        return roi_series(fl, 'RoiResponseSeries', d, plane, **kw)

    def good_trials(f):
        trials_table(f, start, stop, {'orientation': orientation})

    bad('bad_no_ophys.nwb', lambda f: (typed(f.require_group('processing/behavior'), 'ProcessingModule'),
                                       good_trials(f)))
    refuse('bad_no_ophys.nwb', {}, "no group 'processing/ophys'; processing holds [behavior]")

    bad('bad_no_series.nwb', lambda f: (ophys(f), good_trials(f)))
    refuse('bad_no_series.nwb', {}, 'processing/ophys holds no response series (a group with a 2-D data '
           'dataset and timestamps or starting_time)')

    refuse('trials.nwb', {'series': 'processing/ophys/Fluorescence/Deconvolved'},
           "no group 'processing/ophys/Fluorescence/Deconvolved'; processing/ophys/Fluorescence holds "
           "[RoiResponseSeries]")

    bad('bad_1d.nwb', lambda f: (series_with(f, data[:, 0], times=times), good_trials(f)))
    refuse('bad_1d.nwb', {'series': 'processing/ophys/Fluorescence/RoiResponseSeries'},
           'processing/ophys/Fluorescence/RoiResponseSeries/data must be 2-D (time, rois); found shape (301,)')

    def no_times(f):
        series_with(f, data)
        good_trials(f)
    bad('bad_no_times.nwb', no_times)
    refuse('bad_no_times.nwb', {'series': 'processing/ophys/Fluorescence/RoiResponseSeries'},
           'processing/ophys/Fluorescence/RoiResponseSeries has neither timestamps nor starting_time')

    def no_rate(f):
        g = series_with(f, data, starting_time=0.0, rate=RATE)
        del g['starting_time'].attrs['rate']
        good_trials(f)
    bad('bad_no_rate.nwb', no_rate)
    refuse('bad_no_rate.nwb', {}, "starting_time has no 'rate' attribute")

    bad('bad_lengths.nwb', lambda f: (series_with(f, data, times=times[:-1]), good_trials(f)))
    refuse('bad_lengths.nwb', {}, 'data has 301 frames (shape (301, 37)) but timestamps has 300 values')

    bad('bad_transposed.nwb', lambda f: (series_with(f, np.ascontiguousarray(data.T), times=times),
                                         good_trials(f)))
    refuse('bad_transposed.nwb', {}, 'data has 37 frames (shape (37, 301)) but timestamps has 301 values; '
           'NWB stores data as (time, rois): is it transposed?')

    bad('bad_strings.nwb', lambda f: (series_with(f, np.array([['a'] * 3] * 4, dtype='S1'),
                                                  times=np.arange(4.0), chunks=None), good_trials(f)))
    refuse('bad_strings.nwb', {}, 'data has HDF5 type String; expected integers or floats')

    with_nan = data.copy()
    with_nan[17, 5] = np.nan
    bad('bad_nan.nwb', lambda f: (series_with(f, with_nan, times=times, chunks=(16, 10)), good_trials(f)))
    refuse('bad_nan.nwb', {'per-frame': 'true'}, 'data[17, 5] is NaN; every response must be finite')

    bad('bad_no_stimulus.nwb', lambda f: series_with(f, data, times=times))
    refuse('bad_no_stimulus.nwb', {}, 'no stimulus: neither intervals/trials nor a TimeSeries under '
           'stimulus/presentation; name one with --stimulus')

    bad('bad_column.nwb', lambda f: (series_with(f, data, times=times),
                                     trials_table(f, start, stop, {'contrast': np.ones(n_trials)})))
    refuse('bad_column.nwb', {}, 'intervals/trials has no angle column (looked for orientation, direction, '
           'angle); its columns are [contrast, start_time, stop_time]; name one with --angle-column')
    refuse('trials.nwb', {'angle-column': 'phase'}, "intervals/trials has no column 'phase'; its columns are "
           '[contrast, orientation, start_time, stop_time]')

    def short_column(f):
        series_with(f, data, times=times)
        trials_table(f, start, stop, {'orientation': orientation[:-2]})
    bad('bad_column_length.nwb', short_column)
    refuse('bad_column_length.nwb', {}, 'intervals/trials/orientation has 48 values but start_time has 50')

    refuse('trials.nwb', {'window': '5000:5001'}, 'trial 0 (onset ')
    refuse('trials.nwb', {'stimulus': 'stimulus/presentation/gratings'},
           "no group 'stimulus/presentation/gratings'; stimulus/presentation holds []")


# ----------------------------------------------------------------------------- Suite2p cases
def save_ops(path, ops):
    np.save(path, ops, allow_pickle=True)
    assert np.load(path, allow_pickle=True).item().keys() == ops.keys()


def suite2p_cases(out, rng):
    plane = os.path.join(out, 'suite2p', 'plane0')
    os.makedirs(plane, exist_ok=True)
    spks = rng.gamma(1.5, 20.0, size=(S2P_ROIS, S2P_FRAMES)).astype(np.float32)
    fluo = (rng.normal(500, 50, size=(S2P_ROIS, S2P_FRAMES))).astype(np.float32)
    iscell = np.stack([(rng.uniform(size=S2P_ROIS) < 0.7).astype(np.float64), rng.uniform(size=S2P_ROIS)], axis=1)
    np.save(os.path.join(plane, 'spks.npy'), spks)
    np.save(os.path.join(plane, 'F.npy'), fluo)
    np.save(os.path.join(plane, 'iscell.npy'), iscell)
    save_ops(os.path.join(plane, 'ops.npy'), {
        'fs': 7.5, 'nframes': S2P_FRAMES, 'nplanes': 1, 'save_path0': '/data/mouse1', 'tau': 1.25,
        'meanImg': rng.normal(size=(16, 16)).astype(np.float32), 'filelist': ['a.tif', 'b.tif'],
        'date_proc': None, 'badframes': np.zeros(S2P_FRAMES, dtype=bool), 'xrange': [2, 14],
        'reg_file': os.path.join(plane, 'data.bin'), 'nested': {'smooth': np.float64(2.0)}})
    k = 60
    onset_frames = np.sort(rng.choice(np.arange(3, S2P_FRAMES - 10), size=k, replace=False))
    angles = rng.uniform(0, 180, k).round(1)
    angles[7] = np.nan  # a blank presentation: the screen stayed grey
    np.save(os.path.join(out, 'stim.npy'), np.stack([onset_frames.astype(np.float64), angles], axis=1))
    with open(os.path.join(out, 'stim.csv'), 'w', newline='') as fh:
        w = csv.writer(fh)
        w.writerow(['frame', 'angle'])
        for fr, an in zip(onset_frames, angles):
            w.writerow([int(fr), '' if np.isnan(an) else repr(float(an))])
    keep = iscell[:, 0] == 1
    frame_times = np.arange(S2P_FRAMES) / S2P_FS
    onsets = onset_frames / S2P_FS
    stim_npy = os.path.join(out, 'stim.npy')
    stim_csv = os.path.join(out, 'stim.csv')

    rows, degs, secs = per_trial(spks[keep].T, frame_times, onsets, angles, 0.0, 1.0)
    expect(out, 's2p_trials', 'suite2p/plane0', {'stimulus': stim_npy}, rows, degs, secs)
    expect(out, 's2p_trials_csv_parent', 'suite2p', {'stimulus': stim_csv}, rows, degs, secs)
    rows, degs, secs = per_trial(fluo.T, frame_times, onsets, angles, 0.2, 0.9)
    expect(out, 's2p_f_all', 'suite2p/plane0', {'stimulus': stim_csv, 'trace': 'F', 'all-rois': 'true',
                                                'window': '0.2:0.9'}, rows, degs, secs)
    expect(out, 's2p_per_frame', 'suite2p/plane0', {'stimulus': stim_npy, 'per-frame': 'true'}, spks[keep].T,
           per_frame_holding(frame_times, onsets, angles), frame_times)

    # No fs in ops.npy: the rate must be given.
    nofs = os.path.join(out, 'nofs', 'plane0')
    os.makedirs(nofs, exist_ok=True)
    np.save(os.path.join(nofs, 'spks.npy'), spks)
    np.save(os.path.join(nofs, 'iscell.npy'), iscell)
    save_ops(os.path.join(nofs, 'ops.npy'), {'nframes': S2P_FRAMES})
    frame_times = np.arange(S2P_FRAMES) / 10.0
    rows, degs, secs = per_trial(spks[keep].T, frame_times, onset_frames / 10.0, angles, 0.0, 1.0)
    expect(out, 's2p_rate_given', 'nofs/plane0', {'stimulus': stim_npy, 'frame-rate': '10'}, rows, degs, secs)
    refuse('nofs/plane0', {'stimulus': stim_npy}, "ops.npy has no 'fs'; give the imaging rate with --frame-rate")

    # Refusals.
    two = os.path.join(out, 'two_planes')
    for name in ('plane0', 'plane1'):
        os.makedirs(os.path.join(two, name), exist_ok=True)
        np.save(os.path.join(two, name, 'spks.npy'), spks)
    refuse('two_planes', {'stimulus': stim_npy}, 'holds 2 planes (plane0, plane1); name one folder')
    refuse('suite2p/plane0', {}, 'a Suite2p folder needs --stimulus FILE')
    empty = os.path.join(out, 'empty_dir')
    os.makedirs(empty, exist_ok=True)
    refuse('empty_dir', {'stimulus': stim_npy}, 'neither spks.npy nor a plane0 folder')

    def bad_plane(name, files):
        d = os.path.join(out, name, 'plane0')
        os.makedirs(d, exist_ok=True)
        base = {'spks.npy': spks, 'iscell.npy': iscell}
        base.update(files)
        for fname, arr in base.items():
            if arr is not None:
                np.save(os.path.join(d, fname), arr)
        save_ops(os.path.join(d, 'ops.npy'), {'fs': S2P_FS})
        return name + '/plane0'

    refuse(bad_plane('bad_iscell_shape', {'iscell.npy': iscell[:-1]}), {'stimulus': stim_npy},
           'iscell.npy has shape (40, 2) but spks.npy has 41 rows (ROIs); expected (41, 2)')
    refuse(bad_plane('bad_no_iscell', {'iscell.npy': None}), {'stimulus': stim_npy},
           'no iscell.npy; pass --all-rois to keep every ROI')
    refuse(bad_plane('bad_spks_1d', {'spks.npy': spks[0]}), {'stimulus': stim_npy},
           'spks must be 2-D (rois, frames); found shape (457,)')
    refuse(bad_plane('bad_no_cells', {'iscell.npy': np.zeros((S2P_ROIS, 2))}), {'stimulus': stim_npy},
           'iscell.npy marks none of the 41 ROIs as a cell')

    late = np.stack([onset_frames.astype(np.float64), np.nan_to_num(angles)], axis=1)
    late[-1, 0] = S2P_FRAMES + 5
    np.save(os.path.join(out, 'bad_stim_late.npy'), late)
    refuse('suite2p/plane0', {'stimulus': os.path.join(out, 'bad_stim_late.npy')},
           'bad_stim_late.npy row 59: onset frame 462 is outside the recording\'s 457 frames')
    np.save(os.path.join(out, 'bad_stim_3col.npy'), np.zeros((5, 3)))
    refuse('suite2p/plane0', {'stimulus': os.path.join(out, 'bad_stim_3col.npy')},
           'bad_stim_3col.npy must have shape (k, 2): onset frame, angle; found shape (5, 3)')
    with open(os.path.join(out, 'bad_stim.csv'), 'w') as fh:
        fh.write('frame,angle\n10,45\n12.5,90\n')
    refuse('suite2p/plane0', {'stimulus': os.path.join(out, 'bad_stim.csv')},
           "bad_stim.csv line 3: onset frame '12.5' is not a whole number")
    with open(os.path.join(out, 'bad_stim_header.csv'), 'w') as fh:
        fh.write('onset,ori\n10,45\n')
    refuse('suite2p/plane0', {'stimulus': os.path.join(out, 'bad_stim_header.csv')},
           "bad_stim_header.csv: the header [onset, ori] lacks the columns 'frame' and 'angle'")


def main(out):
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(20261129)
    nwb_cases(out, rng)
    suite2p_cases(out, rng)
    with open(os.path.join(out, 'cases.tsv'), 'w') as fh:
        for row in cases:
            fh.write('\t'.join(row) + '\n')
    with open(os.path.join(out, 'refusals.tsv'), 'w') as fh:
        for row in refusals:
            fh.write('\t'.join(row) + '\n')


if __name__ == '__main__':
    main(sys.argv[1])
