package dev.uplink.core.wpad;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Default {@link PacProbe}: a GET with {@link HttpClient} and NO proxy (a PAC file is always
 * fetched directly — it is what tells us which proxy to use), HTTP 200 only, at most 1 MiB, and
 * the whole exchange including the body bounded by the timeout.
 */
public final class HttpPacProbe implements PacProbe {

    /** Same ceiling as the PAC engine: larger files are not PAC scripts but something else. */
    public static final int MAX_PAC_BYTES = 1024 * 1024;

    /** One client (and its selector thread) for all probes; the per-call timeout bounds each exchange. */
    private final HttpClient client;

    public HttpPacProbe() {
        this(Duration.ofSeconds(3));
    }

    public HttpPacProbe(Duration connectTimeout) {
        this.client = HttpClient.newBuilder()
                .proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public PacProbeResult probe(URI pacUrl, Duration timeout) {
        String scheme = pacUrl.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            return PacProbeResult.error("not an http(s) URL");
        }
        HttpRequest request = HttpRequest.newBuilder(pacUrl)
                .timeout(timeout)
                .header("Accept", "application/x-ns-proxy-autoconfig, */*")
                .GET()
                .build();
        AtomicReference<InputStream> body = new AtomicReference<>();
        CompletableFuture<PacProbeResult> exchange = client
                .sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(response -> {
                    body.set(response.body());
                    return read(response);
                });
        try {
            return exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return PacProbeResult.timeout("no complete answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PacProbeResult.timeout("interrupted");
        } catch (ExecutionException e) {
            return classify(e.getCause());
        } finally {
            exchange.cancel(true);
            closeQuietly(body.get());
        }
    }

    private static PacProbeResult read(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                return PacProbeResult.notFound("HTTP " + response.statusCode());
            }
            byte[] bytes = in.readNBytes(MAX_PAC_BYTES + 1);
            if (bytes.length > MAX_PAC_BYTES) {
                return PacProbeResult.error("larger than " + MAX_PAC_BYTES + " bytes: not a PAC file");
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (!PacProbeResult.looksLikePac(text)) {
                return PacProbeResult.error("HTTP 200 but the body does not define FindProxyForURL");
            }
            return PacProbeResult.found(text, "HTTP 200, " + bytes.length + " bytes");
        } catch (IOException e) {
            return classify(e);
        }
    }

    private static PacProbeResult classify(Throwable e) {
        if (e instanceof HttpConnectTimeoutException) {
            return PacProbeResult.timeout("connect timed out");
        }
        if (e instanceof HttpTimeoutException) {
            return PacProbeResult.timeout("no answer in time");
        }
        if (e instanceof ConnectException) {
            return PacProbeResult.notFound("connection refused or unreachable");
        }
        if (e instanceof java.nio.channels.UnresolvedAddressException
                || e instanceof java.net.UnknownHostException) {
            return PacProbeResult.notFound("host name does not resolve");
        }
        String msg = e.getMessage();
        return PacProbeResult.error(e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg));
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // nothing to do: the probe already has its answer
            }
        }
    }
}
