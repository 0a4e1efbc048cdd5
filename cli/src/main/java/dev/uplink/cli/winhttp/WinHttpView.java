package dev.uplink.cli.winhttp;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.uplink.cli.JsonOutput;
import dev.uplink.core.config.WinHttpSettings;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * netsh's own layout for show/set/reset proxy and show/set/reset advproxy, line for line
 * (docs/behaviour.md#netsh-commands): a blank line, the title, a blank line, then the settings.
 */
final class WinHttpView {
    private WinHttpView() {}

    /** What netsh prints after a verb on {@code object}: the proxy view or the advproxy view. */
    static void print(PrintWriter out, WinHttpObject object, WinHttpSettings s, boolean json) {
        if (object == WinHttpObject.proxy) {
            printProxy(out, s, json);
        } else {
            printAdvProxy(out, s, json);
        }
    }

    static void printProxy(PrintWriter out, WinHttpSettings s, boolean json) {
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("directAccess", !s.hasStaticProxy());
            doc.put("proxyServer", s.proxy() == null ? null : s.proxy().toString());
            doc.put("bypassList", s.bypassList());
            JsonOutput.print(out, doc);
            return;
        }
        out.println();
        out.println("Current WinHTTP proxy settings:");
        out.println();
        if (!s.hasStaticProxy()) {
            out.println("    Direct access (no proxy server).");
        } else {
            out.println("    Proxy Server(s) :  " + s.proxy());
            out.println("    Bypass List     :  " + (s.bypassList() == null ? "(none)" : s.bypassList()));
        }
        out.flush();
    }

    static Map<String, Object> advProxy(WinHttpSettings s) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("ProxyIsEnabled", s.hasStaticProxy());
        doc.put("Proxy", s.proxy() == null ? "" : s.proxy().toString());
        doc.put("ProxyBypass", s.bypassList() == null ? "" : s.bypassList());
        doc.put("AutoConfigIsEnabled", s.autoconfigUrl() != null);
        doc.put("AutoconfigUrl", s.autoconfigUrl() == null ? "" : s.autoconfigUrl());
        doc.put("AutoDetect", s.autoDetect());
        return doc;
    }

    static void printAdvProxy(PrintWriter out, WinHttpSettings s, boolean json) {
        if (json) {
            JsonOutput.print(out, advProxy(s));
            return;
        }
        out.println();
        out.println("Current WinHTTP advanced proxy settings:");
        out.println();
        out.println(netshJson(s));
        out.flush();
    }

    /**
     * The JSON as netsh prints it: two-space indent, {@code "Key": value}, strings that are not
     * set left out, and {@code {}} on two lines when nothing is set at all. What it prints is
     * accepted back by {@code set advproxy settings-file=}.
     */
    static String netshJson(WinHttpSettings s) {
        boolean nothingSet =
                !s.hasStaticProxy() && s.bypassList() == null && s.autoconfigUrl() == null && !s.autoDetect();
        if (nothingSet) {
            return "{\n}";
        }
        StringBuilder json = new StringBuilder("{");
        String separator = "\n";
        for (Map.Entry<String, Object> e : advProxy(s).entrySet()) {
            if ("".equals(e.getValue())) {
                continue;
            }
            json.append(separator).append("  ").append(quoted(e.getKey())).append(": ");
            json.append(e.getValue() instanceof String text ? quoted(text) : e.getValue());
            separator = ",\n";
        }
        return json.append("\n}").toString();
    }

    private static String quoted(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }
}
