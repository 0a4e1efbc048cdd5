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
    static final long MAX_STRING = 8L << 20;
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

    static void checkValue(Object value, String what) {
        long length = stringLength(value);
        if (length > MAX_STRING) {
            throw tooBig(what + " received a string of " + length + " characters");
        }
        if (value instanceof NativeArray a && a.getLength() > MAX_ARRAY) {
            throw tooBig(what + " received an array of length " + a.getLength());
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
            checkValue(thisObj, name);
            for (Object arg : args) {
                checkValue(arg, name);
            }
            checkAmplification(thisObj, args);
            Object result = target.call(cx, scope, thisObj, args);
            checkValue(result, name);
            return result;
        }

        /** Methods whose result can dwarf their inputs are checked before they run. */
        private void checkAmplification(Scriptable thisObj, Object[] args) {
            double n = args.length > 0 && args[0] instanceof Number num ? num.doubleValue() : 0;
            switch (name) {
                case "repeat" -> {
                    long self = stringLength(thisObj);
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
