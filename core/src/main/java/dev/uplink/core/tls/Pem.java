package dev.uplink.core.tls;

import dev.uplink.core.InvalidInputException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * PEM encoding of certificate chains and PKCS#8 private keys. Reading accepts what OpenSSL
 * writes (PKCS#8 {@code PRIVATE KEY}, traditional {@code RSA/EC PRIVATE KEY}); files are
 * untrusted input: size-limited, and every problem names the file and the expected form.
 */
public final class Pem {

    public static final long MAX_FILE_BYTES = 1 << 20;

    private Pem() {}

    public static String encodeCertificates(List<X509Certificate> certs) {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : certs) {
            try {
                block(sb, "CERTIFICATE", c.getEncoded());
            } catch (CertificateException e) {
                throw new IllegalStateException(e);
            }
        }
        return sb.toString();
    }

    /** PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}), unencrypted. */
    public static String encodePrivateKey(PrivateKey key) {
        StringBuilder sb = new StringBuilder();
        block(sb, "PRIVATE KEY", key.getEncoded());
        return sb.toString();
    }

    /** Writes the chain (leaf first) and the key, each atomically; the key file is made owner-only. */
    public static void write(KeyAndChain identity, Path certFile, Path keyFile) throws IOException {
        writeCertificates(identity.chain(), certFile);
        writeAtomically(keyFile, encodePrivateKey(identity.key()), true);
    }

    public static void writeCertificates(List<X509Certificate> certs, Path file) throws IOException {
        writeAtomically(file, encodeCertificates(certs), false);
    }

    public static KeyAndChain read(Path certFile, Path keyFile) {
        List<X509Certificate> chain = readCertificates(certFile);
        PrivateKey key = readPrivateKey(keyFile);
        if (!matches(key, chain.get(0))) {
            throw new InvalidInputException(
                    "private key " + keyFile + " does not belong to the first certificate in " + certFile);
        }
        return new KeyAndChain(key, chain);
    }

    public static List<X509Certificate> readCertificates(Path file) {
        return parseCertificates(readLimited(file, file.toString()), file.toString());
    }

    /** Like {@link #parseCertificatesOnly} for a file; {@code what} names it in errors (e.g. the flag and path). */
    public static List<X509Certificate> readCertificatesOnly(Path file, String what) {
        return parseCertificatesOnly(readLimited(file, what), what);
    }

    public static PrivateKey readPrivateKey(Path file) {
        return readPrivateKey(file, file.toString());
    }

    public static PrivateKey readPrivateKey(Path file, String what) {
        return parsePrivateKey(readLimited(file, what), what);
    }

    /** Every {@code CERTIFICATE} block of {@code text}, in order; other block types are ignored. */
    public static List<X509Certificate> parseCertificates(String text, String what) {
        return parseCertificates(text, what, false);
    }

    /**
     * Every block of {@code text} must be a {@code CERTIFICATE}: for certificates that are passed on
     * (a CA put into onboarding files, a server's chain), where a private key pasted into the same
     * file must be refused rather than silently skipped and possibly shipped along.
     */
    public static List<X509Certificate> parseCertificatesOnly(String text, String what) {
        return parseCertificates(text, what, true);
    }

    private static List<X509Certificate> parseCertificates(String text, String what, boolean only) {
        List<X509Certificate> certs = new ArrayList<>();
        JcaX509CertificateConverter conv = new JcaX509CertificateConverter();
        try (PEMParser p = new PEMParser(new StringReader(text))) {
            Object o;
            while ((o = p.readObject()) != null) {
                if (o instanceof X509CertificateHolder h) {
                    certs.add(conv.getCertificate(h));
                } else if (only) {
                    throw new InvalidInputException(what + ": expected only CERTIFICATE blocks, found "
                            + o.getClass().getSimpleName());
                }
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            if (e instanceof InvalidInputException iie) {
                throw iie;
            }
            throw new InvalidInputException(
                    what + ": malformed PEM certificate data (" + e.getMessage()
                            + "): expected -----BEGIN CERTIFICATE----- blocks",
                    e);
        }
        if (certs.isEmpty()) {
            throw new InvalidInputException(
                    what + ": no certificate found: expected one or more -----BEGIN CERTIFICATE----- blocks");
        }
        return List.copyOf(certs);
    }

    public static PrivateKey parsePrivateKey(String text, String what) {
        String expected = "expected an unencrypted -----BEGIN PRIVATE KEY----- (PKCS#8) block";
        // Recognised by its markers too, so that a damaged encrypted key is still reported as encrypted.
        if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || text.contains("Proc-Type: 4,ENCRYPTED")) {
            throw new InvalidInputException(what + ": the private key is encrypted: " + expected
                    + " (protect it with file permissions instead)");
        }
        JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
        try (PEMParser p = new PEMParser(new StringReader(text))) {
            Object o;
            while ((o = p.readObject()) != null) {
                if (o instanceof PrivateKeyInfo info) {
                    return conv.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) {
                    return conv.getKeyPair(pair).getPrivate();
                }
                if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
                    throw new InvalidInputException(what + ": the private key is encrypted: " + expected);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException iie) {
                throw iie;
            }
            throw new InvalidInputException(
                    what + ": malformed PEM private key (" + e.getMessage() + "): " + expected, e);
        }
        throw new InvalidInputException(what + ": no private key found: " + expected);
    }

    /** Proves possession: a signature made with {@code key} verifies with the certificate's public key. */
    public static boolean matches(PrivateKey key, X509Certificate cert) {
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> null;
        };
        if (alg == null) {
            return true; // an algorithm we cannot test here: the TLS handshake will tell
        }
        if (!cert.getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
            return false;
        }
        try {
            byte[] data = new byte[32];
            new SecureRandom().nextBytes(data);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(data);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(cert.getPublicKey());
            v.update(data);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String readLimited(Path file, String what) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException(what + ": cannot be read: no such file: expected a PEM file");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new InvalidInputException(
                        what + ": larger than " + MAX_FILE_BYTES + " bytes: expected a PEM file");
            }
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new InvalidInputException(what + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static void block(StringBuilder sb, String type, byte[] der) {
        sb.append("-----BEGIN ").append(type).append("-----\n");
        sb.append(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der))
                .append('\n');
        sb.append("-----END ").append(type).append("-----\n");
    }

    private static void writeAtomically(Path file, String content, boolean secret) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            if (secret && Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(tmp, content, StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
