package io.livedecode.simulator.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Loads the binned teaching file ({@code W3D4_stringer_oribinned1.npz}): {@code resp}, z-scored
 * responses of shape (trials, neurons) with one row per degree, and {@code stimuli}, the angle
 * of each row in degrees. The file has no times, so trials are spaced by a fixed interval.
 */
public final class OribinnedNpzLoader {

    private OribinnedNpzLoader() {
    }

    /**
     * Loads {@code file}, placing trial {@code i} at {@code i * trialIntervalSeconds}.
     *
     * @throws DatasetFormatException if the file is missing, not an npz, or its arrays are unusable
     */
    public static LoadedSession load(Path file, double trialIntervalSeconds) throws DatasetFormatException {
        TrialTiming.requireInterval(trialIntervalSeconds);
        DatasetFiles.requireReadableFile(file);
        String name = file.toString();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Map<String, ZipEntry> members = members(zip);
            NdArray resp = member(zip, members, "resp", name);
            NdArray stimuli = member(zip, members, "stimuli", name);
            NdArrays.requireMatrix(resp, name, "(trials, neurons)");
            long trials = resp.shape().getFirst();
            NdArrays.requireVector(stimuli, name, trials, "resp has " + trials + " rows (trials)");
            double[] degrees = NdArrays.readVector(stimuli, name);
            NdArrays.requireFinite(degrees, stimuli, name);
            float[][] responses = NdArrays.readTrialMajor(resp, name, 0);
            TrialTiming timing = TrialTiming.fixed(responses.length, trialIntervalSeconds, "the npz holds no times");
            return new LoadedSession(name, responses, degrees, timing.seconds(), timing.description());
        } catch (ZipException e) {
            throw new DatasetFormatException(name + ": not an npz file (unreadable as a zip archive: "
                    + e.getMessage() + ")", e);
        } catch (DatasetFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new DatasetFormatException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** numpy stores array {@code key} as the member {@code key.npy}. */
    private static Map<String, ZipEntry> members(ZipFile zip) {
        Map<String, ZipEntry> members = new TreeMap<>();
        zip.stream().forEach(entry -> members.put(entry.getName().endsWith(".npy")
                ? entry.getName().substring(0, entry.getName().length() - 4) : entry.getName(), entry));
        return members;
    }

    private static NdArray member(ZipFile zip, Map<String, ZipEntry> members, String key, String name)
            throws IOException {
        ZipEntry entry = members.get(key);
        if (entry == null) {
            throw new DatasetFormatException(name + ": no array '" + key + "'; the npz holds " + members.keySet());
        }
        String source = name + "[" + key + "]";
        NpyHeader header;
        try (InputStream in = zip.getInputStream(entry)) {
            header = NpyHeader.read(in, source);
        }
        return new NdArray(key, header.dtype(), header.shape(), header.fortranOrder(),
                new RawData.ZipMember(zip, entry, header.length()));
    }
}
