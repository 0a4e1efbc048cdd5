package dev.uplink.core.system;

import dev.uplink.core.config.WinHttpSettings;
import dev.uplink.core.config.WinHttpValues;
import java.util.List;
import java.util.Objects;

/**
 * One proxy setting found on a machine or in an exported file (docs/behaviour.md#machine-proxy-sources).
 *
 * @param kind       which source
 * @param location   the file (or unit and file) it was read from, as the user would look for it
 * @param setting    how it was written there, for messages ({@code HTTPS_PROXY=http://a:3128}), user info removed
 * @param proxy      the static proxy in netsh form ({@code host:port} or {@code http=h:p;https=h:p}), null for none
 * @param bypass     the bypass list in netsh form, null for none
 * @param pacUrl     the auto-configuration URL, null for none
 * @param autoDetect true when the source asks for WPAD discovery, null when it does not say
 * @param notes      what the reader could not use or wants the user to know
 */
public record ProxySource(
        SourceKind kind,
        String location,
        String setting,
        String proxy,
        String bypass,
        String pacUrl,
        Boolean autoDetect,
        List<String> notes) {

    public ProxySource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(location, "location");
        notes = List.copyOf(notes);
    }

    public SourceKind.Scope scope() {
        return kind.scope();
    }

    /** Whether the source says anything about routes: a proxy, a PAC URL or WPAD. */
    public boolean setsSomething() {
        return proxy != null || pacUrl != null || Boolean.TRUE.equals(autoDetect);
    }

    /** "the sensor's systemd unit (/etc/systemd/system/uplink-sensor.service)". */
    public String describe() {
        return kind.label() + " (" + location + ")";
    }

    /** What it decides, in one phrase: "proxy a:3128", "PAC http://wpad/wpad.dat", "WPAD", "no proxy". */
    public String decision() {
        if (proxy != null) {
            return "proxy " + proxy + (bypass == null ? "" : " (bypass " + bypass + ")");
        }
        if (pacUrl != null) {
            return "PAC " + pacUrl;
        }
        if (Boolean.TRUE.equals(autoDetect)) {
            return "WPAD auto-detection";
        }
        return "no proxy";
    }

    /**
     * The source as uplink's WinHTTP-style settings. Values were validated when the source was read
     * (a source whose values uplink cannot use carries a note and no value), so this does not fail.
     */
    public WinHttpSettings toWinHttpSettings() {
        return WinHttpValues.settings(proxy, bypass, pacUrl, Boolean.TRUE.equals(autoDetect));
    }

    ProxySource withNote(String note) {
        List<String> more = new java.util.ArrayList<>(notes);
        more.add(note);
        return new ProxySource(kind, location, setting, proxy, bypass, pacUrl, autoDetect, more);
    }
}
