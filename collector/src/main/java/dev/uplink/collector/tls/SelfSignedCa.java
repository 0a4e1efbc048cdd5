package dev.uplink.collector.tls;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.PrivateFiles;
import dev.uplink.core.tls.KeyAndChain;
import dev.uplink.core.tls.Pem;
import dev.uplink.core.tls.Pki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The collector's own CA for {@code --self-signed} (certificates from core {@link Pki}).
 *
 * <p>The CA is kept in the data directory ({@code ca.pem}, {@code ca-key.pem} mode 0600) so that
 * sensors enrolled with it keep trusting the collector across restarts; the server certificate is
 * issued afresh at every start for the names the collector is reached by.
 */
public final class SelfSignedCa {

    public static final String CA_FILE = "ca.pem";
    public static final String CA_KEY_FILE = "ca-key.pem";
    /** Below the 398 days that TLS clients accept for server certificates. */
    static final Duration SERVER_VALIDITY = Duration.ofDays(397);

    private SelfSignedCa() {}

    /** The CA stored in {@code dataDir}, created and stored there on first use. */
    public static KeyAndChain loadOrCreate(Path dataDir) {
        Path certFile = dataDir.resolve(CA_FILE);
        Path keyFile = dataDir.resolve(CA_KEY_FILE);
        if (Files.exists(certFile) && Files.exists(keyFile)) {
            return Pem.read(certFile, keyFile);
        }
        KeyAndChain ca = create();
        try {
            // Key first, so that a crash in between never leaves a CA certificate whose key is lost.
            PrivateFiles.write(keyFile, Pem.encodePrivateKey(ca.key()));
            PrivateFiles.write(certFile, Pem.encodeCertificates(ca.chain()));
        } catch (IOException e) {
            throw new InvalidInputException("cannot write the self-signed CA in " + dataDir + ": " + e.getMessage(), e);
        }
        return ca;
    }

    /** A new CA, not stored. */
    public static KeyAndChain create() {
        return Pki.createCa("uplink collector self-signed CA " + Instant.now().getEpochSecond());
    }

    /** A server certificate valid for {@code names} (host names or IP literals) plus loopback. */
    public static KeyAndChain issueServer(KeyAndChain ca, List<String> names) {
        LinkedHashSet<String> all = new LinkedHashSet<>(names);
        all.addAll(List.of("localhost", "127.0.0.1", "::1"));
        all.removeIf(n -> n.isBlank() || n.equals("0.0.0.0") || n.equals("::"));
        return Pki.issueServer(ca, List.copyOf(all), SERVER_VALIDITY);
    }
}
