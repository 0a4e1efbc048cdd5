package dev.uplink.core.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A private key and its certificate chain, leaf first (the shape of a TLS identity and of a CA).
 * For a CA the chain is just the CA certificate.
 */
public record KeyAndChain(PrivateKey key, List<X509Certificate> chain) {

    public KeyAndChain {
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least one certificate");
        }
    }

    /** The leaf (or, for a CA, the CA certificate itself). */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The subject DN of the leaf in RFC 2253 form, e.g. {@code CN=uplink test CA}. */
    public String subject() {
        return certificate().getSubjectX500Principal().getName();
    }

    @Override
    public String toString() {
        return "KeyAndChain[" + subject() + ", " + chain.size() + " cert(s), key " + key.getAlgorithm() + "]";
    }
}
