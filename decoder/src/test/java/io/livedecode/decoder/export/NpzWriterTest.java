package io.livedecode.decoder.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives written here, read back by Debian's numpy. */
class NpzWriterTest {

    static final String PYTHON = "/usr/bin/python3";

    @Test
    void numpyLoadsEveryKindOfArrayExactly(@TempDir Path dir) throws Exception {
        float[] m = new float[3 * 5];
        for (int i = 0; i < m.length; i++) {
            m[i] = i * 0.25f - 1.5f;
        }
        m[7] = Float.MIN_VALUE;
        byte[] npz = new NpzWriter(0)
                .float32("matrix", new int[] {3, 5}, m)
                .float64("vector", new int[] {4}, new double[] {1.0 / 3, -0.0, 1e300, Math.PI})
                .float64("scalar", 2.5)
                .int64("count", -9_007_199_254_740_993L)
                .text("json", "{\"a\": [1, 2]}")
                .text("unicode", "θ ∈ [0, 2π) \uD83D\uDC2D")
                .text("empty", "")
                .float32("empty_matrix", new int[] {0, 4}, new float[0])
                .finish();
        Path file = Files.write(dir.resolve("a.npz"), npz);
        String out = python(dir, String.join("\n",
                "import numpy as np",
                "z = np.load('" + file + "')",
                "assert sorted(z.files) == sorted(['matrix', 'vector', 'scalar', 'count', 'json', 'unicode', 'empty',"
                        + " 'empty_matrix']), z.files",
                "m = z['matrix']",
                "assert m.dtype == np.dtype('<f4') and m.shape == (3, 5) and m.flags['C_CONTIGUOUS']",
                "want = (np.arange(15, dtype=np.float32) * np.float32(0.25) - np.float32(1.5)).reshape(3, 5)",
                "want[1, 2] = np.float32(1e-45)",
                "assert np.array_equal(m, want), m",
                "v = z['vector']",
                "assert v.dtype == np.dtype('<f8') and v.shape == (4,)",
                "assert v.tolist() == [1 / 3, -0.0, 1e300, np.pi] and np.signbit(v[1])",
                "assert z['scalar'].shape == () and float(z['scalar']) == 2.5",
                "assert z['count'].dtype == np.dtype('<i8') and int(z['count']) == -9007199254740993",
                "assert str(z['json']) == '{\"a\": [1, 2]}'",
                "assert str(z['unicode']) == 'θ ∈ [0, 2π) \\U0001F42D', repr(str(z['unicode']))",
                "assert str(z['empty']) == ''",
                "assert z['empty_matrix'].shape == (0, 4)",
                "import zipfile",
                "for info in zipfile.ZipFile('" + file + "').infolist():",
                "    assert info.compress_type == zipfile.ZIP_STORED, info",
                "    with zipfile.ZipFile('" + file + "').open(info) as f:",
                "        assert np.lib.format.read_magic(f) == (1, 0)",
                "        shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)",
                "        assert not fortran and f.tell() % 64 == 0, (info.filename, f.tell())",
                "print('ok')"));
        assertEquals("ok", out.strip());
    }

    @Test
    void theSameArraysGiveTheSameBytes() {
        byte[] a = new NpzWriter(0).int64("x", 1).text("y", "z").finish();
        byte[] b = new NpzWriter(0).int64("x", 1).text("y", "z").finish();
        assertArrayEquals(a, b);
    }

    @Test
    void badNamesAndShapesAreRefused() {
        NpzWriter w = new NpzWriter(0).int64("x", 1);
        assertEquals("array 'x' is already in the archive",
                assertThrows(IllegalArgumentException.class, () -> w.int64("x", 2)).getMessage());
        assertEquals("array name 'a b' must be a Python identifier",
                assertThrows(IllegalArgumentException.class, () -> w.int64("a b", 2)).getMessage());
        assertEquals("array 'm' has 5 values but shape [2, 3] holds 6",
                assertThrows(IllegalArgumentException.class, () -> w.float32("m", new int[] {2, 3}, new float[5]))
                        .getMessage());
    }

    @Test
    void layersTransposeToCOrder() {
        // 2 x 3, column by column: (0,0) (1,0) (0,1) (1,1) (0,2) (1,2)
        float[] columns = {1, 4, 2, 5, 3, 6};
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, ModelArchive.cOrder(columns, 2, 3));
        float[] wide = new float[3 * 40];
        for (int j = 0; j < 40; j++) {
            for (int i = 0; i < 3; i++) {
                wide[j * 3 + i] = 100 * i + j;
            }
        }
        float[] rows = ModelArchive.cOrder(wide, 3, 40);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 40; j++) {
                assertEquals(100 * i + j, rows[i * 40 + j]);
            }
        }
    }

    /** Runs a script with Debian's numpy; fails (never skips) without it. */
    static String python(Path dir, String script) throws Exception {
        assertTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " is missing: apt-get install python3-numpy");
        Path file = Files.writeString(dir.resolve("check.py"), script);
        Process p = new ProcessBuilder(PYTHON, file.toString()).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python did not finish");
        assertEquals(0, p.exitValue(), "python failed:\n" + output);
        return output;
    }
}
