package dev.uplink.core.pac;

import org.mozilla.javascript.BaseFunction;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.NativeArray;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;

/**
 * Size guards on the standard library. The instruction observer cannot see inside a single
 * builtin call, and one call can allocate gigabytes ({@code "x".repeat(1e9)},
 * {@code new Array(1e9).join()}, or flattening a string doubled 30 times). Every method of the
 * String, Array and RegExp prototypes, of JSON and the global functions is wrapped so that it
 * refuses huge receivers, arguments and results before doing any work; a refusal ends the call
 * with a memory-limit error the script cannot catch.
 */
final class PacGuards {

    /** Longest string a builtin accepts or produces (characters). PAC scripts are at most 1 MiB. */
    static final long MAX_STRING = 4L << 20;
    /**
     * Most character comparisons one search may need (text length times pattern length): Java's
     * indexOf and the shell-expression matcher are quadratic in the worst case, and one call of them
     * over strings of millions of characters ran for minutes without returning to the observer.
     */
    static final long MAX_SCAN_WORK = 1L << 27;
    /** Inputs and results this large (characters or elements) are followed by a limit check. */
    private static final long BIG = 1L << 16;
    /** Largest array length a builtin accepts. */
    static final long MAX_ARRAY = 1L << 20;

    /** Rhino's (package-private) String wrapper class; null (no fast path) should a Rhino version rename it. */
    private static final Class<?> NATIVE_STRING = nativeStringClass();

    private PacGuards() {}

    static void install(ScriptableObject global) {
        for (String holder : new String[] {
            "String.prototype", "Array.prototype", "RegExp.prototype", "JSON", "Object", "Array", "String"
        }) {
            wrapMethods(global, resolve(global, holder));
        }
        wrapMethods(global, global);
    }

    private static Scriptable resolve(ScriptableObject global, String path) {
        Object o = global;
        for (String part : path.split("\\.")) {
            o = ScriptableObject.getProperty((Scriptable) o, part);
        }
        return (Scriptable) o;
    }

    private static void wrapMethods(ScriptableObject global, Scriptable holder) {
        ScriptableObject obj = (ScriptableObject) holder;
        for (Object id : obj.getAllIds()) {
            if (!(id instanceof String name) || name.equals("constructor")) {
                continue;
            }
            Object value = obj.get(name, obj);
            boolean constructor = !name.isEmpty() && Character.isUpperCase(name.charAt(0));
            if (value instanceof Function f && !(value instanceof PacFunction) && !constructor) {
                int attributes = obj.getAttributes(name);
                obj.defineProperty(name, new Guarded(global, name, f), attributes);
            }
        }
    }

    /**
     * Length of a string primitive or String object without flattening it; 0 for anything else.
     * Every string method call has a String wrapper as receiver, so the wrapper's own text is read
     * directly (toCharSequence returns it as is, a rope stays a rope) instead of through a
     * property lookup of "length".
     */
    static long stringLength(Object value) {
        if (value instanceof CharSequence s) {
            return s.length();
        }
        if (value != null && value.getClass() == NATIVE_STRING) {
            return ScriptRuntime.toCharSequence(value).length();
        }
        if (value instanceof ScriptableObject o
                && "String".equals(o.getClassName())
                && ScriptableObject.getProperty(o, "length") instanceof Number n) {
            return n.longValue();
        }
        return 0;
    }

