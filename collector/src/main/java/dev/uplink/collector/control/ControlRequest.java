package dev.uplink.collector.control;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A request on the collector's control socket (docs/behaviour.md#control-socket): the store the
 * asking command means, and the health document it wants (JSON or text, one site or all). Lines of
 * UTF-8 text ending with an empty line:
 *
 * <pre>
 * uplink-control 1
 * store IDENTITY
 * health json|text
 * site NAME          (optional)
 * </pre>
 */
public record ControlRequest(String store, boolean json, String site) {

    static final String VERSION = "uplink-control 1";

    /** The request's bytes, or empty when a value cannot be sent as one line (the command asks no collector then). */
    public Optional<byte[]> encode() {
        if (!oneLine(store) || (site != null && !oneLine(site))) {
            return Optional.empty();
        }
        StringBuilder b = new StringBuilder(VERSION).append('\n');
        b.append("store ").append(store).append('\n');
        b.append("health ").append(json ? "json" : "text").append('\n');
        if (site != null) {
            b.append("site ").append(site).append('\n');
        }
        return Optional.of(b.append('\n').toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The request in {@code text} (its end marker, the empty line, already cut off), or empty when it is not one. */
    static Optional<ControlRequest> parse(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length < 3 || !lines[0].equals(VERSION)) {
            return Optional.empty();
        }
        String store = null;
        Boolean json = null;
        String site = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int space = line.indexOf(' ');
            if (space <= 0) {
                return Optional.empty();
            }
            String key = line.substring(0, space);
            String value = line.substring(space + 1);
            if (key.equals("store") && store == null && !value.isEmpty()) {
                store = value;
            } else if (key.equals("health") && json == null && (value.equals("json") || value.equals("text"))) {
                json = value.equals("json");
            } else if (key.equals("site") && site == null && !value.isEmpty()) {
                site = value;
            } else {
                return Optional.empty();
            }
        }
        if (store == null || json == null) {
            return Optional.empty();
        }
        return Optional.of(new ControlRequest(store, json, site));
    }

    private static boolean oneLine(String value) {
        return !value.isEmpty() && value.indexOf('\n') < 0 && value.indexOf('\r') < 0;
    }
}
