package dev.uplink.cli.collector;

import dev.uplink.collector.health.DeviceHealth;
import dev.uplink.collector.health.FailingProbe;
import dev.uplink.collector.health.HealthCell;
import dev.uplink.collector.health.HealthDocument;
import dev.uplink.collector.health.SiteSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The health document for a terminal (docs/behaviour.md#fleet-health). The matrix is sparse in
 * practice (a fleet has tens of sites and endpoints, most cells fine), so it prints per site only
 * the endpoints that fail there, then the failing and stale devices, at most {@link #MAX_DEVICES}.
 * Everything a device sent is cleaned of control characters: a device must not drive the
 * administrator's terminal.
 */
public final class HealthText {

    static final int MAX_DEVICES = 50;
    static final int MAX_PROBES = 5;

    private HealthText() {}

    public static String render(HealthDocument doc) {
        StringBuilder sb = new StringBuilder();
        int devices = doc.sites().stream().mapToInt(SiteSummary::devices).sum();
        int failing = doc.sites().stream().mapToInt(SiteSummary::failingDevices).sum();
        int stale = doc.sites().stream().mapToInt(SiteSummary::staleDevices).sum();
        sb.append("Fleet health at ")
                .append(doc.generatedAt())
                .append(": ")
                .append(doc.sites().size())
                .append(" site(s), ")
                .append(devices)
                .append(" device(s) with a check, ")
                .append(failing)
                .append(" failing, ")
                .append(stale)
                .append(" stale\n");
        if (doc.sites().isEmpty()) {
            sb.append(
                    "no connectivity checks yet: sensors send one every interval (uplink sensor check sends one now)\n");
            return sb.toString();
        }
        int width = Math.max(
                4,
                doc.sites().stream()
                        .mapToInt(s -> clean(s.name()).length())
                        .max()
                        .orElse(4));
        sb.append('\n');
        sb.append(String.format("%-" + width + "s  %7s  %7s  %5s%n", "SITE", "DEVICES", "FAILING", "STALE"));
        for (SiteSummary s : doc.sites()) {
            sb.append(String.format(
                    "%-" + width + "s  %7d  %7d  %5d%n",
                    clean(s.name()),
                    s.devices(),
                    s.failingDevices(),
                    s.staleDevices()));
        }
        Map<String, List<HealthCell>> failingCells = new LinkedHashMap<>();
        Map<String, Integer> endpointsPerSite = new LinkedHashMap<>();
        for (HealthCell c : doc.cells()) {
            endpointsPerSite.merge(c.site(), 1, Integer::sum);
            if (c.failing() > 0) {
                failingCells.computeIfAbsent(c.site(), k -> new ArrayList<>()).add(c);
            }
        }
        sb.append('\n');
        if (failingCells.isEmpty()) {
            sb.append("Every endpoint is reachable at every site.\n");
        }
        for (Map.Entry<String, List<HealthCell>> e : failingCells.entrySet()) {
            List<HealthCell> cells = e.getValue();
            int ew = Math.max(
                    8,
                    cells.stream()
                            .mapToInt(c -> clean(c.endpoint()).length())
                            .max()
                            .orElse(8));
            sb.append("Site ")
                    .append(clean(e.getKey()))
                    .append(": ")
                    .append(cells.size())
                    .append(" of ")
                    .append(endpointsPerSite.get(e.getKey()))
                    .append(" endpoint(s) failing\n");
            sb.append(String.format("  %-" + ew + "s  %9s  %s%n", "ENDPOINT", "FAILING", "DIAGNOSES"));
            for (HealthCell c : cells) {
                List<String> diagnoses = new ArrayList<>();
                c.diagnoses().forEach((code, n) -> diagnoses.add(clean(code) + " " + n));
                sb.append(String.format(
                        "  %-" + ew + "s  %9s  %s%n",
                        clean(c.endpoint()),
                        c.failing() + "/" + c.devices(),
                        String.join(", ", diagnoses)));
            }
        }
        if (!doc.devices().isEmpty()) {
            sb.append('\n').append("Failing and stale devices\n");
            int shown = 0;
            for (DeviceHealth d : doc.devices()) {
                if (shown++ == MAX_DEVICES) {
                    sb.append("  ... and ")
                            .append(doc.devices().size() - MAX_DEVICES)
                            .append(" more (--json lists them all, --site narrows)\n");
                    break;
                }
                sb.append("  ")
                        .append(clean(d.name()))
                        .append(" (")
                        .append(d.deviceId())
                        .append(") at ")
                        .append(clean(d.site()))
                        .append(", last check ")
                        .append(d.lastCheck())
                        .append(d.stale() ? ", STALE" : "")
                        .append('\n');
                int probes = 0;
                for (FailingProbe p : d.failing()) {
                    if (probes++ == MAX_PROBES) {
                        sb.append("      ... ")
                                .append(d.failing().size() - MAX_PROBES)
                                .append(" more\n");
                        break;
                    }
                    sb.append("      ")
                            .append(clean(p.url()))
                            .append(" method ")
                            .append(clean(p.method()))
                            .append(p.route() == null ? "" : " via " + clean(p.route()))
                            .append(": ")
                            .append(p.diagnosis() == null ? "failed" : clean(p.diagnosis()))
                            .append(p.detail() == null ? "" : ": " + shorten(clean(p.detail())))
                            .append('\n');
                }
            }
        }
        return sb.toString();
    }

    /** Control characters (C0, DEL, C1: terminal escapes among them) become '?'. */
    static String clean(String s) {
        if (s == null) {
            return "-";
        }
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029) {
                sb.append('?');
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }

    private static String shorten(String s) {
        return s.length() <= 160 ? s : s.substring(0, 157) + "...";
    }
}
