package dev.uplink.cli.log;

import java.io.PrintStream;
import java.time.Clock;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** A logger of the one facility: checks {@link LogSettings} and writes one {@link LogLine} to stderr. */
final class UplinkLogger extends LegacyAbstractLogger {

    private final transient Clock clock;

    UplinkLogger(String name, Clock clock) {
        this.name = name;
        this.clock = clock;
    }

    @Override
    public boolean isTraceEnabled() {
        return LogSettings.enabled(name, Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return LogSettings.enabled(name, Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return LogSettings.enabled(name, Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return LogSettings.enabled(name, Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return LogSettings.enabled(name, Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
            Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
        String message = MessageFormatter.basicArrayFormat(pattern, arguments);
        String line = LogLine.format(
                LogSettings.format(), LogSettings.journal(), clock.instant(), level, name, message, throwable);
        // System.err at each call: the command-line tool replaces it with its redacting stream.
        PrintStream err = System.err;
        synchronized (err) {
            err.println(line);
            err.flush();
        }
    }
}
