package dev.uplink.core.route;

import dev.uplink.core.net.HostPort;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the PAC/WPAD engines (other modules): answers every URL with a fixed PAC result
 * or failure, and counts calls so tests can prove when auto-configuration was not consulted.
 */
final class FakeAutoConfig implements AutoConfigDecider {

    final AtomicInteger calls = new AtomicInteger();
    private final Reason.Source source;
    private final String raw;
    private final String failure;
    private final String note;
    private final boolean explode;

    private FakeAutoConfig(Reason.Source source, String raw, String failure, String note, boolean explode) {
        this.source = source;
        this.raw = raw;
        this.failure = failure;
        this.note = note;
        this.explode = explode;
    }

    static FakeAutoConfig returning(Reason.Source source, String raw, String note) {
        return new FakeAutoConfig(source, raw, null, note, false);
    }

    static FakeAutoConfig failing(String failure) {
        return new FakeAutoConfig(Reason.Source.PAC, null, failure, null, false);
    }

    static FakeAutoConfig throwing() {
        return new FakeAutoConfig(Reason.Source.PAC, null, null, null, true);
    }

    @Override
    public AutoConfigDecision decide(URI url) {
        calls.incrementAndGet();
        if (explode) {
            throw new IllegalStateException("script blew up");
        }
        String pacUrl = source == Reason.Source.PAC ? "http://127.0.0.1:9/proxy.pac" : "http://wpad.test/wpad.dat";
        if (failure != null) {
            return AutoConfigDecision.failed(source, pacUrl, failure);
        }
        return AutoConfigDecision.found(source, pacUrl, raw, parse(raw), note);
    }

    /** Just enough of the PAC result grammar for tests; the real parser lives with the PAC engine. */
    static List<Route> parse(String raw) {
        List<Route> routes = new ArrayList<>();
        for (String element : raw.split(";")) {
            String[] parts = element.trim().split("\\s+");
            if (parts[0].isEmpty()) {
                continue;
            }
            Route.Type type = Route.Type.valueOf(parts[0].toUpperCase(Locale.ROOT));
            routes.add(
                    type == Route.Type.DIRECT ? Route.DIRECT : new Route(type, HostPort.parse(parts[1], "PAC result")));
        }
        return routes;
    }
}
