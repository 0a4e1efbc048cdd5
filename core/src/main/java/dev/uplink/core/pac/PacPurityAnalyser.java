package dev.uplink.core.pac;

import java.util.Optional;
import java.util.Set;
import org.mozilla.javascript.Token;
import org.mozilla.javascript.ast.ArrayLiteral;
import org.mozilla.javascript.ast.Assignment;
import org.mozilla.javascript.ast.AstNode;
import org.mozilla.javascript.ast.AstRoot;
import org.mozilla.javascript.ast.ElementGet;
import org.mozilla.javascript.ast.ForInLoop;
import org.mozilla.javascript.ast.FunctionCall;
import org.mozilla.javascript.ast.FunctionNode;
import org.mozilla.javascript.ast.KeywordLiteral;
import org.mozilla.javascript.ast.Name;
import org.mozilla.javascript.ast.NewExpression;
import org.mozilla.javascript.ast.ObjectLiteral;
import org.mozilla.javascript.ast.PropertyGet;
import org.mozilla.javascript.ast.RegExpLiteral;
import org.mozilla.javascript.ast.Scope;
import org.mozilla.javascript.ast.StringLiteral;
import org.mozilla.javascript.ast.Symbol;
import org.mozilla.javascript.ast.UnaryExpression;
import org.mozilla.javascript.ast.UpdateExpression;
import org.mozilla.javascript.ast.VariableInitializer;
import org.mozilla.javascript.ast.WithStatement;

/**
 * Decides from the syntax tree whether a PAC script's answer provably depends only on (url, host),
 * so that answers may be cached. Conservative: anything that could observe DNS, the clock,
 * randomness, the log, the global object, generated code, or state kept between calls makes the
 * script impure. The shared standard objects are frozen by {@link PacGlobals}, so a script cannot
 * change builtins behind the analysis' back; what remains is the script's own globals, which
 * functions may read but not write.
 */
final class PacPurityAnalyser {

    /** Builtins whose answer depends on DNS, the clock, the machine, or that have side effects. */
    private static final Set<String> IMPURE_NAMES = Set.of(
            "dnsResolve",
            "dnsResolveEx",
            "isResolvable",
            "isResolvableEx",
            "isInNet",
            "myIpAddress",
            "myIpAddressEx",
            "weekdayRange",
            "dateRange",
            "timeRange",
            "Date",
            "alert",
            "eval",
            "Function",
            "globalThis",
            "arguments",
            "Reflect",
            "Proxy",
            "WeakMap",
            "WeakRef");

    /** Properties that reach randomness, code generation or regular-expression state shared across calls. */
    private static final Set<String> IMPURE_PROPERTIES = Set.of(
            "random",
            "constructor",
            "__proto__",
            "__defineGetter__",
            "__defineSetter__",
            "lastIndex",
            "caller",
            "callee");

    /** Methods that change their receiver; allowed only on objects the same call created. */
    private static final Set<String> MUTATORS = Set.of(
            "push",
            "pop",
            "shift",
            "unshift",
            "splice",
            "sort",
            "reverse",
            "fill",
            "copyWithin",
            "set",
            "add",
            "delete",
            "clear",
            "assign",
            "defineProperty",
            "defineProperties",
            "setPrototypeOf",
            "next",
            "throw",
            "return",
            "compile");

    /** Calls that return a new array or object, so that mutating the result keeps the call pure. */
    private static final Set<String> FRESH_RESULTS =
            Set.of("split", "slice", "concat", "map", "filter", "match", "keys", "values", "entries");

    private PacPurityAnalyser() {}

    static PacMemoisation analyse(AstRoot root) {
        String[] reason = new String[1];
        root.visit(node -> {
            if (reason[0] == null) {
                why(node).ifPresent(r -> reason[0] = r + " (line " + node.getLineno() + ")");
            }
            return reason[0] == null;
        });
        return reason[0] == null ? PacMemoisation.pure() : PacMemoisation.impure("not memoised: " + reason[0]);
    }

    private static Optional<String> why(AstNode node) {
        if (node instanceof Name n) {
            return name(n);
        }
        if (node instanceof KeywordLiteral k && k.getType() == Token.THIS) {
            return Optional.of("uses 'this' (the global object)");
        }
        if (node instanceof WithStatement) {
            return Optional.of("uses a 'with' statement");
        }
        if (node instanceof RegExpLiteral re
                && re.getFlags() != null
                && (re.getFlags().contains("g") || re.getFlags().contains("y"))) {
            return Optional.of("uses a /g or /y regular expression, whose lastIndex survives between calls");
        }
        if (node instanceof PropertyGet pg
                && IMPURE_PROPERTIES.contains(pg.getProperty().getIdentifier())) {
            return Optional.of("uses ." + pg.getProperty().getIdentifier());
        }
        if (node instanceof ElementGet eg
                && eg.getElement() instanceof StringLiteral s
                && (IMPURE_PROPERTIES.contains(s.getValue()) || MUTATORS.contains(s.getValue()))) {
            return Optional.of("uses ['" + s.getValue() + "']");
        }
        if (node.getEnclosingFunction() == null) {
            return Optional.empty(); // top-level code runs once, before any call: it may build its tables freely
        }
        return insideFunction(node);
    }

