package dev.uplink.analyzer.probe;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Makes TLS client hellos in memory, on a daemon thread, while the command still reads its inputs:
 * the JDK's TLS and key-share classes are initialised once, under locks, and the first of dozens
 * of probes started at once otherwise all waited for that (bench/analyzer/README.md). Nothing is
 * sent anywhere: an {@link SSLEngine} writes its hello into a buffer that is dropped.
 */
public final class TlsWarmUp {
    private static final String NAME = "warm-up.uplink.invalid";

    private TlsWarmUp() {}

    /**
     * A few hellos: the first initialises the classes (most of the cost), the next ones run the
     * key-share arithmetic often enough for the JIT to compile it before the probes need it.
     */
    static final int HELLOS = 4;

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    /**
     * Starts the warm-up, once per process (the launcher's {@code Main} starts it before the command
     * line is parsed, the command again in case it did not); returns at once.
     */
    public static void startInBackground() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(
                () -> {
                    for (int i = 0; i < HELLOS; i++) {
                        try {
                            clientHello();
                        } catch (GeneralSecurityException | SSLException | RuntimeException e) {
                            return; // only a warm-up: the probes meet and report any real TLS problem
                        }
                    }
                },
                "uplink-tls-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** One client hello into memory; returns its bytes (a TLS handshake record). */
    static ByteBuffer clientHello() throws GeneralSecurityException, SSLException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new TrustsNothing()}, SecureRandom.getInstance("DRBG"));
        SSLEngine engine = ctx.createSSLEngine(NAME, 443);
        engine.setUseClientMode(true);
        SSLParameters params = engine.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        params.setServerNames(List.of(new SNIHostName(NAME)));
        engine.setSSLParameters(params);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        engine.closeOutbound();
        return out.flip();
    }

    /** Never asked (no server ever answers), and would refuse if it were. */
    private static final class TrustsNothing implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("warm-up only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("warm-up only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
