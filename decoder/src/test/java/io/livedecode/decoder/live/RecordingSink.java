package io.livedecode.decoder.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An event sink that keeps what it is sent, and can play a backed-up connection. */
final class RecordingSink implements EventSink {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One server-sent event: its type ("snapshot", "update", or "" for comments and retry lines) and data. */
    record Event(String type, JsonNode data) {
    }

    final List<Event> events = new ArrayList<>();
    boolean full;
    long bytes;

    @Override
    public boolean full() {
        return full;
    }

    @Override
    public int send(String text) {
        if (!text.endsWith("\n\n")) {
            throw new AssertionError("an event must end with a blank line: " + text);
        }
        String type = "";
        String data = null;
        for (String line : text.substring(0, text.length() - 2).split("\n")) {
            if (line.startsWith("event: ")) {
                type = line.substring(7);
            } else if (line.startsWith("data: ")) {
                if (data != null) {
                    throw new AssertionError("one data line per event: " + text);
                }
                data = line.substring(6);
            }
        }
        try {
            events.add(new Event(type, data == null ? null : JSON.readTree(data)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        int n = text.getBytes(StandardCharsets.UTF_8).length;
        bytes += n;
        return n;
    }

    List<Event> ofType(String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }

    Event last() {
        return events.getLast();
    }

    void clear() {
        events.clear();
    }
}
