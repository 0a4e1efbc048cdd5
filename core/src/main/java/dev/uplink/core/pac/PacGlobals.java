package dev.uplink.core.pac;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the shared, frozen global scope every instance of a PAC script inherits from: the safe
 * ECMAScript objects, the PAC builtins, and nothing else. Code generation from strings (eval,
 * the Function constructor) is disabled, host-access names are removed, builtins get size guards
 * ({@link PacGuards}), and the shape of every standard object is fixed ({@link #deepFreeze}).
 */
final class PacGlobals {

    private static final Logger LOG = LoggerFactory.getLogger("dev.uplink.core.pac.alert");

    /** Names some Rhino embeddings expose for Java access; none must exist here. */
    private static final List<String> HOST_ACCESS = List.of(
            "Packages",
            "java",
            "javax",
            "org",
            "com",
            "edu",
            "net",
            "getClass",
            "JavaAdapter",
            "JavaImporter",
            "importPackage",
            "importClass",
            "Continuation",
            "Script",
            "XML",
            "XMLList",
            "Namespace",
            "QName",
            "load",
            "print",
            "readFile",
            "runCommand",
            "sync",
            "spawn");

    private PacGlobals() {}

    static ScriptableObject create(Context cx) {
        ScriptableObject global = cx.initSafeStandardObjects(null, false);
        for (String name : HOST_ACCESS) {
            global.delete(name);
        }
        PacFunction noEval = new PacFunction(global, "eval", 1, (call, args) -> {
            throw ScriptRuntime.constructError("EvalError", "eval is disabled in PAC scripts");
        });
        PacFunction noFunction = new PacFunction(global, "Function", 1, (call, args) -> {
            throw ScriptRuntime.constructError("EvalError", "the Function constructor is disabled in PAC scripts");
        });
        Scriptable functionPrototype = ScriptableObject.getFunctionPrototype(global);
        noFunction.setImmunePrototypeProperty(functionPrototype); // keeps `f instanceof Function` working
        ScriptableObject.putProperty(global, "eval", noEval);
        ScriptableObject.putProperty(global, "Function", noFunction);
        ScriptableObject.putProperty(functionPrototype, "constructor", noFunction);
        disableGeneratorConstructor(cx, global, noFunction);
        define(global, "alert", 1, PacGlobals::alert);
        define(global, "isPlainHostName", 1, HostFunctions::isPlainHostName);
        define(global, "dnsDomainIs", 2, HostFunctions::dnsDomainIs);
        define(global, "localHostOrDomainIs", 2, HostFunctions::localHostOrDomainIs);
        define(global, "dnsDomainLevels", 1, HostFunctions::dnsDomainLevels);
        define(global, "shExpMatch", 2, HostFunctions::shExpMatch);
        define(global, "getClientVersion", 0, HostFunctions::getClientVersion);
        define(global, "isResolvable", 1, DnsFunctions::isResolvable);
        define(global, "isInNet", 3, DnsFunctions::isInNet);
        define(global, "dnsResolve", 1, DnsFunctions::dnsResolve);
        define(global, "myIpAddress", 0, DnsFunctions::myIpAddress);
        define(global, "isResolvableEx", 1, DnsFunctions::isResolvableEx);
        define(global, "isInNetEx", 2, DnsFunctions::isInNetEx);
        define(global, "dnsResolveEx", 1, DnsFunctions::dnsResolveEx);
        define(global, "myIpAddressEx", 0, DnsFunctions::myIpAddressEx);
        define(global, "sortIpAddressList", 1, DnsFunctions::sortIpAddressList);
        PacGuards.install(global);
        deepFreeze(global);
        return global;
    }

    /**
     * Makes every object reachable from the global object non-extensible with permanent
     * properties, and the global object's own properties read-only: the shape of the shared
     * objects never changes, so instances on different threads never modify a shared slot map
     * structurally, and no script can replace a builtin for another instance. Prototype
     * properties stay writable: freezing them would break ordinary assignments that shadow them
     * (JavaScript's "override mistake", e.g. an Error's message). Reading each value also forces
     * Rhino's lazily created constructors into existence before sharing.
     */
    private static void deepFreeze(ScriptableObject global) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object> todo = new ArrayDeque<>(List.of(global));
        while (!todo.isEmpty()) {
            if (!(todo.pop() instanceof ScriptableObject o) || !seen.add(o)) {
                continue;
            }
            for (Object id : o.getAllIds()) {
                if (id instanceof String name) {
                    push(todo, () -> o.get(name, o));
                    o.setAttributes(
                            name,
                            o.getAttributes(name)
                                    | (o == global ? ScriptableObject.READONLY : 0)
                                    | ScriptableObject.PERMANENT);
                } else if (id instanceof Integer index) {
                    push(todo, () -> o.get(index, o));
                    o.setAttributes(index, o.getAttributes(index) | ScriptableObject.PERMANENT);
                }
            }
            if (o.getPrototype() != null) {
                todo.push(o.getPrototype());
            }
            o.preventExtensions();
        }
    }

    private static void push(Deque<Object> todo, java.util.function.Supplier<Object> value) {
        try {
            Object v = value.get();
            if (v != null) {
                todo.push(v);
            }
        } catch (RuntimeException e) {
            // an accessor that refuses this receiver (e.g. RegExp.prototype.flags): nothing to freeze behind it
        }
    }

    /** {@code (function*(){}).constructor} is another way to compile strings; point it at the disabled one. */
    private static void disableGeneratorConstructor(Context cx, ScriptableObject global, PacFunction noFunction) {
        Object proto = cx.evaluateString(global, "Object.getPrototypeOf(function*(){})", "uplink-pac-init", 1, null);
        if (proto instanceof ScriptableObject p && p != ScriptableObject.getFunctionPrototype(global)) {
            ScriptableObject.putProperty(p, "constructor", noFunction);
        }
    }

    private static void define(ScriptableObject global, String name, int arity, PacFunction.Body body) {
        global.defineProperty(name, new PacFunction(global, name, arity, body), ScriptableObject.DONTENUM);
    }

    private static Object alert(PacCall call, Object[] args) {
        if (call.allowAlert()) {
            String message = args.length == 0 ? "" : Context.toString(args[0]);
            if (message.length() > 1000) {
                message = message.substring(0, 1000) + "...";
            }
            LOG.info("PAC alert from {}: {}", call.origin, message);
        }
        return org.mozilla.javascript.Undefined.instance;
    }
}
