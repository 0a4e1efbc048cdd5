package dev.uplink.cli.log;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uplink.core.Redaction;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.event.Level;

/**
 * One log record as one line: {@code 2026-12-01T17:40:00.123Z INFO collector.http.EventsHandler: text}
 * or the same fields as a JSON object (docs/behaviour.md#logs). The text passes through the one
 * redaction (docs/behaviour.md#secrets-in-output) before it is written.
 */
final class LogLine {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

    private LogLine() {}

    /** Logger names of uplink's own classes without the common {@code dev.uplink.} prefix. */
    static String component(String logger) {
        return logger.startsWith("dev.uplink.") ? logger.substring("dev.uplink.".length()) : logger;
    }

    static String format(
            LogSettings.Format format,
            boolean journal,
            Instant at,
            Level level,
            String logger,
            String message,
            Throwable error) {
        String text = Redaction.redactText(oneLine(message == null ? "" : message));
        String cause = error == null ? null : Redaction.redactText(oneLine(describe(error)));
        String component = component(logger);
        if (format == LogSettings.Format.JSON) {
            ObjectNode o = JSON.createObjectNode();
            o.put("time", timestamp(at));
            o.put("level", level.name());
            o.put("component", component);
            o.put("message", text);
            if (error != null) {
                o.put("error", cause);
                if (LogSettings.level().toInt() <= Level.DEBUG.toInt()) {
                    o.put("stack", Redaction.redactText(stackTrace(error)));
                }
            }
            return o.toString();
        }
        StringBuilder b = new StringBuilder();
        if (journal) {
            b.append('<').append(syslogPriority(level)).append('>');
        } else {
            b.append(timestamp(at)).append(' ');
        }
        b.append(level.name()).append(' ').append(component).append(": ").append(text);
        if (cause != null) {
            b.append(" (").append(cause).append(')');
        }
        return b.toString();
    }

    /** ISO-8601 in UTC with milliseconds: the same width on every line, sortable as text. */
    static String timestamp(Instant at) {
        return TIMESTAMP.format(at);
    }

    /** The journal's priorities (sd-daemon.h): err 3, warning 4, info 6, debug 7. */
    static int syslogPriority(Level level) {
        return switch (level) {
            case ERROR -> 3;
            case WARN -> 4;
            case INFO -> 6;
            case DEBUG, TRACE -> 7;
        };
    }

    /** What went wrong, without the exception's class name unless there is nothing else to say. */
    static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    /** A record is one line: a message with line breaks would read as several records. */
    private static String oneLine(String s) {
        return s.indexOf('\n') < 0 && s.indexOf('\r') < 0 ? s : s.replaceAll("\\R", " ");
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
