package dev.uplink.core.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small certificate authority for tests, the offline demo and the collector's
 * {@code --self-signed} mode: create CAs, issue server and client certificates, and turn
 * them into {@link SSLContext}s. PEM I/O lives in {@link Pem}; trust stores in {@link TrustMaterial}.
 */
public final class Pki {

    public static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(3650);
    public static final Duration DEFAULT_LEAF_VALIDITY = Duration.ofDays(825);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** Clock skew between the machine issuing and the peer validating: backdate notBefore. */
    private static final Duration BACKDATE = Duration.ofHours(1);

    private Pki() {}

    public static KeyAndChain createCa(String commonName) {
        return createCa(commonName, KeyType.EC_P256, DEFAULT_CA_VALIDITY);
    }

    /** A self-signed CA certificate ({@code CN=commonName}, basicConstraints CA:true, keyCertSign). */
    public static KeyAndChain createCa(String commonName, KeyType keyType, Duration validity) {
        KeyPair pair = generate(keyType);
        X500Name name = cn(commonName);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = builder(name, name, pair.getPublic(), validity);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate cert = sign(b, pair.getPrivate().getAlgorithm(), pair);
            return new KeyAndChain(pair.getPrivate(), List.of(cert));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot create CA certificate: " + e, e);
        }
    }

    public static KeyAndChain issueServer(KeyAndChain ca, List<String> namesAndIps) {
        return issueServer(ca, namesAndIps, DEFAULT_LEAF_VALIDITY);
    }

    /**
     * A server certificate for DNS names (wildcards such as {@code *.example.com} allowed) and IP
     * literals, CN = the first name, EKU serverAuth. The chain is leaf + CA.
     */
    public static KeyAndChain issueServer(KeyAndChain ca, List<String> namesAndIps, Duration validity) {
        if (namesAndIps.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one DNS name or IP");
        }
        List<GeneralName> sans = new ArrayList<>();
        for (String n : namesAndIps) {
            sans.add(
                    isIpLiteral(n)
                            ? new GeneralName(GeneralName.iPAddress, stripBrackets(n))
                            : new GeneralName(GeneralName.dNSName, n));
        }
        return issueLeaf(
                ca,
                namesAndIps.get(0),
                new GeneralNames(sans.toArray(GeneralName[]::new)),
                KeyPurposeId.id_kp_serverAuth,
                validity);
    }

    /**
     * An empty X.509 CRL (DER) issued by {@code ca}, valid for a week: what a lab's stand-in for a
     * revocation endpoint serves, so that a probe expecting a CRL gets a real one.
     */
    public static byte[] createCrl(KeyAndChain ca) {
        try {
            Instant now = Instant.now();
            org.bouncycastle.cert.X509v2CRLBuilder b = new org.bouncycastle.cert.X509v2CRLBuilder(
                    X500Name.getInstance(
                            ca.certificate().getSubjectX500Principal().getEncoded()),
                    Date.from(now));
            b.setNextUpdate(Date.from(now.plus(Duration.ofDays(7))));
            String alg = ca.key().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            return b.build(new JcaContentSignerBuilder(alg).build(ca.key())).getEncoded();
        } catch (OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot sign a CRL: " + e, e);
        }
    }

    /** A client certificate (EKU clientAuth) for mutual TLS, e.g. a device identity. */
    public static KeyAndChain issueClient(KeyAndChain ca, String commonName) {
        return issueLeaf(ca, commonName, null, KeyPurposeId.id_kp_clientAuth, DEFAULT_LEAF_VALIDITY);
    }

    /** Context for a TLS server presenting {@code identity}; no client certificates requested. */
    public static SSLContext serverContext(KeyAndChain identity) {
        return sslContext(identity, null);
    }

    /**
     * An SSLContext with {@code identity} as key material (nullable: no client/server certificate)
     * and {@code trust} as trust material (nullable: the JDK default roots).
     */
    public static SSLContext sslContext(KeyAndChain identity, TrustMaterial trust) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            KeyManager[] km = identity == null ? null : keyManagers(identity);
            TrustManager[] tm = {(trust == null ? TrustMaterial.jdkDefaults() : trust).trustManager()};
            ctx.init(km, tm, RANDOM);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build SSLContext: " + e, e);
        }
    }

    public static KeyManager[] keyManagers(KeyAndChain identity) {
        try {
            char[] pw = new char[0];
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("identity", identity.key(), pw, identity.chain().toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            return kmf.getKeyManagers();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build key manager: " + e, e);
        }
    }

    private static KeyAndChain issueLeaf(
            KeyAndChain ca, String cn, GeneralNames sans, KeyPurposeId eku, Duration validity) {
        KeyPair pair = generate(KeyType.EC_P256);
        X509Certificate caCert = ca.certificate();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = builder(
                    X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded()),
                    cn(cn),
                    pair.getPublic(),
                    validity);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(
                    Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(eku));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
            if (sans != null) {
                b.addExtension(Extension.subjectAlternativeName, false, sans);
            }
            X509Certificate cert = sign(b, ca.key().getAlgorithm(), new KeyPair(caCert.getPublicKey(), ca.key()));
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(cert);
            chain.addAll(ca.chain());
            return new KeyAndChain(pair.getPrivate(), chain);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue certificate for " + cn + ": " + e, e);
        }
    }

    private static X509v3CertificateBuilder builder(
            X500Name issuer, X500Name subject, PublicKey key, Duration validity) {
        Instant now = Instant.now();
        BigInteger serial = new BigInteger(127, RANDOM).add(BigInteger.ONE);
        return new JcaX509v3CertificateBuilder(
                issuer, serial, Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, key);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, String signerKeyAlgorithm, KeyPair signer)
            throws GeneralSecurityException {
        String alg = "RSA".equals(signerKeyAlgorithm)
                ? KeyType.RSA_2048.signatureAlgorithm
                : KeyType.EC_P256.signatureAlgorithm;
        try {
            ContentSigner cs = new JcaContentSignerBuilder(alg).build(signer.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(b.build(cs));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair generate(KeyType type) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(type.algorithm);
            g.initialize(type.size, RANDOM);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X500Name cn(String commonName) {
        if (commonName == null || commonName.isBlank()) {
            throw new IllegalArgumentException("common name is empty");
        }
        // The builder escapes ',', '+', '=' so a name can never inject extra RDNs.
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    static boolean isIpLiteral(String s) {
        return IPV4.matcher(s).matches() || stripBrackets(s).indexOf(':') >= 0;
    }

    private static String stripBrackets(String s) {
        return s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
    }
}
