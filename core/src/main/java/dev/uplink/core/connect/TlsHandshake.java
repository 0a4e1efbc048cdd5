package dev.uplink.core.connect;

import dev.uplink.core.net.Deadline;
import dev.uplink.core.net.HostPort;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * TLS over an open socket (to the service, or to an HTTPS proxy), with a fresh
 * {@link RecordingTrustManager} per handshake so the chain seen is known even when it is rejected.
 */
final class TlsHandshake {

    /**
     * One DRBG per thread for the handshakes' randoms and key shares. The JDK's default on Linux
     * (NativePRNG) is one instance behind a global lock: the analyzer's dozens of handshakes at once
     * queued on it, and on a busy machine a preempted holder stalled them all (bench/analyzer/README.md).
     */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(TlsHandshake::drbg);

    private final RecordingTrustManager recorder;
    private final SSLSocket socket;

    private TlsHandshake(RecordingTrustManager recorder, SSLSocket socket) {
        this.recorder = recorder;
        this.socket = socket;
    }

    SSLSocket socket() {
        return socket;
    }

    /**
     * Layers TLS on {@code plain} (closed with it) and completes the handshake. On failure the
     * TLS socket is closed and a classified {@link ConnectFailure} thrown: for the service
     * tls-intercepted / tls-failure / read-timeout, for an HTTPS proxy always proxy-unreachable.
     */
    static TlsHandshake start(Socket plain, String host, int port, Request req, Deadline deadline, boolean proxy)
            throws ConnectFailure {
        return start(
                plain,
                host,
                port,
                req,
                deadline,
                proxy,
                proxy
                        ? new RecordingTrustManager(req.trust().trustManager())
                        : new RecordingTrustManager(req.trust().trustManager(), req.pins()));
    }

    /** As above with a recorder owned by the caller, who wants the chain even when the handshake fails. */
    static TlsHandshake start(
            Socket plain,
            String host,
            int port,
            Request req,
            Deadline deadline,
            boolean proxy,
            RecordingTrustManager recorder)
            throws ConnectFailure {
        SSLSocket ssl = null;
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            KeyManager[] km =
                    proxy || req.clientKeyManager() == null ? null : new KeyManager[] {req.clientKeyManager()};
            ctx.init(km, new TrustManager[] {recorder}, RANDOM.get());
            ssl = (SSLSocket) ctx.getSocketFactory().createSocket(plain, host, port, true);
            SSLParameters params = ssl.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            params.setCipherSuites(CipherPreference.chachaFirst(params.getCipherSuites()));
            if (!isIpLiteral(host)) {
                params.setServerNames(List.of(new SNIHostName(host)));
            }
            ssl.setSSLParameters(params);
            deadline.applyRead(ssl, req.readTimeout());
            ssl.startHandshake();
            return new TlsHandshake(recorder, ssl);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JVM: " + e, e);
        } catch (IOException | IllegalArgumentException e) {
            Dialer.closeQuietly(ssl != null ? ssl : plain);
            throw classify(e, recorder, Dialer.display(host, port), proxy, deadline);
        }
    }

    private static ConnectFailure classify(
            Exception e, RecordingTrustManager rec, String where, boolean proxy, Deadline dl) {
        if (proxy) {
            String why = e instanceof SocketTimeoutException
                    ? "timed out after " + dl.elapsedMillis() + " ms"
                    : e.getMessage();
            return new ConnectFailure(
                    Diagnosis.PROXY_UNREACHABLE,
                    "TLS handshake with HTTPS proxy " + where + " failed: " + why,
                    null,
                    e);
        }
        if (e instanceof SocketTimeoutException) {
            return new ConnectFailure(
                    Diagnosis.READ_TIMEOUT,
                    "TLS handshake with " + where + " got no answer within " + dl.elapsedMillis() + " ms",
                    null,
                    e);
        }
        if (rec.pinFailure() != null) {
            return new ConnectFailure(
                    Diagnosis.TLS_INTERCEPTED,
                    "certificate chain of " + where + " was issued by '" + issuerSeen(rec.chain())
                            + "', which this machine trusts but which is not one of the CAs pinned for this endpoint:"
                            + " HTTPS inspection in the path",
                    null,
                    e);
        }
        if (rec.pathFailure() != null) {
            if (isValidityProblem(rec.pathFailure())) {
                return new ConnectFailure(
                        Diagnosis.TLS_FAILURE,
                        "certificate of " + where + " is expired or not yet valid (check the system clock)",
                        null,
                        e);
            }
            String issuer = issuerSeen(rec.chain());
            return new ConnectFailure(
                    Diagnosis.TLS_INTERCEPTED,
                    "certificate chain of " + where + " was issued by '" + issuer
                            + "', which is not one of the expected roots: HTTPS inspection in the path",
                    null,
                    e);
        }
        if (rec.identityFailure() != null) {
            return new ConnectFailure(
                    Diagnosis.TLS_FAILURE,
                    "certificate of " + where + " does not match the host name " + "or uses a disallowed algorithm",
                    null,
                    e);
        }
        String kind =
                e instanceof SSLException ? "TLS handshake with " : "connection closed during TLS handshake with ";
        return new ConnectFailure(Diagnosis.TLS_FAILURE, kind + where + " failed: " + e.getMessage(), null, e);
    }

    /** Who vouches for the chain as sent: the issuer of its top certificate. */
    private static String issuerSeen(List<X509Certificate> chain) {
        return chain.isEmpty()
                ? "(no certificate)"
                : chain.get(chain.size() - 1).getIssuerX500Principal().getName();
    }

    /** Walks the causes by type (never by message) for an expiry/not-yet-valid verdict. */
    private static boolean isValidityProblem(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CertificateExpiredException || c instanceof CertificateNotYetValidException) {
                return true;
            }
            if (c instanceof CertPathValidatorException cpve
                    && (cpve.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                            || cpve.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID)) {
                return true;
            }
        }
        return false;
    }

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    private static boolean isIpLiteral(String host) {
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || HostPort.isIpv6(host);
    }
}
