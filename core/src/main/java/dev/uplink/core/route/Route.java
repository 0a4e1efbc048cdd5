package dev.uplink.core.route;

import dev.uplink.core.net.HostPort;
import java.util.Objects;

/**
 * One way to reach a destination: directly or through one proxy. Mirrors a PAC result
 * element ({@code DIRECT}, {@code PROXY h:p}, {@code HTTPS h:p}, {@code SOCKS4 h:p},
 * {@code SOCKS5 h:p}).
 */
public record Route(Type type, HostPort proxy) {

    public enum Type {
        DIRECT,
        PROXY,
        HTTPS,
        SOCKS4,
        SOCKS5;

        public int defaultPort() {
            return switch (this) {
                case DIRECT -> 0;
                case PROXY -> 80;
                case HTTPS -> 443;
                case SOCKS4, SOCKS5 -> 1080;
            };
        }
    }

    public static final Route DIRECT = new Route(Type.DIRECT, null);

    public Route {
        Objects.requireNonNull(type, "type");
        if ((type == Type.DIRECT) != (proxy == null)) {
            throw new IllegalArgumentException("DIRECT has no proxy; every other route needs one");
        }
    }

    public static Route proxy(HostPort proxy) {
        return new Route(Type.PROXY, proxy);
    }

    public boolean isDirect() {
        return type == Type.DIRECT;
    }

    /** PAC form: {@code DIRECT} or {@code PROXY host:port}. */
    @Override
    public String toString() {
        return isDirect() ? "DIRECT" : type + " " + proxy;
    }
}
