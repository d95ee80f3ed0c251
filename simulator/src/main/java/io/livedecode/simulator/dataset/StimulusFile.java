package io.livedecode.simulator.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A stimulus log beside a Suite2p folder: one row per presentation, its onset as an imaging frame
 * number and its angle. Either an npy of shape (k, 2), or a CSV with the columns {@code frame} and
 * {@code angle} (a header naming them, or exactly two unnamed columns). An empty or NaN angle
 * marks a blank presentation.
 */
final class StimulusFile {

    /** Onset frame numbers and angles as written in the file. */
    record Rows(long[] frames, double[] angles) {
    }

    private StimulusFile() {
    }

    static Rows read(Path file, int recordingFrames) throws DatasetFormatException {
        DatasetFiles.requireReadableFile(file);
        byte[] start;
        try (InputStream in = Files.newInputStream(file)) {
            start = in.readNBytes(8);
        } catch (IOException e) {
            throw new DatasetFormatException(file + ": cannot read: " + e.getMessage(), e);
        }
        Rows rows = NpyHeader.hasMagic(start) ? npy(file) : csv(file);
        String name = file.toString();
        for (int i = 0; i < rows.frames.length; i++) {
            if (rows.frames[i] < 0 || rows.frames[i] >= recordingFrames) {
                throw new DatasetFormatException(String.format(Locale.ROOT,
                        "%s row %d: onset frame %d is outside the recording's %d frames", name, i, rows.frames[i],
                        recordingFrames));
            }
        }
        if (rows.frames.length == 0) {
            throw new DatasetFormatException(file + ": holds no stimulus presentation");
        }
        return rows;
    }

    private static Rows npy(Path file) throws DatasetFormatException {
        String name = file.toString();
        NdArray array = NpyFiles.open(file, name);
        if (array.shape().size() != 2 || array.shape().get(1) != 2) {
            throw new DatasetFormatException(String.format("%s must have shape (k, 2): onset frame, angle; found shape %s",
                    name, array.shapeText()));
        }
        if (!array.dtype().isLittleEndianReal()) {
            throw new DatasetFormatException(String.format("%s has dtype %s; expected little-endian numbers",
                    name, array.dtype().describe()));
        }
        int k = Math.toIntExact(array.shape().get(0));
        long[] frames = new long[k];
        double[] angles = new double[k];
        double[] all = new double[2 * k];
        ElementDecoder.decode(array, name, (first, values, count) ->
                System.arraycopy(values, 0, all, (int) first, count));
        for (int i = 0; i < k; i++) {
            double frame = array.fortranOrder() ? all[i] : all[2 * i];
            angles[i] = array.fortranOrder() ? all[k + i] : all[2 * i + 1];
            if (frame != Math.rint(frame) || !Double.isFinite(frame)) {
                throw new DatasetFormatException(String.format(Locale.ROOT,
                        "%s row %d: onset frame %s is not a whole number", name, i, frame));
            }
            frames[i] = (long) frame;
        }
        return new Rows(frames, angles);
    }

    private static Rows csv(Path file) throws DatasetFormatException {
        String name = file.toString();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DatasetFormatException(file + ": cannot read as text (CSV with columns frame,angle): "
                    + e.getMessage(), e);
        }
        int frameColumn = 0;
        int angleColumn = 1;
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) {
            first++;
        }
        if (first < lines.size() && !startsWithNumber(lines.get(first))) {
            List<String> header = Arrays.stream(lines.get(first).split(",", -1))
                    .map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
            frameColumn = header.indexOf("frame");
            angleColumn = header.indexOf("angle");
            if (frameColumn < 0 || angleColumn < 0) {
                throw new DatasetFormatException(String.format(
                        "%s: the header %s lacks the columns 'frame' and 'angle' (onset frame, angle in degrees)",
                        name, header.toString()));
            }
            first++;
        }
        List<Long> frames = new ArrayList<>();
        List<Double> angles = new ArrayList<>();
        for (int i = first; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] cells = lines.get(i).split(",", -1);
            if (cells.length <= Math.max(frameColumn, angleColumn)) {
                throw new DatasetFormatException(String.format("%s line %d: '%s' has %d columns; expected frame,angle",
                        name, i + 1, lines.get(i), cells.length));
            }
            String frame = cells[frameColumn].strip();
            String angle = cells[angleColumn].strip();
            try {
                frames.add(Long.parseLong(frame));
            } catch (NumberFormatException e) {
                throw new DatasetFormatException(String.format("%s line %d: onset frame '%s' is not a whole number",
                        name, i + 1, frame));
            }
            try {
                angles.add(angle.isEmpty() || angle.equalsIgnoreCase("nan") ? Double.NaN : Double.parseDouble(angle));
            } catch (NumberFormatException e) {
                throw new DatasetFormatException(String.format("%s line %d: angle '%s' is not a number", name, i + 1,
                        angle));
            }
        }
        return new Rows(frames.stream().mapToLong(Long::longValue).toArray(),
                angles.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static boolean startsWithNumber(String line) {
        String cell = line.split(",", -1)[0].strip();
        return !cell.isEmpty() && (Character.isDigit(cell.charAt(0)) || cell.charAt(0) == '-' || cell.charAt(0) == '+');
    }
}
