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
 * check (→ plain TLS failure). This is how failures are classified without reading messages.
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
        validatePath(certs, authType);
        try {
            delegate.checkServerTrusted(certs, authType, socket);
        } catch (CertificateException e) {
            identityFailure = e;
            throw e;
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType, SSLEngine engine)
            throws CertificateException {
        validatePath(certs, authType);
        try {
            delegate.checkServerTrusted(certs, authType, engine);
        } catch (CertificateException e) {
            identityFailure = e;
            throw e;
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType) throws CertificateException {
        validatePath(certs, authType);
    }

    /** Path validation only (no host name): does the chain lead to one of the expected anchors? */
    private void validatePath(X509Certificate[] certs, String authType) throws CertificateException {
        chain = certs == null ? List.of() : List.of(certs);
        try {
            delegate.checkServerTrusted(certs, authType);
        } catch (CertificateException e) {
            pathFailure = e;
            throw e;
        }
        // Only with pins: the anchors are copied on every call (about 150 certificates).
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
