package dev.uplink.sensor.source;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.function.Supplier;

/**
 * The host inventory sent once at start: host name, OS, interface addresses and the route the
 * sensor uses to reach the collector. Reads local state only — no DNS lookup (the host name
 * comes from the kernel, not from resolving the local address).
 */
public final class InventorySource {
    public static final String SOURCE = "inventory";

    private InventorySource() {}

    public static ObjectNode collect(Supplier<String> route) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("type", "inventory");
        p.put("hostName", hostName());
        ObjectNode os = p.putObject("os");
        os.put("name", System.getProperty("os.name"));
        os.put("version", System.getProperty("os.version"));
        os.put("arch", System.getProperty("os.arch"));
        p.put("javaVersion", System.getProperty("java.version"));
        p.set("interfaces", interfaces());
        p.put("route", safeRoute(route));
        return p;
    }

    static String safeRoute(Supplier<String> route) {
        try {
            String r = route.get();
            return r == null ? "unknown" : r;
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    public static String hostName() {
        try {
            String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!h.isEmpty()) {
                return h;
            }
        } catch (IOException | SecurityException e) {
            // not Linux: fall back below
        }
        String env = System.getenv("HOSTNAME");
        return env != null && !env.isBlank() ? env : System.getenv().getOrDefault("COMPUTERNAME", "unknown");
    }

    private static ArrayNode interfaces() {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp()) {
                    continue;
                }
                ObjectNode n = out.addObject();
                n.put("name", ni.getName());
                n.put("loopback", ni.isLoopback());
                ArrayNode addrs = n.putArray("addresses");
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    String s = a.getHostAddress();
                    int zone = s.indexOf('%');
                    addrs.add(zone >= 0 ? s.substring(0, zone) : s);
                }
            }
        } catch (SocketException e) {
            out.addObject().put("error", e.getMessage());
        }
        return out;
    }
}
