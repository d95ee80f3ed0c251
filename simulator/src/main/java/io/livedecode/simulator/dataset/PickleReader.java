package io.livedecode.simulator.dataset;

import io.livedecode.simulator.dataset.PickleValues.Global;
import io.livedecode.simulator.dataset.PickleValues.LargeString;
import io.livedecode.simulator.dataset.PickleValues.Opaque;
import io.livedecode.simulator.dataset.PickleValues.PyCallable;
import io.livedecode.simulator.dataset.PickleValues.PyStateful;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates the subset of the Python pickle format (protocols 2 to 5, in-band) that numpy writes
 * for object arrays. Byte payloads above a threshold are not read: they become file ranges,
 * decoded later straight into their final form. Unknown classes load as opaque placeholders.
 */
final class PickleReader {

    /** Payloads above this size stay in the file until decoded. */
    static final int DEFAULT_IN_MEMORY_LIMIT = 1 << 16;

    /** Strings this short are always read: keys, module and dtype names must be real strings. */
    private static final int SHORT_TEXT = 4096;

    private final Path file;
    private final PickleInput in;
    private final int inMemoryLimit;
    private final List<Object> stack = new ArrayList<>();
    private final Deque<Integer> marks = new ArrayDeque<>();
    private final Map<Integer, Object> memo = new HashMap<>();

    private PickleReader(Path file, FileChannel channel, long start, int inMemoryLimit) {
        this.file = file;
        this.in = new PickleInput(channel, start);
        this.inMemoryLimit = inMemoryLimit;
    }

    /** Unpickles the object that starts at byte {@code start} of {@code file}. */
    static Object read(Path file, FileChannel channel, long start, int inMemoryLimit) throws DatasetFormatException {
        PickleReader reader = new PickleReader(file, channel, start, inMemoryLimit);
        long opcodeAt = start;
        int opcode = -1;
        try {
            while (true) {
                opcodeAt = reader.in.position();
                opcode = reader.in.u8();
                if (opcode == '.') {
                    return reader.pop();
                }
                reader.execute(opcode);
            }
        } catch (DatasetFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DatasetFormatException(String.format("%s: malformed pickle at byte %d (opcode 0x%02x): %s",
                    file, opcodeAt, opcode, e.getMessage()), e);
        }
    }

    private void execute(int opcode) throws IOException {
        switch (opcode) {
            case 0x80 -> protocol(in.u8());
            case 0x95 -> in.i64(); // FRAME: a read-ahead hint, irrelevant to a sequential reader
            case '(' -> marks.push(stack.size());
            case '0' -> pop();
            case '1' -> popMark();
            case '2' -> push(peek());
            case 'N' -> push(null);
            case 0x88 -> push(Boolean.TRUE);
            case 0x89 -> push(Boolean.FALSE);
            case 'J' -> push((long) in.i32());
            case 'K' -> push((long) in.u8());
            case 'M' -> push((long) in.u16());
            case 0x8a -> push(longFrom(in.bytes(in.u8())));
            case 0x8b -> push(longFrom(in.bytes(length(in.i32()))));
            case 'G' -> push(in.bigEndianDouble());
            case 0x8c -> push(text(in.u8()));
            case 'X' -> push(text(in.u32()));
            case 0x8d -> push(text(in.i64()));
            case 'C' -> push(bytes(in.u8()));
            case 'B' -> push(bytes(in.u32()));
            case 0x8e, 0x96 -> push(bytes(in.i64()));
            case 'U' -> push(py2String(in.u8()));
            case 'T' -> push(py2String(length(in.i32())));
            case ')' -> push(List.of());
            case 't' -> push(tuple(popMark()));
            case 0x85 -> push(tuple(pop(1)));
            case 0x86 -> push(tuple(pop(2)));
            case 0x87 -> push(tuple(pop(3)));
            case ']' -> push(new ArrayList<>());
            case 'l' -> push(new ArrayList<>(popMark()));
            case 'a' -> listAt(peekBelow(1)).add(pop());
            case 'e' -> {
                List<Object> items = popMark();
                listAt(peek()).addAll(items);
            }
            case '}' -> push(new LinkedHashMap<>());
            case 'd' -> push(putAll(new LinkedHashMap<>(), popMark()));
            case 's' -> putAll(mapAt(peekBelow(2)), pop(2));
            case 'u' -> {
                List<Object> items = popMark();
                putAll(mapAt(peek()), items);
            }
            case 0x8f -> push(new LinkedHashSet<>());
            case 0x90 -> {
                List<Object> items = popMark();
                setAt(peek()).addAll(items);
            }
            case 0x91 -> push(Collections.unmodifiableSet(new LinkedHashSet<>(popMark())));
            case 'c' -> push(NumpyGlobals.resolve(in.line(), in.line()));
            case 0x93 -> {
                List<Object> names = pop(2);
                push(NumpyGlobals.resolve(string(names.get(0)), string(names.get(1))));
            }
            case 'R', 0x81 -> {
                List<Object> args = listAt(pop());
                push(call(pop(), args));
            }
            case 0x92 -> {
                pop(); // keyword arguments: no class this reader builds takes any
                List<Object> args = listAt(pop());
                push(call(pop(), args));
            }
            case 'b' -> build(pop(), peek());
            case 0x94 -> memo.put(memo.size(), peek());
            case 'q' -> memo.put(in.u8(), peek());
            case 'r' -> memo.put(in.i32(), peek());
            case 'h' -> push(memoGet(in.u8()));
            case 'j' -> push(memoGet(in.i32()));
            default -> throw new IOException(String.format(
                    "opcode 0x%02x ('%c') is not supported: numpy writes protocols 2-5 in-band only",
                    opcode, (char) opcode));
        }
    }

