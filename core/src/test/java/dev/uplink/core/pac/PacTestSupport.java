package dev.uplink.core.pac;

import dev.uplink.core.net.HostResolver;
import dev.uplink.core.net.IpLiteral;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Fixed clock, fake DNS and local addresses, so no test depends on the machine or the network. */
final class PacTestSupport {

    /** Tuesday 2026-03-10 14:30:15 in Europe/Paris (13:30:15 UTC). */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-10T13:30:15Z"), ZoneId.of("Europe/Paris"));

    static final Map<String, List<String>> HOSTS = Map.of(
            "intranet.corp.example", List.of("10.1.2.3"),
            "dual.corp.example", List.of("2001:db8::5", "10.1.2.4"),
            "v6only.corp.example", List.of("2001:db8::6"),
            "localhost.corp.example", List.of("127.0.0.1"));

    /** Records every lookup it is asked for. */
    static final class FakeResolver implements HostResolver {
        final List<String> asked = new ArrayList<>();

        /** Answers from memory at once: no time bound needed, and no thread hop per builtin call. */
        @Override
        public List<InetAddress> resolve(String host, Duration timeout) throws UnknownHostException {
            return resolve(host);
        }

        @Override
        public synchronized List<InetAddress> resolve(String host) throws UnknownHostException {
            asked.add(host);
            List<String> ips = HOSTS.get(host);
            if (ips == null) {
                if (host.startsWith("n") && host.endsWith(".numbered.example")) {
                    return List.of(InetAddress.getByAddress(host, new byte[] {10, 9, 0, 1}));
                }
                throw new UnknownHostException(host);
            }
            List<InetAddress> out = new ArrayList<>();
            for (String ip : ips) {
                out.add(InetAddress.getByAddress(host, IpLiteral.parseBytes(ip)));
            }
            return out;
        }
    }

    static PacOptions options(FakeResolver resolver) {
        return PacOptions.defaults()
                .withClock(CLOCK)
                .withResolver(resolver)
                .withLocalAddresses(() -> addresses("192.168.7.9", "fd00::9"));
    }

    static PacOptions options() {
        return options(new FakeResolver());
    }

    static List<InetAddress> addresses(String... ips) {
        return Arrays.stream(ips)
                .map(ip -> {
                    try {
                        return InetAddress.getByAddress(IpLiteral.parseBytes(ip));
                    } catch (UnknownHostException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    private PacTestSupport() {}
}
