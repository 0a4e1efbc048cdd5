package dev.uplink.core.testing;

import dev.uplink.core.tls.KeyAndChain;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Real X.509 CRLs for tests, signed by a test CA (what crl.microsoft.com serves, in small). */
public final class TestCrls {
    private TestCrls() {}

    /** A DER CRL issued by {@code ca} revoking one serial number. */
    public static byte[] der(KeyAndChain ca) {
        try {
            Instant now = Instant.now();
            X509v2CRLBuilder b = new X509v2CRLBuilder(
                    X500Name.getInstance(
                            ca.certificate().getSubjectX500Principal().getEncoded()),
                    Date.from(now));
            b.setNextUpdate(Date.from(now.plus(Duration.ofDays(7))));
            b.addCRLEntry(BigInteger.valueOf(4711), Date.from(now), CRLReason.keyCompromise);
            String alg = ca.key().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            return b.build(new JcaContentSignerBuilder(alg).build(ca.key())).getEncoded();
        } catch (OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a test CRL: " + e, e);
        }
    }

    /** Checks the CRL really parses with the JDK (the parser the Connector uses). */
    public static void check(byte[] der) throws GeneralSecurityException {
        java.security.cert.CertificateFactory.getInstance("X.509").generateCRL(new java.io.ByteArrayInputStream(der));
    }
}
