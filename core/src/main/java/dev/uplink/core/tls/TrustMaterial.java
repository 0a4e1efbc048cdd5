package dev.uplink.core.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Which roots a TLS client trusts: the JDK default roots, plus or instead of extra PEM anchors
 * (the analyzer's {@code --ca-file}, a lab CA). Immutable; the trust manager is built once.
 */
public final class TrustMaterial {

    private static final TrustMaterial JDK_DEFAULTS = new TrustMaterial(true, List.of());

    private final boolean includeJdkDefaults;
    private final List<X509Certificate> extraAnchors;
    private volatile X509ExtendedTrustManager trustManager;

    private TrustMaterial(boolean includeJdkDefaults, List<X509Certificate> extraAnchors) {
        this.includeJdkDefaults = includeJdkDefaults;
        this.extraAnchors = List.copyOf(extraAnchors);
    }

    public static TrustMaterial jdkDefaults() {
        return JDK_DEFAULTS;
    }

    public static TrustMaterial jdkDefaultsPlus(List<X509Certificate> extraAnchors) {
        return new TrustMaterial(true, extraAnchors);
    }

    public static TrustMaterial only(List<X509Certificate> anchors) {
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("trust material without any anchor would trust nothing");
        }
        return new TrustMaterial(false, anchors);
    }

    public static TrustMaterial only(X509Certificate... anchors) {
        return only(Arrays.asList(anchors));
    }

    /** Anchors from a PEM file (e.g. {@code --ca-file}); bad files raise InvalidInputException. */
    public static TrustMaterial fromCaFile(Path pemFile, boolean includeJdkDefaults) {
        List<X509Certificate> certs = Pem.readCertificates(pemFile);
        return includeJdkDefaults ? jdkDefaultsPlus(certs) : only(certs);
    }

    public boolean includesJdkDefaults() {
        return includeJdkDefaults;
    }

    public List<X509Certificate> extraAnchors() {
        return extraAnchors;
    }

    /** A PKIX trust manager over these anchors (does hostname checks when the socket asks for them). */
    public X509ExtendedTrustManager trustManager() {
        X509ExtendedTrustManager tm = trustManager;
        if (tm == null) {
            // Built under a lock: the analyzer starts dozens of probes at once, and each unguarded
            // caller would load and index the JDK's ~150 roots again (seconds of CPU in total).
            synchronized (this) {
                tm = trustManager;
                if (tm == null) {
                    tm = build();
                    trustManager = tm;
                }
            }
        }
        return tm;
    }

    /**
     * Starts building the trust manager on a daemon thread, so that a command reads its other
     * inputs meanwhile instead of its first TLS handshake waiting for the JDK's roots to load
     * (bench/analyzer/README.md). {@link #trustManager()} waits for that build, or builds itself
     * if this one failed (and then reports the failure where it matters).
     */
    public TrustMaterial prepareInBackground() {
        if (trustManager == null) {
            Thread t = new Thread(
                    () -> {
                        try {
                            X509ExtendedTrustManager tm = trustManager();
                            // The JDK makes the server-side validator (an index of the anchors) on
                            // first use, under a lock every first handshake would wait for.
                            X509Certificate[] anchors = tm.getAcceptedIssuers();
                            if (anchors.length > 0) {
                                tm.checkServerTrusted(new X509Certificate[] {anchors[0]}, "UNKNOWN");
                            }
                        } catch (RuntimeException | CertificateException e) {
                            // the verdict on an anchor alone does not matter; a failed build is
                            // built again, and reported, by the caller's own trustManager()
                        }
                    },
                    "uplink-trust-store");
            t.setDaemon(true);
            t.start();
        }
        return this;
    }

    private X509ExtendedTrustManager build() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            List<X509Certificate> all = new ArrayList<>(extraAnchors);
            if (includeJdkDefaults) {
                all.addAll(Arrays.asList(defaultTrustManager().getAcceptedIssuers()));
            }
            int i = 0;
            for (X509Certificate c : all) {
                ks.setCertificateEntry("anchor-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(ks);
            return first(tmf.getTrustManagers());
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build trust store: " + e, e);
        }
    }

    private static X509ExtendedTrustManager defaultTrustManager() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init((KeyStore) null);
        return first(tmf.getTrustManagers());
    }

    private static X509ExtendedTrustManager first(TrustManager[] tms) {
        for (TrustManager t : tms) {
            if (t instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new IllegalStateException("no X509 trust manager available");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrustMaterial t
                && t.includeJdkDefaults == includeJdkDefaults
                && t.extraAnchors.equals(extraAnchors);
    }

    @Override
    public int hashCode() {
        return Objects.hash(includeJdkDefaults, extraAnchors);
    }

    @Override
    public String toString() {
        return "TrustMaterial[" + (includeJdkDefaults ? "JDK roots" : "no JDK roots") + " + " + extraAnchors.size()
                + " extra]";
    }
}
