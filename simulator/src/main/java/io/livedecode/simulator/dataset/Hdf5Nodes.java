package io.livedecode.simulator.dataset;

import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Link;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Navigation of an HDF5 file by NWB paths, with messages that say what is there instead: groups,
 * datasets, string and number attributes, and small numeric datasets read as doubles.
 * Paths are relative to the root, without a leading slash.
 */
final class Hdf5Nodes {

    private Hdf5Nodes() {
    }

    /** The node at {@code path}, following links, or null if any part is missing. */
    static Node find(Group root, String path) {
        Node node = root;
        for (String part : parts(path)) {
            if (!(node instanceof Group group)) {
                return null;
            }
            node = resolve(childOrNull(group, part));
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /**
     * The group at {@code path}.
     *
     * @throws DatasetFormatException naming the first missing part and what its parent holds
     */
    static Group group(Group root, String path, String file) throws DatasetFormatException {
        Node node = root;
        String at = "";
        for (String part : parts(path)) {
            Group parent = (Group) node;
            String here = at.isEmpty() ? part : at + "/" + part;
            node = resolve(childOrNull(parent, part));
            if (!(node instanceof Group)) {
                String what = node == null ? "no group" : "'" + here + "' is a dataset, not a group:";
                throw new DatasetFormatException(String.format("%s: %s '%s'; %s holds %s", file, what,
                        node == null ? path : here, at.isEmpty() ? "the root" : at, childNames(parent)));
            }
            at = here;
        }
        return (Group) node;
    }

    /** The child dataset {@code name} of {@code group}, or null. */
    static Dataset dataset(Group group, String name) {
        return resolve(childOrNull(group, name)) instanceof Dataset d ? d : null;
    }

    /** Names of a group's children, sorted. */
    static TreeSet<String> childNames(Group group) {
        return new TreeSet<>(group.getChildren().keySet());
    }

    /** Path of a node without the leading slash. */
    static String pathOf(Node node) {
        String p = node.getPath();
        p = p.startsWith("/") ? p.substring(1) : p;
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /** A string attribute, or null if absent or not text. */
    static String text(Node node, String name) {
        Object value = attributeValue(node, name);
        if (value instanceof String s) {
            return s;
        }
        if (value != null && value.getClass().isArray() && Array.getLength(value) == 1
                && Array.get(value, 0) instanceof String s) {
            return s;
        }
        return null;
    }

    /** A numeric scalar attribute, or null if absent or not a number. */
    static Double number(Node node, String name) {
        Object value = attributeValue(node, name);
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value != null && value.getClass().isArray() && Array.getLength(value) == 1
                && Array.get(value, 0) instanceof Number n) {
            return n.doubleValue();
        }
        return null;
    }

    private static Object attributeValue(Node node, String name) {
        try {
            Attribute attribute = node.getAttribute(name);
            return attribute == null ? null : attribute.getData();
        } catch (HdfException e) {
            // An attribute this reader cannot decode counts as absent; none of those it reads is exotic.
            return null;
        }
    }

    /** A numeric scalar dataset (or a one-element one). */
    static double scalar(Dataset d, String file) throws DatasetFormatException {
        double[] v = vector(d, file);
        if (v.length != 1) {
            throw new DatasetFormatException(String.format("%s: %s must hold one number; found shape %s",
                    file, pathOf(d), shapeText(d.getDimensions())));
        }
        return v[0];
    }

    /** A numeric dataset of shape (n,), (n, 1), (1, n) or () as doubles. */
    static double[] vector(Dataset d, String file) throws DatasetFormatException {
        int[] dims = d.getDimensions();
        boolean vector = dims.length <= 1 || (dims.length == 2 && (dims[0] == 1 || dims[1] == 1));
        if (!vector) {
            throw new DatasetFormatException(String.format("%s: %s must be a vector; found shape %s",
                    file, pathOf(d), shapeText(dims)));
        }
        requireNumeric(d, file);
        Object flat;
        try {
            flat = d.isScalar() ? d.getData() : d.getDataFlat();
        } catch (HdfException e) {
            throw new DatasetFormatException(file + ": cannot read " + pathOf(d) + ": " + e.getMessage(), e);
        }
        if (flat instanceof Number n) {
            return new double[] {n.doubleValue()};
        }
        int n = Array.getLength(flat);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = ((Number) Array.get(flat, i)).doubleValue();
        }
        return out;
    }

    /** Requires an integer or floating-point element type. */
    static void requireNumeric(Dataset d, String file) throws DatasetFormatException {
        DataType type = d.getDataType();
        if (!(type instanceof FixedPoint) && !(type instanceof FloatingPoint)) {
            throw new DatasetFormatException(String.format("%s: %s has HDF5 type %s; expected integers or floats",
                    file, pathOf(d), typeName(type)));
        }
        if (type instanceof FloatingPoint && type.getSize() != 4 && type.getSize() != 8) {
            throw new DatasetFormatException(String.format(Locale.ROOT,
                    "%s: %s holds %d-bit floats; expected 32- or 64-bit", file, pathOf(d), type.getSize() * 8));
        }
    }

    /** The HDF5 class of a type as a word: String, Compound, Reference ... */
    static String typeName(DataType type) {
        String name = type.getClass().getSimpleName();
        for (String suffix : List.of("DataType", "Data")) {
            if (name.endsWith(suffix) && name.length() > suffix.length()) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    /** A shape as Python prints it. */
    static String shapeText(int[] dims) {
        List<Long> shape = new ArrayList<>();
        for (int d : dims) {
            shape.add((long) d);
        }
        return dims.length == 0 ? "()" : NdArray.formatShape(shape);
    }

    private static Node childOrNull(Group group, String name) {
        try {
            return group.getChildren().get(name);
        } catch (HdfException e) {
            return null;
        }
    }

    private static Node resolve(Node node) {
        if (node instanceof Link link) {
            return link.isBrokenLink() ? null : link.getTarget();
        }
        return node;
    }

    private static String[] parts(String path) {
        String p = path.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? new String[0] : p.split("/+");
    }
}
