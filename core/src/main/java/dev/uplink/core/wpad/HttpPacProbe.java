package dev.uplink.core.wpad;

import dev.uplink.core.call.CallProfile;
import dev.uplink.core.call.RoutedCall;
import dev.uplink.core.connect.Connector;
import dev.uplink.core.connect.Expect;
import dev.uplink.core.connect.Outcome;
import dev.uplink.core.connect.Request;
import dev.uplink.core.pac.PacOptions;
import dev.uplink.core.tls.TrustMaterial;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Default {@link PacProbe}: a GET on the DIRECT route (a PAC file is always fetched directly — it
 * is what tells us which proxy to use) through the one {@link Connector}, HTTP 200 only, at most
 * 1 MiB, and the whole exchange including the body bounded by the timeout.
 */
public final class HttpPacProbe implements PacProbe {

    /** Same ceiling as the PAC engine: larger files are not PAC scripts but something else. */
    static final int MAX_PAC_BYTES = PacOptions.MAX_SCRIPT_CHARS;
    /** Redirects followed, as for a configured PAC URL. */
    private static final int MAX_REDIRECTS = 5;

    private final Connector connector;
    private final Duration connectTimeout;

    public HttpPacProbe() {
        this(new Connector(), Duration.ofSeconds(3));
    }

    public HttpPacProbe(Duration connectTimeout) {
        this(new Connector(), connectTimeout);
    }

    public HttpPacProbe(Connector connector, Duration connectTimeout) {
        this.connector = connector;
        this.connectTimeout = connectTimeout;
    }

    @Override
    public PacProbeResult probe(URI pacUrl, Duration timeout) {
        String scheme = pacUrl.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            return PacProbeResult.error("not an http(s) URL");
        }
        Duration connect = connectTimeout.compareTo(timeout) < 0 ? connectTimeout : timeout;
        RoutedCall call = RoutedCall.direct(
                connector,
                CallProfile.of(TrustMaterial.jdkDefaults(), timeout, timeout, MAX_PAC_BYTES)
                        .withConnectTimeout(connect)
                        .withMaxRedirects(MAX_REDIRECTS));
        Request.Builder request;
        try {
            request = Request.get(pacUrl.toString())
                    .expect(Expect.ANY)
                    .header("Accept", "application/x-ns-proxy-autoconfig, */*");
        } catch (dev.uplink.core.InvalidInputException e) {
            return PacProbeResult.error(e.getMessage());
        }
        return read(call.execute(request).outcome());
    }

    private static PacProbeResult read(Outcome o) {
        if (o.httpStatus() == null) {
            return classify(o);
        }
        if (o.httpStatus() != 200) {
            return PacProbeResult.notFound("HTTP " + o.httpStatus());
        }
        if (o.bodyTruncated()) {
            return PacProbeResult.error("larger than " + MAX_PAC_BYTES + " bytes: not a PAC file");
        }
        byte[] bytes = o.body();
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!PacProbeResult.looksLikePac(text)) {
            return PacProbeResult.error("HTTP 200 but the body does not define FindProxyForURL");
        }
        return PacProbeResult.found(text, "HTTP 200, " + bytes.length + " bytes");
    }

    /** WPAD's outcome words for a connection failure: absent, silent, or broken. */
    private static PacProbeResult classify(Outcome o) {
        return switch (o.diagnosis()) {
            case CONNECT_TIMEOUT -> PacProbeResult.timeout("connect timed out");
            case READ_TIMEOUT -> PacProbeResult.timeout("no answer in time");
            case CONNECT_REFUSED -> PacProbeResult.notFound("connection refused or unreachable");
            case DNS_FAILURE -> PacProbeResult.notFound("host name does not resolve");
            default -> PacProbeResult.error(o.diagnosis().code() + ": " + o.detail());
        };
    }
}
