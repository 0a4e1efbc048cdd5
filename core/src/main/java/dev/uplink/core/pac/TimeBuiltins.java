package dev.uplink.core.pac;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.Script;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;

/**
 * weekdayRange, dateRange and timeRange, written in JavaScript (time-builtins.js) because
 * browsers run them as JavaScript: they read the time through the script's global {@code Date}
 * and inherit every quirk of Netscape's argument handling (docs/behaviour.md#pac-builtins). Each
 * script instance gets its own copies, and its own writable {@code Date} binding, so a script
 * that replaces {@code Date} sees its own clock there, as in Chromium.
 */
final class TimeBuiltins {

    private static final String SOURCE = load();
    private static final String[] NAMES = {"weekdayRange", "dateRange", "timeRange"};

    private final Script library;
    private final Object standardDate;
    private final PacFunction clockMillis;

    TimeBuiltins(Context cx, ScriptableObject shared) {
        this.library = cx.compileString(SOURCE, "uplink-pac-time-builtins", 1, null);
        this.standardDate = ScriptableObject.getProperty(shared, "Date");
        // One reading per evaluation, at the injected clock ({@link PacOptions#clock()}).
        this.clockMillis = new PacFunction(shared, "clockMillis", 0, (call, args) ->
                (double) call.now().toInstant().toEpochMilli());
    }

    /** Defines the three builtins and a writable {@code Date} in an instance's own global scope. */
    void install(Context cx, Scriptable scope) {
        ScriptableObject.defineProperty(scope, "Date", standardDate, ScriptableObject.DONTENUM);
        Function make = (Function) library.exec(cx, scope);
        Scriptable builtins = (Scriptable) make.call(cx, scope, scope, new Object[] {clockMillis, standardDate});
        for (String name : NAMES) {
            ScriptableObject.defineProperty(scope, name, builtins.get(name, builtins), ScriptableObject.DONTENUM);
        }
    }

    private static String load() {
        try (InputStream in = TimeBuiltins.class.getResourceAsStream("time-builtins.js")) {
            if (in == null) {
                throw new IllegalStateException("time-builtins.js missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
