package dev.uplink.core.pac;

import org.mozilla.javascript.Context;
import org.mozilla.javascript.ContextFactory;

/**
 * Rhino configured as a sandbox: no Java class is visible to scripts (a ClassShutter that says
 * no to everything, no LiveConnect, no E4X), the interpreter counts instructions so that the
 * observer can enforce the per-call time and memory limits even in {@code while(true){}}, and
 * the interpreter's own frame stack bounds recursion.
 *
 * <p>Interpreted mode is used on purpose: its JS-to-JS calls do not consume Java stack, so deep
 * recursion ends with a script error instead of a {@link StackOverflowError}, and the frame
 * limit is enforceable. Measured on the bench/pac inputs, optimisation levels 0 and 9 (with
 * generateObserverCount so the time limit still works) were not faster, nor was Rhino 1.8.1:
 * PAC scripts spend their time in builtin calls and property lookups, not in arithmetic.
 */
final class PacContextFactory extends ContextFactory {

    /** Instructions between two limit checks: small enough to react within milliseconds, large enough to cost nothing. */
    static final int OBSERVER_THRESHOLD = 10_000;

    private final int maxStackDepth;

    PacContextFactory(int maxStackDepth) {
        this.maxStackDepth = maxStackDepth;
    }

    @Override
    protected boolean hasFeature(Context cx, int featureIndex) {
        return switch (featureIndex) {
            case Context.FEATURE_E4X, Context.FEATURE_ENHANCED_JAVA_ACCESS, Context.FEATURE_DYNAMIC_SCOPE -> false;
            default -> super.hasFeature(cx, featureIndex);
        };
    }

    @Override
    protected Context makeContext() {
        Context cx = new PacContext(this);
        cx.setLanguageVersion(Context.VERSION_ES6);
        cx.setOptimizationLevel(-1);
        cx.setMaximumInterpreterStackDepth(maxStackDepth);
        cx.setInstructionObserverThreshold(OBSERVER_THRESHOLD);
        cx.setClassShutter(className -> false);
        return cx;
    }

    @Override
    protected void observeInstructionCount(Context cx, int instructionCount) {
        PacCall call = PacContext.callOf(cx);
        if (call != null) {
            call.checkLimits();
        }
    }
}
