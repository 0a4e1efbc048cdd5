package dev.uplink.cli.log;

import java.util.Map;
import org.slf4j.event.Level;

/**
 * What the one logging facility writes (docs/behaviour.md#logs): the level, the format, and
 * whether lines carry their own timestamp. Read on every call, so loggers made before the command
 * line was parsed (static fields) follow {@code --log-level} and {@code --log-format} too.
 */
public final class LogSettings {

    /** One line of text per record, or one JSON object per line. */
    public enum Format {
        TEXT,
        JSON
    }

    /**
     * Libraries whose routine lines are noise for a command-line tool. Apache POI logs its own
     * clean-up failures on a corrupt workbook that the command already reports as one line
     * (docs/behaviour.md#input-files); the PostgreSQL pool and Flyway log their start and schema
     * checks on every command (their warnings stay); Jetty its start and stop, and a warning about
     * the collector's bounded request queue, which is bounded on purpose
     * (docs/behaviour.md#collector-answers-and-limits).
     */
    private static final Map<String, Level> LIBRARY_FLOORS = Map.of(
            "com.zaxxer.hikari", Level.WARN,
            "org.flywaydb", Level.WARN,
            "org.eclipse.jetty", Level.WARN,
            "org.eclipse.jetty.util.thread.QueuedThreadPool", Level.ERROR);

    private static final String OFF_LIBRARY = "org.apache.poi";

    private static volatile Level level = Level.INFO;
    private static volatile Format format = Format.TEXT;
    private static volatile boolean journal = System.getenv("JOURNAL_STREAM") != null;

    private LogSettings() {}

    public static void level(Level l) {
        level = l;
    }

    public static Level level() {
        return level;
    }

    public static void format(Format f) {
        format = f;
    }

    public static Format format() {
        return format;
    }

    /**
     * Run by systemd with stderr connected to the journal ({@code JOURNAL_STREAM} set): text lines
     * then carry no timestamp (the journal stamps each line) and start with a {@code <N>} priority
     * the journal reads as the line's level.
     */
    public static boolean journal() {
        return journal;
    }

    static void journal(boolean on) {
        journal = on;
    }

    /** Whether {@code logger} writes records of {@code l}. */
    static boolean enabled(String logger, Level l) {
        if (logger.startsWith(OFF_LIBRARY)) {
            return false;
        }
        Level floor = level;
        for (Map.Entry<String, Level> e : LIBRARY_FLOORS.entrySet()) {
            if (logger.startsWith(e.getKey()) && e.getValue().toInt() > floor.toInt()) {
                floor = e.getValue();
            }
        }
        return l.toInt() >= floor.toInt();
    }
}
