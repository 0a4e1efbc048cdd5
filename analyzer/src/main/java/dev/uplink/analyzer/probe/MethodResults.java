package dev.uplink.analyzer.probe;

import dev.uplink.analyzer.report.MethodResult;
import dev.uplink.analyzer.report.ProbeMethod;
import dev.uplink.core.connect.Execution;
import dev.uplink.core.connect.Outcome;
import dev.uplink.core.route.Resolution;
import java.util.stream.Collectors;

/** Turns the Connector's classified outcome into a report cell. */
final class MethodResults {
    private MethodResults() {}

    static MethodResult of(ProbeMethod method, Resolution resolution, Execution execution) {
        Outcome o = execution.outcome();
        String route = resolution.toPacString();
        long elapsed =
                execution.attempts().stream().mapToLong(Outcome::elapsedMillis).sum();
        if (o.succeeded()) {
            return MethodResult.succeeded(method, route, o.httpStatus() == null ? 0 : o.httpStatus(), elapsed)
                    .withProxyAuth(o.proxyAuthenticatedWith());
        }
        return MethodResult.failed(
                        method,
                        route,
                        o.httpStatus(),
                        o.diagnosis().code(),
                        detail(execution),
                        o.diagnosis().remediation(),
                        elapsed)
                .withProxyAuth(o.proxyAuthenticatedWith());
    }

    /** The failed attempt's detail, preceded by the proxies that were skipped on the way. */
    private static String detail(Execution execution) {
        Outcome last = execution.outcome();
        if (!execution.fellBack()) {
            return last.detail();
        }
        String skipped = execution.attempts().subList(0, execution.attempts().size() - 1).stream()
                .map(a -> a.route() + " " + a.diagnosis())
                .collect(Collectors.joining(", "));
        return last.detail() + " (via " + last.route() + " after " + skipped + ")";
    }

    /** The sensor route's outcome: "succeeded via DIRECT (fell back from PROXY h:p: proxy-unreachable)". */
    static String describe(Execution execution) {
        Outcome last = execution.outcome();
        StringBuilder sb = new StringBuilder();
        if (last.succeeded()) {
            sb.append("succeeded via ").append(last.route());
            if (last.httpStatus() != null) {
                sb.append(" (").append(last.httpStatus()).append(')');
            }
            if (last.proxyAuthenticatedWith() != null) {
                sb.append(" with ").append(last.proxyAuthenticatedWith());
            }
        } else {
            sb.append("failed via ")
                    .append(last.route())
                    .append(": ")
                    .append(last.diagnosis().code());
            if (last.httpStatus() != null) {
                sb.append(" (").append(last.httpStatus()).append(')');
            }
        }
        if (execution.fellBack()) {
            sb.append(", fell back from ")
                    .append(execution.attempts().subList(0, execution.attempts().size() - 1).stream()
                            .map(a -> a.route() + " (" + a.diagnosis() + ")")
                            .collect(Collectors.joining(", ")));
        }
        return sb.toString();
    }
}
