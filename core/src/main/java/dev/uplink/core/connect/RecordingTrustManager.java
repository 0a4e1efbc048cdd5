package dev.uplink.core.connect;

import dev.uplink.core.tls.CaPins;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Wraps the real trust manager for one handshake and remembers what it saw and at which check it
 * failed: chain validation against the anchors (→ interception) or the host name/constraints
 * check (→ plain TLS failure). A chain that passes is validated once; only a failure is looked at
 * again to tell which check it was. This is how failures are classified without reading messages.
 * With {@link CaPins}, a chain that validates but leads to no pinned CA fails too (→ interception
 * by a CA this machine trusts: docs/behaviour.md#certificate-pins).
 */
final class RecordingTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager delegate;
    private final CaPins pins;
    private volatile List<X509Certificate> chain = List.of();
    private volatile CertificateException pathFailure;
    private volatile CertificateException pinFailure;
    private volatile CertificateException identityFailure;

    /** No pins: any chain to a trusted anchor passes (HTTPS proxies, unpinned services). */
    RecordingTrustManager(X509ExtendedTrustManager delegate) {
        this(delegate, CaPins.NONE);
    }

    RecordingTrustManager(X509ExtendedTrustManager delegate, CaPins pins) {
        this.delegate = delegate;
        this.pins = pins;
    }

    /** Set when the chain validated but led to none of the pinned CAs. */
    CertificateException pinFailure() {
        return pinFailure;
    }

    List<X509Certificate> chain() {
        return chain;
    }

    CertificateException pathFailure() {
        return pathFailure;
    }

    CertificateException identityFailure() {
        return identityFailure;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType, Socket socket)
            throws CertificateException {
        chain = certs == null ? List.of() : List.of(certs);
        try {
            delegate.checkServerTrusted(certs, authType, socket);
        } catch (CertificateException e) {
            throw classified(certs, authType, e);
        }
        checkPins();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType, SSLEngine engine)
            throws CertificateException {
        chain = certs == null ? List.of() : List.of(certs);
        try {
            delegate.checkServerTrusted(certs, authType, engine);
        } catch (CertificateException e) {
            throw classified(certs, authType, e);
        }
        checkPins();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType) throws CertificateException {
        chain = certs == null ? List.of() : List.of(certs);
        try {
            delegate.checkServerTrusted(certs, authType);
        } catch (CertificateException e) {
            pathFailure = e;
            throw e;
        }
        checkPins();
    }

    /**
     * The full check (path, constraints, host name) failed: which part? The chain is validated
     * once more, without the host name, only now — a handshake that passes pays for one
     * validation, not two (bench/analyzer/README.md). The verdict is the one the checks in their
     * order would give: path first (→ interception or expiry), then pins, then the rest.
     */
    private CertificateException classified(X509Certificate[] certs, String authType, CertificateException full) {
        try {
            delegate.checkServerTrusted(certs, authType);
        } catch (CertificateException path) {
            pathFailure = path;
            return path;
        }
        try {
            checkPins();
        } catch (CertificateException pin) {
            return pin;
        }
        identityFailure = full;
        return full;
    }

    /** Only with pins: the anchors are copied on every call (about 150 certificates). */
    private void checkPins() throws CertificateException {
        if (!pins.isEmpty() && !pins.matches(chain, delegate.getAcceptedIssuers())) {
            pinFailure = new CertificateException("certificate chain leads to none of the pinned CAs");
            throw pinFailure;
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("client-side trust manager");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("client-side trust manager");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType) throws CertificateException {
        throw new CertificateException("client-side trust manager");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
