package dev.uplink.core.pac;

import org.mozilla.javascript.BaseFunction;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.TopLevel;

/** A PAC builtin implemented in Java; the per-call budget is found in the Context. */
final class PacFunction extends BaseFunction {

    @FunctionalInterface
    interface Body {
        Object apply(PacCall call, Object[] args);
    }

    private final String name;
    private final int arity;
    private final transient Body body;

    PacFunction(Scriptable scope, String name, int arity, Body body) {
        this.name = name;
        this.arity = arity;
        this.body = body;
        ScriptRuntime.setBuiltinProtoAndParent(this, scope, TopLevel.Builtins.Function);
    }

    @Override
    public Object call(Context cx, Scriptable scope, Scriptable thisObj, Object[] args) {
        PacCall call = PacContext.callOf(cx);
        if (call == null) {
            throw ScriptRuntime.typeError(name + " is only available while a PAC script runs");
        }
        call.builtinScope(scope);
        return body.apply(call, args);
    }

    @Override
    public Scriptable construct(Context cx, Scriptable scope, Object[] args) {
        if (name.equals("Function")) { // the disabled Function constructor explains itself either way
            call(cx, scope, null, args);
        }
        throw ScriptRuntime.typeError(name + " is not a constructor");
    }

    @Override
    public String getFunctionName() {
        return name;
    }

    @Override
    public int getArity() {
        return arity;
    }

    @Override
    public int getLength() {
        return arity;
    }

    // ---- argument checks shared by the builtins: wrong types are TypeErrors, as in browsers ----

    static String string(Object[] args, int i, String fn) {
        if (i >= args.length || !(args[i] instanceof CharSequence)) {
            throw ScriptRuntime.typeError(fn + ": argument " + (i + 1) + " must be a string, got "
                    + (i >= args.length ? "nothing" : ScriptRuntime.typeof(args[i])));
        }
        PacGuards.checkValue(args[i], fn); // before toString: flattening a huge rope is the costly part
        return args[i].toString();
    }
}
