package dev.uplink.sensor.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * PLACEHOLDER until the lead wires the real sender over the shared Connector/RouteResolver:
 * POSTs the batch DIRECT (no proxy routes, no failure diagnosis) with the JDK HTTP client.
 * Lets {@code uplink sensor run} deliver to a collector on the same network in the meantime.
 */
public final class PlaceholderHttpBatchSender implements BatchSender {
    private final URI collector;
    private final HttpClient client;

    public PlaceholderHttpBatchSender(URI collector, Path caFile) throws IOException {
        this.collector = collector;
        HttpClient.Builder b = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(10));
        if (caFile != null) {
            b.sslContext(trusting(caFile));
        }
        this.client = b.build();
    }

    @Override
    public SendResult send(byte[] gzippedJsonLines, int count) {
        HttpRequest req = HttpRequest.newBuilder(collector).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-ndjson").header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzippedJsonLines)).build();
        try {
            HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
            String body = r.body() == null ? "" : r.body();
            String reason = body.length() > 300 ? body.substring(0, 300) : body;
            return SendResult.ofHttpStatus(r.statusCode(), r.headers().firstValue("Retry-After").orElse(null), reason, Instant.now());
        } catch (IOException e) {
            return new SendResult.ConnectionFailed(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendResult.ConnectionFailed("interrupted");
        }
    }

    private static SSLContext trusting(Path caFile) throws IOException {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca" + i++, c);
            }
            if (i == 0) {
                throw new IOException("CA file " + caFile + " holds no PEM certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("CA file " + caFile + ": " + e.getMessage(), e);
        }
    }
}
