package dev.uplink.collector.testing;

import dev.uplink.collector.onboarding.HttpCall;
import dev.uplink.core.tls.Pki;
import dev.uplink.core.tls.TrustMaterial;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** TEST ONLY: an {@link HttpCall} over java.net.http, trusting exactly the given CA. Production uses the Connector. */
public final class JdkHttpCall implements HttpCall {

    private final HttpClient client;

    public JdkHttpCall(List<X509Certificate> trusted) {
        this.client = HttpClient.newBuilder()
                .sslContext(Pki.sslContext(null, TrustMaterial.only(trusted)))
                .connectTimeout(Duration.ofSeconds(5))
                .proxy(java.net.ProxySelector.of(null))
                .build();
    }

    public HttpClient client() {
        return client;
    }

    @Override
    public Reply send(String method, URI url, Map<String, String> headers, byte[] body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        try {
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(r.statusCode(), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
