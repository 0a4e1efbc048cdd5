package dev.uplink.collector.tls;

import dev.uplink.collector.PrivateFiles;
import dev.uplink.core.InvalidInputException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * INTERIM: the collector's own small CA for {@code --self-signed}, until the shared
 * {@code dev.uplink.core.tls.Pki} lands (the lead will replace this class with it).
 *
 * <p>The CA is kept in the data directory ({@code ca.pem}, {@code ca-key.pem} mode 0600) so that
 * sensors enrolled with it keep trusting the collector across restarts; the server certificate is
 * issued afresh at every start for the names the collector is reached by.
 */
public final class InterimSelfSignedCa {

    public static final String CA_FILE = "ca.pem";
    public static final String CA_KEY_FILE = "ca-key.pem";

    private final X509Certificate certificate;
    private final PrivateKey key;

    private InterimSelfSignedCa(X509Certificate certificate, PrivateKey key) {
        this.certificate = certificate;
        this.key = key;
    }

    public static InterimSelfSignedCa loadOrCreate(Path dataDir) {
        Path certFile = dataDir.resolve(CA_FILE);
        Path keyFile = dataDir.resolve(CA_KEY_FILE);
        try {
            if (Files.exists(certFile) && Files.exists(keyFile)) {
                X509Certificate cert = Pem.certificates(Files.readString(certFile), certFile.toString()).get(0);
                PrivateKey key = Pem.privateKey(Files.readString(keyFile), keyFile.toString());
                return new InterimSelfSignedCa(cert, key);
            }
            InterimSelfSignedCa ca = create();
            // Key first, so that a crash in between never leaves a CA certificate whose key is lost.
            PrivateFiles.write(keyFile, Pem.encode(ca.key));
            PrivateFiles.write(certFile, Pem.encode(ca.certificate));
            return ca;
        } catch (IOException e) {
            throw new InvalidInputException("cannot read or write the self-signed CA in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    public static InterimSelfSignedCa create() {
        try {
            KeyPair kp = newKeyPair();
            X500Name name = new X500Name("CN=uplink collector self-signed CA " + Instant.now().getEpochSecond());
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(3650))), name, kp.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            return new InterimSelfSignedCa(sign(b, kp.getPrivate()), kp.getPrivate());
        } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot create a CA certificate: " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String certificatePem() {
        return Pem.encode(certificate);
    }

    /** Issues a server certificate valid for {@code names} (host names or IP literals) plus loopback. */
    public ServerIdentity issueServer(List<String> names) {
        LinkedHashSet<String> all = new LinkedHashSet<>(names);
        all.addAll(List.of("localhost", "127.0.0.1", "::1"));
        all.removeIf(n -> n.isBlank() || n.equals("0.0.0.0") || n.equals("::"));
        try {
            KeyPair kp = newKeyPair();
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=" + all.iterator().next().replaceAll("[,+=\"\\\\<>;]", "_"));
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(397))), subject, kp.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            List<GeneralName> sans = new ArrayList<>();
            for (String n : all) {
                boolean ip = n.indexOf(':') >= 0 || n.matches("\\d{1,3}(\\.\\d{1,3}){3}");
                sans.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, n));
            }
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(new GeneralName[0])));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            return new ServerIdentity(kp.getPrivate(), List.of(sign(b, key), certificate));
        } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot issue the server certificate: " + e.getMessage(), e);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer)
            throws org.bouncycastle.operator.OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    }
}
