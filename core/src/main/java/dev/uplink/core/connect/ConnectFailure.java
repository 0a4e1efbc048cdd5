package dev.uplink.core.connect;

/**
 * A classified failure thrown by the step where it happened (dialer, tunnel, TLS, exchange) and
 * turned into an {@link Outcome} by the Connector. Carries the proxy's HTTP answer when there was one.
 */
final class ConnectFailure extends Exception {

    final Diagnosis diagnosis;
    final HttpResponse response;

    ConnectFailure(Diagnosis diagnosis, String detail) {
        this(diagnosis, detail, null, null);
    }

    ConnectFailure(Diagnosis diagnosis, String detail, HttpResponse response, Throwable cause) {
        super(detail, cause, false, false);
        this.diagnosis = diagnosis;
        this.response = response;
    }

    String detail() {
        return getMessage();
    }
}
