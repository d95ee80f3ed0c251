package io.livedecode.decoder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.simulator.dataset.DatasetFormatException;
import io.livedecode.simulator.dataset.RecordingOptions;
import io.livedecode.simulator.source.TrialSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The replay's source options as the command line parses them, on an h5py-written NWB file. */
class SourceOptionsTest {

    private static SourceOptions parse(String... args) {
        ReplayCommand replay = new ReplayCommand();
        new CommandLine(replay).parseArgs(args);
        return replay.source;
    }

    @Test
    void rigOptionsReachTheLoader(@TempDir Path dir) throws Exception {
        Path nwb = dir.resolve("session.nwb");
        Process p = new ProcessBuilder("/usr/bin/python3", "src/test/python/write_rig_session.py", dir.toString(),
                "20", "30", "3").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "needs python3-h5py:\n" + out);

        SourceOptions perTrial = parse("--dataset", nwb.toString(), "--window", "0:0.6");
        TrialSource trials = perTrial.open();
        assertEquals(30, trials.trials());
        assertEquals(20, trials.neurons());

        SourceOptions perFrame = parse("--dataset", nwb.toString(), "--per-frame", "--stimulus", "intervals/trials",
                "--angle-column", "orientation", "--angle-units", "degrees");
        RecordingOptions options = perFrame.recordingOptions();
        assertTrue(options.perFrame());
        assertEquals("orientation", options.angleColumn());
        assertEquals(RecordingOptions.AngleUnits.DEGREES, options.angleUnits());
        TrialSource frames = perFrame.open();
        assertEquals(160, frames.trials(), "30 s at 5 Hz plus 10 frames");
        assertTrue(Double.isNaN(frames.trial(0).stimulusDegrees()), "before the first onset");
        assertEquals(trials.trial(0).stimulusDegrees(), frames.trial(5).stimulusDegrees(), 1e-12,
                "the frame at 1.013 s shows the first presentation");

        String badWindow = assertThrows(DatasetFormatException.class,
                () -> parse("--dataset", nwb.toString(), "--window", "1:0").open()).getMessage();
        assertEquals("--window 1.0:0.0 must be START:END seconds after the onset, with END > START", badWindow);
        String noSeries = assertThrows(DatasetFormatException.class,
                () -> parse("--dataset", nwb.toString(), "--series", "processing/ophys/Deconvolved").open()).getMessage();
        assertTrue(noSeries.endsWith("no group 'processing/ophys/Deconvolved'; processing/ophys holds [DfOverF]"),
                noSeries);

        TrialSource suite2p = parse("--dataset", dir.resolve("suite2p").toString(), "--stimulus",
                dir.resolve("stimulus.csv").toString(), "--all-rois", "--frame-rate", "5").open();
        assertEquals(30, suite2p.trials());
        assertEquals(20, suite2p.neurons());
        assertEquals(trials.trial(7).stimulusDegrees(), suite2p.trial(7).stimulusDegrees(), 1e-12);
        assertEquals(18, parse("--dataset", dir.resolve("suite2p").toString(), "--stimulus",
                dir.resolve("stimulus.csv").toString()).open().neurons(), "iscell drops every tenth ROI");
    }

    @Test
    void rigOptionsAreRefusedWhereTheyCannotApply() {
        String synthetic = assertThrows(DatasetFormatException.class,
                () -> parse("--per-frame", "--frame-rate", "30").open()).getMessage();
        assertEquals("--per-frame, --frame-rate only apply to NWB files and Suite2p folders, not without --dataset",
                synthetic);
    }
}