    private void protocol(int version) throws IOException {
        if (version < 2 || version > 5) {
            throw new IOException("pickle protocol " + version + " is not supported (2 to 5 are)");
        }
    }

    private Object call(Object callable, List<Object> args) throws DatasetFormatException {
        if (callable instanceof PyCallable function) {
            return function.call(args);
        }
        if (callable instanceof Global global) {
            return new Opaque(global.qualifiedName(), args);
        }
        throw new DatasetFormatException(file + ": pickle calls a " + describe(callable) + ", which is not callable");
    }

    private static void build(Object state, Object target) throws DatasetFormatException {
        if (target instanceof PyStateful stateful) {
            stateful.setState(state);
        }
        // Other objects keep no state: nothing the loaders read lives in them.
    }

    private Object text(long length) throws IOException {
        if (length <= Math.max(inMemoryLimit, SHORT_TEXT)) {
            return in.utf8((int) length);
        }
        return new LargeString(skipRange(length));
    }

    private RawData bytes(long length) throws IOException {
        if (length <= inMemoryLimit) {
            return new RawData.InMemory(in.bytes((int) length));
        }
        return skipRange(length);
    }

    /** Python 2 str: text for keys and names, bytes for array payloads; numpy accepts either. */
    private Object py2String(long length) throws IOException {
        if (length <= Math.max(inMemoryLimit, SHORT_TEXT)) {
            return new String(in.bytes((int) length), StandardCharsets.ISO_8859_1);
        }
        return skipRange(length);
    }

    private RawData.FileRange skipRange(long length) throws IOException {
        if (length < 0) {
            throw new IOException("negative payload length " + length);
        }
        long offset = in.position();
        in.skip(length);
        return new RawData.FileRange(file, offset, length);
    }

    private static int length(int signed) throws IOException {
        if (signed < 0) {
            throw new IOException("negative length " + signed);
        }
        return signed;
    }

    private static Object longFrom(byte[] littleEndian) {
        if (littleEndian.length == 0) {
            return 0L;
        }
        byte[] bigEndian = new byte[littleEndian.length];
        for (int i = 0; i < littleEndian.length; i++) {
            bigEndian[i] = littleEndian[littleEndian.length - 1 - i];
        }
        BigInteger value = new BigInteger(bigEndian);
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    private static List<Object> tuple(List<Object> items) {
        return Collections.unmodifiableList(Arrays.asList(items.toArray()));
    }

    private static Map<Object, Object> putAll(Map<Object, Object> map, List<Object> keysAndValues) throws IOException {
        if (keysAndValues.size() % 2 != 0) {
            throw new IOException("odd number of items for a dict");
        }
        for (int i = 0; i < keysAndValues.size(); i += 2) {
            map.put(keysAndValues.get(i), keysAndValues.get(i + 1));
        }
        return map;
    }

    private Object memoGet(int index) throws IOException {
        if (!memo.containsKey(index)) {
            throw new IOException("memo entry " + index + " is read before it is written");
        }
        return memo.get(index);
    }

    private void push(Object value) {
        stack.add(value);
    }

    private Object pop() throws IOException {
        if (stack.size() <= floor()) {
            throw new IOException("stack underflow");
        }
        return stack.removeLast();
    }

    private List<Object> pop(int count) throws IOException {
        if (stack.size() - count < floor()) {
            throw new IOException("stack underflow");
        }
        List<Object> top = new ArrayList<>(stack.subList(stack.size() - count, stack.size()));
        stack.subList(stack.size() - count, stack.size()).clear();
        return top;
    }

    private List<Object> popMark() throws IOException {
        if (marks.isEmpty()) {
            throw new IOException("no mark on the stack");
        }
        int mark = marks.pop();
        List<Object> top = new ArrayList<>(stack.subList(mark, stack.size()));
        stack.subList(mark, stack.size()).clear();
        return top;
    }

    private Object peek() throws IOException {
        return peekBelow(0);
    }

    private Object peekBelow(int depth) throws IOException {
        if (stack.size() - depth <= floor()) {
            throw new IOException("stack underflow");
        }
        return stack.get(stack.size() - 1 - depth);
    }

    private int floor() {
        return marks.isEmpty() ? 0 : marks.peek();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> listAt(Object value) throws IOException {
        if (value instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw new IOException("expected a list or tuple, found " + describe(value));
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> mapAt(Object value) throws IOException {
        if (value instanceof Map<?, ?> map) {
            return (Map<Object, Object>) map;
        }
        throw new IOException("expected a dict, found " + describe(value));
    }

    @SuppressWarnings("unchecked")
    private static Set<Object> setAt(Object value) throws IOException {
        if (value instanceof Set<?> set) {
            return (Set<Object>) set;
        }
        throw new IOException("expected a set, found " + describe(value));
    }

    private static String string(Object value) throws IOException {
        if (value instanceof String s) {
            return s;
        }
        throw new IOException("expected a string, found " + describe(value));
    }

    static String describe(Object value) {
        return value == null ? "None" : value.getClass().getSimpleName();
    }
}
