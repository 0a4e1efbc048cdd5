package dev.uplink.analyzer.probe;

import dev.uplink.core.call.CallProfile;
import dev.uplink.core.call.CallResult;
import dev.uplink.core.call.RoutedCall;
import dev.uplink.core.connect.Connector;
import dev.uplink.core.connect.Request;
import dev.uplink.core.proxyauth.ProxyAuthenticator;
import dev.uplink.core.route.RouteSource;

/**
 * One probe of one URL over one list of routes, the same for the analyzer's methods, its sensor
 * route and the quick connectivity test: same expectation, same pins, same limits, so a URL that
 * passes one passes the others for the same reason.
 */
final class ProbeCalls {
    /** Enough of an answer to classify it (status, headers, a block page's first lines). */
    static final int MAX_ANSWER_BYTES = 64 * 1024;
    /**
     * A CRL must be read whole to be parsed. Microsoft's root CRLs are a few KiB; the bound keeps a
     * proxy or server streaming without end from costing more than this per probe.
     */
    static final int MAX_CRL_BYTES = 4 * 1024 * 1024;

    private final Connector connector;
    private final CallProfile profile;
    private final CallProfile crlProfile;
    private final ProxyAuthenticator proxyAuth;

    /** {@code proxyAuth}: what a proxy's 407 is answered with, as the sensor does (docs/behaviour.md#proxy-authentication). */
    ProbeCalls(Connector connector, AnalyzerOptions options, ProxyAuthenticator proxyAuth) {
        this.connector = connector;
        this.proxyAuth = proxyAuth;
        this.profile = profile(options, MAX_ANSWER_BYTES);
        this.crlProfile = profile(options, MAX_CRL_BYTES);
    }

    CallResult call(RouteSource routes, ProbeTarget target) {
        CallProfile p = target.expect().checksBody() ? crlProfile : profile;
        return new RoutedCall(routes, connector, p, proxyAuth)
                .execute(Request.get(target.url()).expect(target.expect()).pins(target.pins()));
    }

    /**
     * One fresh connection per probe, the probe timeout for each step and in all, and no memory of
     * failed proxies: probes are independent, so one probe's failure never reorders another's routes.
     */
    private static CallProfile profile(AnalyzerOptions options, int maxAnswerBytes) {
        return CallProfile.of(options.trust(), options.timeout(), options.timeout(), maxAnswerBytes)
                .withResolveOverrides(options.resolveOverrides())
                .withRememberProxyFailures(false);
    }
}
