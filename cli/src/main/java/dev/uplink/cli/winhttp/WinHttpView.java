package dev.uplink.cli.winhttp;

import dev.uplink.cli.JsonOutput;
import dev.uplink.core.config.WinHttpSettings;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** netsh's own layout for show/set/reset proxy and show advproxy (docs/behaviour.md#netsh-commands). */
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
        out.println("Current WinHTTP advanced proxy settings:");
        out.println();
        JsonOutput.print(out, advProxy(s));
    }
}
