package dev.uplink.cli.system;

import dev.uplink.cli.JsonOutput;
import dev.uplink.core.system.Conflict;
import dev.uplink.core.system.EffectiveSource;
import dev.uplink.core.system.Finding;
import dev.uplink.core.system.ProxySource;
import dev.uplink.core.system.SourcesReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The text and JSON forms of a {@link SourcesReport}, shared by {@code system show} and {@code system import}. */
final class SourcesView {

    private SourcesView() {}

    static void print(PrintWriter out, SourcesReport r, String what, boolean json) {
        print(out, r, what, json, null);
    }

    /** With {@code own}: uplink's own settings, which come before the machine's (docs/behaviour.md#route-precedence). */
    static void print(PrintWriter out, SourcesReport r, String what, boolean json, OwnSettings own) {
        if (json) {
            Map<String, Object> doc = toJson(r, what);
            if (own != null) {
                doc.put("uplink", own.toJson());
            }
            JsonOutput.print(out, doc);
            return;
        }
        out.println("Proxy sources (" + what + "):");
        if (r.sources().isEmpty()) {
            out.println("    (none found)");
        }
        for (ProxySource s : r.sources()) {
            out.println();
            out.println("  " + s.kind().label() + " [" + s.scope().word() + ": "
                    + s.kind().appliesTo() + "]");
            out.println("    location : " + s.location());
            out.println("    setting  : " + s.setting());
            out.println("    means    : " + s.decision());
            s.notes().forEach(n -> out.println("    note     : " + n));
        }
        out.println();
        if (own != null && own.decides() != null) {
            out.println("Sensor's service: " + own.decides());
            out.println("    because uplink's own settings come before the machine's; the machine's would be:");
        }
        EffectiveSource e = r.effective();
        out.println("Sensor's service: "
                + (e.source() == null
                        ? "no machine setting"
                        : e.source().decision() + " from " + e.source().describe()));
        out.println("    because " + e.reason());
        if (!r.conflicts().isEmpty()) {
            out.println();
            out.println("Conflicts:");
            r.conflicts().forEach(c -> out.println("  - " + c.message()));
        }
        if (!r.findings().isEmpty()) {
            out.println();
            out.println("Not read:");
            r.findings().forEach(f -> out.println("  - " + f.location() + ": " + f.message()));
        }
    }

    static Map<String, Object> toJson(SourcesReport r, String what) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("read", what);
        List<Object> sources = new ArrayList<>();
        r.sources().forEach(s -> sources.add(source(s)));
        doc.put("sources", sources);
        Map<String, Object> effective = new LinkedHashMap<>();
        ProxySource chosen = r.effective().source();
        effective.put("kind", chosen == null ? null : chosen.kind().word());
        effective.put("location", chosen == null ? null : chosen.location());
        effective.put("reason", r.effective().reason());
        doc.put("effective", effective);
        List<Object> conflicts = new ArrayList<>();
        for (Conflict c : r.conflicts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("message", c.message());
            m.put("sources", c.sources().stream().map(SourcesView::reference).toList());
            conflicts.add(m);
        }
        doc.put("conflicts", conflicts);
        List<Object> findings = new ArrayList<>();
        for (Finding f : r.findings()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("location", f.location());
            m.put("message", f.message());
            findings.add(m);
        }
        doc.put("findings", findings);
        return doc;
    }

    private static Map<String, Object> source(ProxySource s) {
        Map<String, Object> m = reference(s);
        m.put("scope", s.scope().word());
        m.put("appliesTo", s.kind().appliesTo());
        m.put("setting", s.setting());
        m.put("proxy", s.proxy());
        m.put("bypass", s.bypass());
        m.put("pacUrl", s.pacUrl());
        m.put("autoDetect", s.autoDetect());
        m.put("notes", s.notes());
        return m;
    }

    private static Map<String, Object> reference(ProxySource s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", s.kind().word());
        m.put("location", s.location());
        return m;
    }
}
