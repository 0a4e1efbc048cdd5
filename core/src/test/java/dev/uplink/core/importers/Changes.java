package dev.uplink.core.importers;

import java.util.List;
import java.util.stream.Collectors;

/** Renders changes compactly so a table row can state the whole expected parse. */
final class Changes {

    private Changes() {}

    /** e.g. {@code SET_VALUE HKLM\X [Name] REG_SZ "v" @3} — the number after @ is the end of the origin. */
    static String render(RegistryChange c) {
        StringBuilder sb = new StringBuilder(c.action().name()).append(' ').append(c.keyPath());
        if (c.valueName() != null) {
            sb.append(" [").append(c.valueName()).append(']');
        }
        if (c.value() != null) {
            sb.append(' ').append(c.value().display());
        }
        String origin = c.origin();
        return sb.append(" @")
                .append(origin.substring(origin.lastIndexOf(' ') + 1))
                .toString();
    }

    static String render(List<RegistryChange> changes) {
        return changes.stream().map(Changes::render).collect(Collectors.joining("\n"));
    }
}
