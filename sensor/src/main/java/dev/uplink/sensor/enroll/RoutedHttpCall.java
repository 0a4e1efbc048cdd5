package dev.uplink.sensor.enroll;

import dev.uplink.core.call.CallProfile;
import dev.uplink.core.call.CallResult;
import dev.uplink.core.call.RoutedCall;
import dev.uplink.core.connect.Expect;
import dev.uplink.core.connect.Request;
import dev.uplink.core.tls.TrustMaterial;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Enrolment's HTTP exchange over the shared path: the same {@link RoutedCall} as uploads (named
 * proxy with DIRECT fallback, system proxy, PAC). Only the collector's own answer is an answer; a
 * proxy's refusal means the collector was never reached.
 */
public final class RoutedHttpCall implements HttpCall {
    private final RoutedCall call;

    public RoutedHttpCall(RoutedCall call) {
        this.call = call;
    }

    /** Enrolment's limits: 15 s to connect, 30 s to read, a minute in all; the reply is small JSON. */
    public static CallProfile profile(TrustMaterial trust) {
        return CallProfile.of(trust, Duration.ofSeconds(30), Duration.ofSeconds(60), EnrollmentClient.MAX_REPLY)
                .withConnectTimeout(Duration.ofSeconds(15));
    }

    @Override
    public Reply send(String method, URI url, Map<String, String> headers, byte[] body) throws IOException {
        Request.Builder b =
                Request.builder(method, url.toString()).expect(Expect.ANY).body(body);
        headers.forEach(b::header);
        CallResult r = call.execute(b);
        if (!r.answeredByService()) {
            throw new IOException(r.failureLine());
        }
        return new Reply(r.outcome().httpStatus(), r.outcome().body());
    }
}
