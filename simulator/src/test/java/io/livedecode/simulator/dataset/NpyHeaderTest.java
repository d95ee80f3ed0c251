package io.livedecode.simulator.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NpyHeaderTest {

    /** A version 1.0 header as numpy lays it out: magic, version, 2-byte length, padded dict. */
    private static byte[] header(String dict) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        byte[] text = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        out.write(text.length & 0xFF);
        out.write(text.length >> 8);
        out.writeBytes(text);
        return out.toByteArray();
    }

    private static NpyHeader read(String dict) throws DatasetFormatException {
        return NpyHeader.read(new ByteArrayInputStream(header(dict)), "h.npy");
    }

    @Test
    void readsDescrOrderAndShape() throws Exception {
        NpyHeader h = read("{'descr': '<f4', 'fortran_order': True, 'shape': (23589, 4598), }");
        assertEquals('f', h.dtype().kind());
        assertEquals(4, h.dtype().itemSize());
        assertTrue(h.dtype().isLittleEndianFloat());
        assertTrue(h.fortranOrder());
        assertEquals(List.of(23589L, 4598L), h.shape());
        assertEquals(header("{'descr': '<f4', 'fortran_order': True, 'shape': (23589, 4598), }").length, h.length());
    }

    @Test
    void readsPython2LongsAndScalarShapes() throws Exception {
        assertEquals(List.of(360L, 17L), read("{'descr': '<f8', 'fortran_order': False, 'shape': (360L, 17L)}").shape());
        assertEquals(List.of(), read("{'descr': '|O', 'fortran_order': False, 'shape': (), }").shape());
    }

    @Test
    void structuredDtypesAreKeptAsUnsupported() throws Exception {
        NpyHeader h = read("{'descr': [('a', '<f8'), ('b', '<i4')], 'fortran_order': False, 'shape': (3,), }");
        assertEquals('?', h.dtype().kind());
        assertFalse(h.dtype().isLittleEndianReal());
    }

    @Test
    void describesDtypesAsNumpyNamesThem() {
        assertEquals("'>f8' (float64, big-endian)", NpyDtype.parse(">f8").describe());
        assertEquals("'<c16' (complex128)", NpyDtype.parse("<c16").describe());
        assertEquals("'|u1' (uint8)", NpyDtype.parse("|u1").describe());
        assertTrue(NpyDtype.parse("|u1").isLittleEndianReal());
        assertFalse(NpyDtype.parse(">i2").isLittleEndianReal());
    }

    @Test
    void rejectsWhatIsNotAnNpyHeader() {
        String missing = assertThrows(DatasetFormatException.class,
                () -> read("{'descr': '<f8', 'shape': (3,)}")).getMessage();
        assertEquals("h.npy: npy header lacks descr, fortran_order or shape: {'descr': '<f8', 'shape': (3,)}", missing);
        String garbled = assertThrows(DatasetFormatException.class,
                () -> read("{'descr': '<f8', 'fortran_order': Maybe}")).getMessage();
        assertTrue(garbled.startsWith("h.npy: unreadable npy header: unexpected character 'M'"), garbled);
    }
}