    private static Optional<String> name(Name n) {
        String id = n.getIdentifier();
        AstNode parent = n.getParent();
        if (parent instanceof PropertyGet pg && pg.getProperty() == n) {
            return Optional.empty(); // a property name, not a variable
        }
        if (IMPURE_NAMES.contains(id)) {
            return Optional.of("uses " + id);
        }
        if (id.equals("Math") && !(parent instanceof PropertyGet pg && pg.getTarget() == n)) {
            return Optional.of("uses Math other than as Math.<function>");
        }
        if (id.equals("RegExp")
                && !((parent instanceof NewExpression || parent instanceof FunctionCall)
                        && ((FunctionCall) parent).getTarget() == n
                        && literalFlagsOnly((FunctionCall) parent))) {
            return Optional.of("uses RegExp other than new RegExp(pattern[, non-global flags])");
        }
        return Optional.empty();
    }

    private static boolean literalFlagsOnly(FunctionCall call) {
        if (call.getArguments().size() < 2) {
            return call.getArguments().size() == 1;
        }
        return call.getArguments().size() == 2
                && call.getArguments().get(1) instanceof StringLiteral s
                && !s.getValue().contains("g")
                && !s.getValue().contains("y");
    }

    private static Optional<String> insideFunction(AstNode node) {
        FunctionNode fn = node.getEnclosingFunction();
        if (node instanceof Assignment a) {
            return target(a.getLeft(), fn, "assigns");
        }
        if (node instanceof UpdateExpression u) {
            return target(u.getOperand(), fn, "increments");
        }
        if (node instanceof UnaryExpression u && u.getType() == Token.DELPROP) {
            return Optional.of("deletes a property");
        }
        if (node instanceof ForInLoop loop && loop.getIterator() instanceof Name n) {
            return target(n, fn, "assigns");
        }
        if (node instanceof PropertyGet pg && MUTATORS.contains(pg.getProperty().getIdentifier())) {
            boolean called = pg.getParent() instanceof FunctionCall call && call.getTarget() == pg;
            boolean freshReceiver = isFreshValue(pg.getTarget())
                    || (pg.getTarget() instanceof Name receiver && isFreshLocal(receiver, fn));
            if (!called || !freshReceiver) {
                return Optional.of(
                        "calls ." + pg.getProperty().getIdentifier() + "() on an object that may outlive the call");
            }
        }
        return Optional.empty();
    }

    /** Assignments inside a function may only target that function's own variables. */
    private static Optional<String> target(AstNode left, FunctionNode fn, String verb) {
        if (left instanceof Name n) {
            if (ownerFunction(n.getDefiningScope()) == fn) {
                return Optional.empty();
            }
            return Optional.of(verb + " '" + n.getIdentifier() + "', a variable that outlives the call");
        }
        return Optional.of(verb + " a property or destructuring target (state may outlive the call)");
    }

    /** A local {@code var} initialised with a new array/object (literal, new, or split/slice/... result) and never reassigned. */
    private static boolean isFreshLocal(Name receiver, FunctionNode fn) {
        Scope scope = receiver.getDefiningScope();
        if (scope == null || ownerFunction(scope) != fn) {
            return false;
        }
        Symbol symbol = scope.getSymbol(receiver.getIdentifier());
        if (symbol == null || symbol.getDeclType() == Token.LP || symbol.getDeclType() == Token.FUNCTION) {
            return false; // parameters may be the caller's objects
        }
        boolean[] fresh = {false};
        boolean[] reassigned = {false};
        fn.getBody().visit(n -> {
            if (n instanceof VariableInitializer vi
                    && vi.getTarget() instanceof Name t
                    && t.getIdentifier().equals(receiver.getIdentifier())) {
                fresh[0] = isFreshValue(vi.getInitializer());
            }
            if (n instanceof Assignment a
                    && a.getLeft() instanceof Name t
                    && t.getIdentifier().equals(receiver.getIdentifier())) {
                reassigned[0] = true;
            }
            return true;
        });
        return fresh[0] && !reassigned[0];
    }

    private static boolean isFreshValue(AstNode init) {
        if (init instanceof ArrayLiteral || init instanceof ObjectLiteral || init instanceof NewExpression) {
            return true;
        }
        return init instanceof FunctionCall call
                && call.getTarget() instanceof PropertyGet pg
                && FRESH_RESULTS.contains(pg.getProperty().getIdentifier());
    }

    private static FunctionNode ownerFunction(Scope scope) {
        if (scope == null) {
            return null;
        }
        return scope instanceof FunctionNode f ? f : scope.getEnclosingFunction();
    }
}