    private static Class<?> nativeStringClass() {
        try {
            return Class.forName("org.mozilla.javascript.NativeString", false, ScriptRuntime.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /** Refuses a huge string or array; returns its size (characters or elements), 0 for anything else. */
    static long checkValue(Object value, String what) {
        long length = stringLength(value);
        if (length > MAX_STRING) {
            throw tooBig(what + " received a string of " + length + " characters");
        }
        if (value instanceof NativeArray a) {
            if (a.getLength() > MAX_ARRAY) {
                throw tooBig(what + " received an array of length " + a.getLength());
            }
            return a.getLength();
        }
        return length;
    }

    /** Refuses a search of {@code pattern} in {@code text} that could take too long (see {@link #MAX_SCAN_WORK}). */
    static void checkScan(String what, long text, long pattern) {
        if (text * pattern > MAX_SCAN_WORK) {
            throw new PacLimitExceeded(
                    PacScriptException.Reason.TIME_LIMIT,
                    "exceeded the time limit: " + what + " of " + pattern + " characters in " + text
                            + " characters could run for minutes (limit: " + MAX_SCAN_WORK
                            + " character comparisons per call)");
        }
    }

    private static PacLimitExceeded tooBig(String detail) {
        return new PacLimitExceeded(
                PacScriptException.Reason.MEMORY_LIMIT,
                "exceeded the memory limit: " + detail + " (limits: " + MAX_STRING + " characters, " + MAX_ARRAY
                        + " array elements)");
    }

    /** A builtin method behind the size checks; otherwise identical to the original. */
    private static final class Guarded extends BaseFunction {
        private final String name;
        private final Function target;

        Guarded(Scriptable scope, String name, Function target) {
            this.name = name;
            this.target = target;
            ScriptRuntime.setBuiltinProtoAndParent(this, scope, org.mozilla.javascript.TopLevel.Builtins.Function);
        }

        @Override
        public Object call(Context cx, Scriptable scope, Scriptable thisObj, Object[] args) {
            long self = checkValue(thisObj, name);
            long in = self;
            for (Object arg : args) {
                in += checkValue(arg, name);
            }
            checkAmplification(thisObj, args, self);
            Object result = target.call(cx, scope, thisObj, args);
            long out = checkValue(result, name);
            PacCall call = PacContext.callOf(cx);
            if (call != null) {
                // A result is new memory (a rope argument is flattened too); big calls also check the clock,
                // since thousands of them can run between two observer checks.
                call.charge(2 * out + 16);
                if (in + out > BIG) {
                    call.checkLimits();
                }
            }
            return result;
        }

        /** Methods whose result can dwarf their inputs, or whose work is quadratic, are checked before they run. */
        private void checkAmplification(Scriptable thisObj, Object[] args, long self) {
            double n = args.length > 0 && args[0] instanceof Number num ? num.doubleValue() : 0;
            long first = args.length > 0 ? stringLength(args[0]) : 0;
            switch (name) {
                case "indexOf", "lastIndexOf", "includes" -> checkScan(name, self, first);
                case "split" -> {
                    checkScan(name, self, first);
                    if (self > MAX_ARRAY && (first == 0 || !(args[0] instanceof CharSequence))) {
                        throw tooBig("split of " + self + " characters could make more than " + MAX_ARRAY + " pieces");
                    }
                }
                case "stringify" -> {
                    if (args.length > 0 && args[0] instanceof NativeArray a) {
                        long total = joinedLength(a, 3, 0);
                        if (total > MAX_STRING) {
                            throw tooBig("stringify would build a string of about " + total + " characters");
                        }
                    }
                }
                case "replace", "replaceAll" -> {
                    checkScan(name, self, first);
                    long replacement = args.length > 1 ? stringLength(args[1]) : 0;
                    if (replacement > 0 && (self + 1) * replacement + self > MAX_STRING) {
                        throw tooBig(name + " with a replacement of " + replacement + " characters in a string of "
                                + self + " characters");
                    }
                }
                case "concat" -> {
                    long total = self;
                    for (Object arg : args) {
                        total += stringLength(arg);
                    }
                    if (total > MAX_STRING) {
                        throw tooBig("concat would build a string of " + total + " characters");
                    }
                }
                case "join", "toString", "toLocaleString" -> {
                    if (thisObj instanceof NativeArray a) {
                        long total = joinedLength(a, first == 0 && args.length == 0 ? 1 : first, 0);
                        if (total > MAX_STRING) {
                            throw tooBig(name + " would build a string of about " + total + " characters");
                        }
                    }
                }
                case "repeat" -> {
                    if (n * Math.max(1, self) > MAX_STRING) {
                        throw tooBig("repeat(" + (long) n + ") would build a string that long");
                    }
                }
                case "padStart", "padEnd" -> {
                    if (n > MAX_STRING) {
                        throw tooBig(name + "(" + (long) n + ")");
                    }
                }
                default -> {}
            }
        }

        /** An estimate of the length of {@code a.join(separator)}, nested arrays included, computed before joining. */
        private static long joinedLength(NativeArray a, long separator, int depth) {
            long length = a.getLength();
            long total = Math.max(0, length - 1) * separator;
            for (int i = 0; i < length && total <= MAX_STRING; i++) {
                Object e = a.get(i, a);
                if (e == Scriptable.NOT_FOUND || e == null || e instanceof org.mozilla.javascript.Undefined) {
                    continue; // holes, undefined and null join as nothing
                }
                if (e instanceof CharSequence s) {
                    total += s.length();
                } else if (e instanceof NativeArray inner) {
                    total += depth > 8 ? MAX_STRING : joinedLength(inner, 1, depth + 1);
                } else {
                    total += 24; // numbers, booleans, objects' default text
                }
            }
            return total;
        }

        @Override
        public Scriptable construct(Context cx, Scriptable scope, Object[] args) {
            throw ScriptRuntime.typeError(name + " is not a constructor");
        }

        @Override
        public String getFunctionName() {
            return name;
        }

        @Override
        public int getLength() {
            return target instanceof BaseFunction b ? b.getLength() : 0;
        }

        @Override
        public int getArity() {
            return getLength();
        }
    }
}
