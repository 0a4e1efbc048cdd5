package dev.uplink.collector.tls;

import dev.uplink.core.InvalidInputException;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

/** The collector's TLS key and certificate chain (leaf first). */
public record ServerIdentity(PrivateKey key, List<X509Certificate> chain) {

    public ServerIdentity {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("empty certificate chain");
        }
    }

    /** Loads {@code --tls-cert} (leaf first, then intermediates) and {@code --tls-key}; checks that they match. */
    public static ServerIdentity fromPemFiles(Path certFile, Path keyFile) {
        List<X509Certificate> chain = Pem.certificates(read(certFile, "--tls-cert"), "--tls-cert " + certFile);
        PrivateKey key = Pem.privateKey(read(keyFile, "--tls-key"), "--tls-key " + keyFile);
        ServerIdentity id = new ServerIdentity(key, chain);
        try {
            id.sslContext();
        } catch (IllegalStateException e) {
            throw new InvalidInputException("--tls-key " + keyFile + " does not match --tls-cert " + certFile
                    + ": " + e.getMessage(), e);
        }
        if (!keyMatches(key, chain.get(0))) {
            throw new InvalidInputException("--tls-key " + keyFile + " does not belong to the first certificate in --tls-cert " + certFile);
        }
        return id;
    }

    private static boolean keyMatches(PrivateKey key, X509Certificate cert) {
        try {
            String alg = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
            var signer = java.security.Signature.getInstance(alg);
            byte[] probe = "uplink key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            signer.initSign(key);
            signer.update(probe);
            byte[] sig = signer.sign();
            var verifier = java.security.Signature.getInstance(alg);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            return verifier.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String read(Path file, String flag) {
        try {
            if (Files.size(file) > 1 << 20) {
                throw new InvalidInputException(flag + " " + file + " is larger than 1 MiB; expected a PEM file");
            }
            return Files.readString(file);
        } catch (IOException e) {
            throw new InvalidInputException(flag + " " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** A TLS 1.2+ server context presenting this identity. */
    public SSLContext sslContext() {
        try {
            char[] pass = "uplink".toCharArray();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", key, pass, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pass);
            Arrays.fill(pass, '\0');
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a TLS context: " + e.getMessage(), e);
        }
    }
}
