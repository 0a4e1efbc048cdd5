package dev.uplink.collector.tls;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.tls.KeyAndChain;
import dev.uplink.core.tls.Pem;
import dev.uplink.core.tls.Pki;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** The operator's {@code --tls-cert} (leaf first, then intermediates) and {@code --tls-key}. */
public final class OperatorCertificate {

    private OperatorCertificate() {}

    /** Loads both files and checks that they match, so that a bad pair fails before anything starts. */
    public static KeyAndChain load(Path certFile, Path keyFile) {
        String cert = "--tls-cert " + certFile;
        String key = "--tls-key " + keyFile;
        // Only certificates: a key pasted into the certificate file is refused, not skipped.
        List<X509Certificate> chain = Pem.readCertificatesOnly(certFile, cert);
        PrivateKey privateKey = Pem.readPrivateKey(keyFile, key);
        KeyAndChain identity = new KeyAndChain(privateKey, chain);
        try {
            Pki.serverContext(identity);
        } catch (IllegalStateException e) {
            throw new InvalidInputException(key + " does not match " + cert + ": " + e.getMessage(), e);
        }
        if (!Pem.matches(privateKey, chain.get(0))) {
            throw new InvalidInputException(key + " does not belong to the first certificate in " + cert);
        }
        return identity;
    }
}
