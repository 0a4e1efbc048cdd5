package dev.uplink.core.connect;

import dev.uplink.core.route.Route;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The result of one attempt over one route: success or a {@link Diagnosis}, the HTTP answer
 * (possibly the proxy's), the certificate chain seen and how long it took. Immutable.
 */
public final class Outcome {

    private final Route route;
    private final Integer httpStatus;
    private final Headers headers;
    private final byte[] body;
    private final boolean bodyTruncated;
    private final boolean answeredByProxy;
    private final List<X509Certificate> serverChain;
    private final long elapsedMillis;
    private final Diagnosis diagnosis;
    private final String detail;
    private final String proxyAuthScheme;

    Outcome(
            Route route,
            Integer httpStatus,
            Headers headers,
            byte[] body,
            boolean bodyTruncated,
            boolean answeredByProxy,
            List<X509Certificate> serverChain,
            long elapsedMillis,
            Diagnosis diagnosis,
            String detail,
            String proxyAuthScheme) {
        this.route = Objects.requireNonNull(route, "route");
        this.httpStatus = httpStatus;
        this.headers = headers == null ? Headers.EMPTY : headers;
        this.body = body == null ? new byte[0] : body;
        this.bodyTruncated = bodyTruncated;
        this.answeredByProxy = answeredByProxy;
        this.serverChain = serverChain == null ? List.of() : List.copyOf(serverChain);
        this.elapsedMillis = elapsedMillis;
        this.diagnosis = diagnosis;
        this.detail = Objects.requireNonNull(detail, "detail");
        this.proxyAuthScheme = proxyAuthScheme;
    }

    /**
     * The same attempt with another classification: the routed call knows what the Connector does
     * not (whether credentials exist, what the policy says) and adds it to a proxy's 407.
     */
    public Outcome reclassified(Diagnosis newDiagnosis, String newDetail) {
        return new Outcome(
                route,
                httpStatus,
                headers,
                body,
                bodyTruncated,
                answeredByProxy,
                serverChain,
                elapsedMillis,
                newDiagnosis,
                newDetail,
                proxyAuthScheme);
    }

    /** The same attempt, also counting the time of an earlier one it follows (the unanswered challenge). */
    public Outcome plusElapsed(long millis) {
        return new Outcome(
                route,
                httpStatus,
                headers,
                body,
                bodyTruncated,
                answeredByProxy,
                serverChain,
                elapsedMillis + millis,
                diagnosis,
                detail,
                proxyAuthScheme);
    }

    /**
     * The scheme the proxy accepted from this attempt, or null: credentials were sent and the
     * proxy answered something other than a 407.
     */
    public String proxyAuthenticatedWith() {
        return diagnosis == Diagnosis.PROXY_AUTH_REQUIRED || diagnosis == Diagnosis.PROXY_AUTH_FAILED
                ? null
                : proxyAuthScheme;
    }

    /** The scheme of the Proxy-Authorization this attempt sent to its proxy ({@code Basic}, {@code Negotiate}), or null. */
    public String proxyAuthScheme() {
        return proxyAuthScheme;
    }

    public boolean succeeded() {
        return diagnosis == null;
    }

    public boolean failed() {
        return diagnosis != null;
    }
    /** The route this attempt used. */
    public Route route() {
        return route;
    }
    /** Status of the HTTP answer (the service's, or the proxy's when {@link #answeredByProxy()}), or null when none came. */
    public Integer httpStatus() {
        return httpStatus;
    }

    public Headers headers() {
        return headers;
    }
    /** A copy of the body read (at most the request's maxBodyBytes). */
    public byte[] body() {
        return body.clone();
    }

    public boolean bodyTruncated() {
        return bodyTruncated;
    }
    /** True when the HTTP answer came from the proxy (CONNECT refusal, error page), not the service. */
    public boolean answeredByProxy() {
        return answeredByProxy;
    }
    /** The service's certificate chain as sent (leaf first), empty for plain HTTP or when no handshake got that far. */
    public List<X509Certificate> serverChain() {
        return serverChain;
    }

    /** Issuer DN (RFC 2253) of the top certificate of the chain seen — who vouches for it — or null. */
    public String serverIssuer() {
        return serverChain.isEmpty()
                ? null
                : serverChain
                        .get(serverChain.size() - 1)
                        .getIssuerX500Principal()
                        .getName();
    }

    public long elapsedMillis() {
        return elapsedMillis;
    }
    /** Null on success. */
    public Diagnosis diagnosis() {
        return diagnosis;
    }
    /** One line for people: what happened, where; never contains credentials. */
    public String detail() {
        return detail;
    }

    /** Analyzer style: {@code Succeeded (200)} or {@code Failed: proxy-denied (403)}. */
    public String summary() {
        if (succeeded()) {
            return "Succeeded (" + httpStatus + ")";
        }
        return "Failed: " + diagnosis.code() + (httpStatus == null ? "" : " (" + httpStatus + ")");
    }

    @Override
    public String toString() {
        return "Outcome[" + route + ", " + summary() + ", " + elapsedMillis + " ms, " + detail + "]";
    }
}
