package dev.uplink.sensor.check;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads the {@link NetworkFacts}: cheap enough to do every 30 s (two small files and the interface
 * list, no packets). The sources are injected so tests can move the machine.
 */
public final class NetworkFactsReader {
    /** More than this many addresses (containers, VPN pools) add nothing to placing the device. */
    static final int MAX_ADDRESSES = 16;

    /** One interface that is up and not loopback, with its addresses. */
    public record Iface(String name, List<InetAddress> addresses) {
        public Iface {
            addresses = List.copyOf(addresses);
        }
    }

    private final Supplier<String> procNetRoute;
    private final Supplier<String> resolvConf;
    private final Supplier<List<Iface>> interfaces;

    public NetworkFactsReader(
            Supplier<String> procNetRoute, Supplier<String> resolvConf, Supplier<List<Iface>> interfaces) {
        this.procNetRoute = procNetRoute;
        this.resolvConf = resolvConf;
        this.interfaces = interfaces;
    }

    /** This machine's: {@code /proc/net/route}, {@code /etc/resolv.conf} and {@link NetworkInterface}. */
    public static NetworkFactsReader system() {
        return new NetworkFactsReader(
                () -> readOrNull(Path.of("/proc/net/route")),
                () -> readOrNull(Path.of("/etc/resolv.conf")),
                NetworkFactsReader::systemInterfaces);
    }

    public NetworkFacts read() {
        DefaultRoute route = DefaultRoute.parse(procNetRoute.get());
        List<Iface> ifaces = interfaces.get();
        String primary = null;
        if (route != null) {
            primary = ifaces.stream()
                    .filter(i -> i.name().equals(route.iface()))
                    .flatMap(i -> sorted(i.addresses()).stream())
                    .findFirst()
                    .orElse(null);
        }
        List<String> all = new ArrayList<>();
        ifaces.forEach(i -> all.addAll(sorted(i.addresses())));
        all.sort((a, b) -> Boolean.compare(a.contains(":"), b.contains(":"))); // IPv4 first, stable
        if (primary == null && !all.isEmpty() && !all.get(0).contains(":")) {
            primary = all.get(0);
        }
        Set<String> ordered = new LinkedHashSet<>();
        if (primary != null) {
            ordered.add(primary);
        }
        ordered.addAll(all);
        List<String> addresses = new ArrayList<>(ordered);
        return new NetworkFacts(
                ResolvConf.domain(resolvConf.get()),
                route == null ? null : route.gateway(),
                addresses.subList(0, Math.min(addresses.size(), MAX_ADDRESSES)),
                primary,
                null);
    }

    /** Usable addresses of one interface as text, IPv4 first; loopback, link-local and wildcard left out. */
    private static List<String> sorted(List<InetAddress> addresses) {
        List<String> v4 = new ArrayList<>();
        List<String> v6 = new ArrayList<>();
        for (InetAddress a : addresses) {
            if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()) {
                continue;
            }
            String text = a.getHostAddress();
            int zone = text.indexOf('%');
            text = zone < 0 ? text : text.substring(0, zone);
            (a instanceof Inet4Address ? v4 : v6).add(text);
        }
        v4.addAll(v6);
        return v4;
    }

    private static String readOrNull(Path p) {
        try {
            // both files are small; a bound keeps a strange /etc from costing memory
            byte[] b = Files.readAllBytes(p);
            return new String(b, 0, Math.min(b.length, 1 << 20), StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    private static List<Iface> systemInterfaces() {
        List<Iface> out = new ArrayList<>();
        try {
            for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (n.isUp() && !n.isLoopback()) {
                    out.add(new Iface(n.getName(), Collections.list(n.getInetAddresses())));
                }
            }
        } catch (SocketException e) {
            // no interface list: the facts say so by being empty
        }
        return out;
    }
}
