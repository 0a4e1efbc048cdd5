package dev.uplink.collector.tls;

import dev.uplink.core.InvalidInputException;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** PEM text in and out; {@code what} names the input (file or field) in every error. */
public final class Pem {

    // A private provider instance: not registered globally, so the JVM's providers are unchanged.
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private Pem() {
    }

    public static List<X509Certificate> certificates(String pem, String what) {
        List<X509Certificate> out = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (!(o instanceof X509CertificateHolder holder)) {
                    throw new InvalidInputException(what + ": expected only CERTIFICATE blocks, found "
                            + o.getClass().getSimpleName());
                }
                out.add(new JcaX509CertificateConverter().getCertificate(holder));
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            if (e instanceof InvalidInputException iie) {
                throw iie;
            }
            throw new InvalidInputException(what + ": not a valid PEM certificate (" + e.getMessage() + ")", e);
        }
        if (out.isEmpty()) {
            throw new InvalidInputException(what + ": no -----BEGIN CERTIFICATE----- block found; expected PEM certificate(s)");
        }
        return out;
    }

    public static PrivateKey privateKey(String pem, String what) {
        if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || pem.contains("Proc-Type: 4,ENCRYPTED")) {
            throw new InvalidInputException(what + ": the private key is encrypted; expected an unencrypted PEM key"
                    + " (protect it with file permissions instead)");
        }
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            if (o instanceof PEMKeyPair pair) {
                return toJdkKey(pair.getPrivateKeyInfo());
            }
            if (o instanceof PrivateKeyInfo info) {
                return toJdkKey(info);
            }
            if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                throw new InvalidInputException(what + ": the private key is encrypted; expected an unencrypted PEM key"
                        + " (protect it with file permissions instead)");
            }
            throw new InvalidInputException(what + ": no private key found; expected a PEM"
                    + " 'PRIVATE KEY', 'EC PRIVATE KEY' or 'RSA PRIVATE KEY' block");
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException iie) {
                throw iie;
            }
            throw new InvalidInputException(what + ": not a valid PEM private key (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Converts through BouncyCastle (which understands OpenSSL's SEC1 "EC PRIVATE KEY" form that the
     * JDK's KeyFactory rejects) and back into a JDK key via PKCS#8, so JSSE gets a key it knows.
     */
    private static PrivateKey toJdkKey(PrivateKeyInfo info) throws IOException {
        PrivateKey bc = new JcaPEMKeyConverter().setProvider(BC).getPrivateKey(info);
        try {
            return KeyFactory.getInstance(bc.getAlgorithm().equals("ECDSA") ? "EC" : bc.getAlgorithm())
                    .generatePrivate(new PKCS8EncodedKeySpec(bc.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IOException("unsupported key algorithm " + bc.getAlgorithm() + ": " + e.getMessage(), e);
        }
    }

    /** PEM text of certificates and keys; keys are written as PKCS#8 "PRIVATE KEY", which every tool reads. */
    public static String encode(Object... objects) {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            for (Object o : objects) {
                w.writeObject(o instanceof PrivateKey k ? new PemObject("PRIVATE KEY", k.getEncoded()) : o);
            }
        } catch (IOException e) {
            throw new IllegalStateException("PEM encoding failed", e);
        }
        return sw.toString();
    }
}
