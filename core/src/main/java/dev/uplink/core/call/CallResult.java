package dev.uplink.core.call;

import dev.uplink.core.connect.Execution;
import dev.uplink.core.connect.Outcome;
import dev.uplink.core.route.Resolution;
import java.net.URI;
import java.util.List;

/**
 * One routed call: the routes it was given and why ({@link Resolution}), every attempt
 * ({@link Execution}), and the redirects followed on the way (empty for most calls). With
 * redirects, {@code resolution} and {@code execution} are those of the last hop.
 */
public record CallResult(Resolution resolution, Execution execution, List<URI> redirects) {

    public CallResult {
        redirects = List.copyOf(redirects);
    }

    /** The final attempt's outcome: the answer, or why there was none. */
    public Outcome outcome() {
        return execution.outcome();
    }

    /**
     * True when the service itself answered (any status). A proxy's answer (403 not on its
     * allowlist, 407, 502) means the service was never reached.
     */
    public boolean answeredByService() {
        Outcome o = outcome();
        return o.httpStatus() != null && !o.answeredByProxy();
    }

    /** The route of the final attempt, for status lines: {@code PROXY 10.0.0.6:8080} or {@code DIRECT (fell back from ...)}. */
    public String routeTaken() {
        return outcome().route()
                + (execution.fellBack()
                        ? " (fell back from " + execution.attempts().get(0).route() + ")"
                        : "");
    }

    /** One line for an error message: the diagnosis, where, and what to do. */
    public String failureLine() {
        Outcome o = outcome();
        String what = o.diagnosis() == null ? "answered" : o.diagnosis().toString();
        return what + ": " + o.detail() + " via " + o.route()
                + (o.diagnosis() == null ? "" : " (" + o.diagnosis().remediation() + ")");
    }
}
