package dev.uplink.core.system;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment of the running sensor, from {@code /proc/PID/environ} (readable by root and the
 * process's own user only): what the service really has, which differs from its unit when the unit
 * was changed without a restart (docs/behaviour.md#machine-proxy-sources). The process is the one
 * whose command line has the words {@code sensor run} after an argument naming uplink.
 */
final class RunningSensor {

    /** /proc has one directory per process; more than this many is not a machine to scan whole. */
    static final int MAX_PROCESSES = 65_536;

    private RunningSensor() {}

    static void read(SystemRoot root, List<ProxySource> sources) {
        List<String> pids = root.listAll("/proc", MAX_PROCESSES).stream()
                .filter(n -> !n.isEmpty() && n.chars().allMatch(Character::isDigit))
                .toList();
        for (String pid : pids) {
            byte[] cmdline = root.readQuietly("/proc/" + pid + "/cmdline");
            if (cmdline == null || !isSensor(words(cmdline))) {
                continue;
            }
            String path = "/proc/" + pid + "/environ";
            root.readBytes(path).ifPresent(environ -> {
                Map<String, String> env = new LinkedHashMap<>();
                for (String w : words(environ)) {
                    int eq = w.indexOf('=');
                    if (eq > 0) {
                        env.put(w.substring(0, eq), w.substring(eq + 1));
                    }
                }
                String location = "process " + pid + " (" + root.display(path) + ")";
                ProxySource s = EnvProxySource.from(SourceKind.SENSOR_PROCESS, location, env, List.of());
                sources.add(
                        s != null
                                ? s
                                : new ProxySource(
                                        SourceKind.SENSOR_PROCESS,
                                        location,
                                        "no proxy variables",
                                        null,
                                        null,
                                        null,
                                        null,
                                        List.of()));
            });
        }
    }

    static boolean isSensor(List<String> args) {
        boolean uplink = args.stream().anyMatch(a -> a.contains("uplink"));
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals("sensor") && args.get(i + 1).equals("run")) {
                return uplink;
            }
        }
        return false;
    }

    static List<String> words(byte[] nulSeparated) {
        return Arrays.stream(new String(nulSeparated, StandardCharsets.UTF_8).split("\0"))
                .filter(w -> !w.isEmpty())
                .toList();
    }
}
