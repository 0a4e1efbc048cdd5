package dev.uplink.core.connect;

import dev.uplink.core.net.Deadline;
import dev.uplink.core.route.Route;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * HTTP CONNECT through a PROXY/HTTPS route. The proxy's answer is classified here, where its
 * meaning is known: 407 auth, other 4xx (and 3xx) refusal, 5xx the proxy's own failure.
 */
final class ProxyTunnel {

    /** Error pages of proxies are small; more is not worth keeping. */
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private ProxyTunnel() {}

    static void open(Socket s, Request req, Route route, ProxyAuthorization auth, Deadline deadline)
            throws ConnectFailure {
        String target = HttpCodec.hostPort(req);
        HttpResponse resp;
        try {
            HttpCodec.writeConnect(s.getOutputStream(), target, auth == null ? null : auth.value());
            deadline.applyRead(s, req.readTimeout());
            // Unbuffered on purpose: after "200" the bytes belong to the TLS session.
            resp = HttpCodec.readResponse(s.getInputStream(), "CONNECT", MAX_ERROR_BODY);
        } catch (SocketTimeoutException e) {
            throw new ConnectFailure(
                    Diagnosis.READ_TIMEOUT,
                    "proxy " + route.proxy() + " accepted the connection but did not answer CONNECT " + target
                            + " within " + deadline.elapsedMillis() + " ms",
                    null,
                    e);
        } catch (IOException e) {
            throw new ConnectFailure(
                    Diagnosis.PROTOCOL_ERROR,
                    "proxy " + route.proxy() + " gave no valid answer to CONNECT " + target + ": " + e.getMessage(),
                    null,
                    e);
        }
        if (resp.status() >= 200 && resp.status() < 300) {
            return;
        }
        throw proxyAnswer(resp, route, "CONNECT " + target);
    }

    /** A failure for an answer the proxy itself generated. */
    static ConnectFailure proxyAnswer(HttpResponse resp, Route route, String what) {
        Diagnosis d = resp.status() == 407
                ? Diagnosis.PROXY_AUTH_REQUIRED
                : resp.status() >= 500 ? Diagnosis.PROXY_ERROR : Diagnosis.PROXY_DENIED;
        String detail = "proxy " + route.proxy() + " answered " + what + " with " + resp.describe();
        if (d == Diagnosis.PROXY_AUTH_REQUIRED) {
            detail += "; the proxy offers "
                    + ProxyChallenge.describe(
                            ProxyChallenge.parse(resp.headers().values("Proxy-Authenticate")));
        }
        return new ConnectFailure(d, detail, resp, null);
    }
}
