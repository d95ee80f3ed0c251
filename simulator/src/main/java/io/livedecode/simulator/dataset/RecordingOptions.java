package io.livedecode.simulator.dataset;

import java.nio.file.Path;
import java.util.Locale;

/**
 * How to turn a rig recording (an NWB file or a Suite2p folder) into replayable frames. Each
 * field is the replay option of the same name ({@code --series}, {@code --stimulus}, ...); the
 * teaching npz and the pickled npy ignore them.
 *
 * @param series      NWB: path of the response TimeSeries (e.g.
 *                    {@code processing/ophys/DfOverF/RoiResponseSeries}); null = the only one
 *                    under {@code processing/ophys}
 * @param stimulus    NWB: path of a TimeIntervals table or a stimulus TimeSeries (null =
 *                    {@code intervals/trials}, else the only TimeSeries under
 *                    {@code stimulus/presentation}); Suite2p: the stimulus file (required)
 * @param angleColumn NWB trials table column holding the angle; null = the first of
 *                    {@link #ANGLE_COLUMNS}
 * @param angleUnits  how to read angles
 * @param window      which frames average into a trial's response
 * @param perFrame    replay every imaging frame (labelled with the trial it falls in, NaN between
 *                    trials) instead of one averaged frame per trial
 * @param trace       Suite2p: which traces to replay
 * @param allRois     Suite2p: keep every ROI, not only those {@code iscell.npy} marks as cells
 * @param frameRate   Suite2p: imaging frames per second; NaN = {@code fs} from {@code ops.npy}
 */
public record RecordingOptions(String series, String stimulus, String angleColumn, AngleUnits angleUnits,
                               ResponseWindow window, boolean perFrame, Trace trace, boolean allRois,
                               double frameRate) {

    /** Trials-table columns tried, in this order, when no angle column is named. */
    public static final String[] ANGLE_COLUMNS = {"orientation", "direction", "angle"};

    /** Units of the stimulus angles in the file. */
    public enum AngleUnits {
        /** Degrees, unless the NWB TimeSeries' {@code unit} attribute says radians. */
        AUTO,
        DEGREES,
        RADIANS;

        /** Parses {@code auto}, {@code degrees} or {@code radians}, naming the bad value otherwise. */
        public static AngleUnits parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "auto" -> AUTO;
                case "degrees", "deg" -> DEGREES;
                case "radians", "rad" -> RADIANS;
                default -> throw new IllegalArgumentException(
                        "--angle-units '" + text + "' must be auto, degrees or radians");
            };
        }
    }

    /** The Suite2p traces to replay. */
    public enum Trace {
        /** Deconvolved activity, {@code spks.npy}. */
        SPKS("spks"),
        /** Raw fluorescence, {@code F.npy}. */
        F("F");

        private final String name;

        Trace(String name) {
            this.name = name;
        }

        /** The array's name, as in {@code spks.npy}. */
        public String arrayName() {
            return name;
        }

        /** Parses {@code spks} or {@code F}, naming the bad value otherwise. */
        public static Trace parse(String text) {
            for (Trace t : values()) {
                if (t.name.equals(text)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("--trace '" + text + "' must be spks (deconvolved) or F (fluorescence)");
        }
    }

    public RecordingOptions {
        if (angleUnits == null) {
            throw new IllegalArgumentException("angleUnits must be set");
        }
        if (window == null) {
            throw new IllegalArgumentException("window must be set");
        }
        if (trace == null) {
            throw new IllegalArgumentException("trace must be set");
        }
        if (!Double.isNaN(frameRate) && !(frameRate > 0 && Double.isFinite(frameRate))) {
            throw new IllegalArgumentException("--frame-rate " + frameRate
                    + " must be a positive number of frames per second");
        }
    }

    /** Every default: found series and stimulus, angles in degrees, trials averaged over 0 to 1 s. */
    public static RecordingOptions defaults() {
        return new RecordingOptions(null, null, null, AngleUnits.AUTO, ResponseWindow.DEFAULT, false, Trace.SPKS,
                false, Double.NaN);
    }

    /** The Suite2p stimulus file, or null when none was named. */
    Path stimulusFile() {
        return stimulus == null ? null : Path.of(stimulus);
    }

    /** Angles converted to degrees, as the options and (for AUTO) the file's own unit say. */
    double toDegrees(double angle, boolean fileSaysRadians) {
        boolean radians = angleUnits == AngleUnits.RADIANS || (angleUnits == AngleUnits.AUTO && fileSaysRadians);
        return radians ? Math.toDegrees(angle) : angle;
    }
}
