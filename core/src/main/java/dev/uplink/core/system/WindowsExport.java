package dev.uplink.core.system;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.config.MachinePolicy;
import dev.uplink.core.importers.PolicyImport;
import dev.uplink.core.importers.PolicyImportResult;
import dev.uplink.core.importers.RegistryChange;
import dev.uplink.core.importers.RegistryValue;
import dev.uplink.core.importers.RegistryValueType;
import dev.uplink.core.proxy.ProxyServerSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The proxy settings in a Windows registry export ({@code reg export}, Registry.pol): the machine
 * policy (as {@code policy import} reads it), the WinHTTP default proxy ({@code WinHttpSettings}),
 * Internet Options ({@code DefaultConnectionSettings}, with {@code ProxySettingsPerUser}), the
 * Defender Antivirus proxy policy and {@code PreferStaticProxyForHttpRequest}
 * (docs/behaviour.md#exported-settings).
 */
final class WindowsExport {

    static final String CONNECTIONS = "currentversion\\internet settings\\connections";
    static final String PER_USER_POLICY = "policies\\microsoft\\windows\\currentversion\\internet settings";
    static final String DEFENDER = "policies\\microsoft\\windows defender";
    static final String ATP = "policies\\microsoft\\windows advanced threat protection";

    /** What the export says: every source, and uplink's own settings equivalent to it. */
    record Result(List<ProxySource> sources, MachinePolicy policy, dev.uplink.core.config.WinHttpSettings winHttp) {}

    private WindowsExport() {}

    static Result read(List<RegistryChange> changes, String file) {
        List<ProxySource> sources = new ArrayList<>();
        RegistryView reg = RegistryView.of(changes);
        PolicyImportResult policy = PolicyImport.apply(MachinePolicy.EMPTY, changes);
        MachinePolicy p = policy.newPolicy();
        if (p.telemetryProxyServer() != null) {
            List<String> notes = new ArrayList<>();
            for (RegistryView.Entry e : reg.find(ATP, "PreferStaticProxyForHttpRequest")) {
                notes.add("PreferStaticProxyForHttpRequest = " + display(e.value())
                        + (isOne(e.value())
                                ? ": the sensor also uses this proxy for its other HTTP requests"
                                : ": the sensor's other HTTP requests use WinHTTP's proxy"));
            }
            sources.add(new ProxySource(
                    SourceKind.MACHINE_POLICY,
                    file + ", HKLM\\" + PolicyImport.KEY,
                    "TelemetryProxyServer=" + p.telemetryProxyServer(),
                    p.telemetryProxyServer().toString(),
                    null,
                    null,
                    null,
                    notes));
        }
        dev.uplink.core.config.WinHttpSettings winHttp = null;
        for (RegistryView.Entry e : reg.find(CONNECTIONS, "WinHttpSettings")) {
            if (!RegistryView.isMachineKey(e.key())) {
                continue;
            }
            ConnectionSettingsBlob blob = ConnectionSettingsBlob.decode(binary(e), e.origin() + ": WinHttpSettings");
            ProxySource s = fromBlob(SourceKind.WINHTTP, file + ", " + e.key() + " : WinHttpSettings", blob);
            sources.add(s);
            winHttp = s.toWinHttpSettings();
        }
        List<RegistryView.Entry> perUser = reg.find(PER_USER_POLICY, "ProxySettingsPerUser");
        boolean machineWide =
                perUser.stream().anyMatch(e -> e.value() instanceof RegistryValue.Number n && n.value() == 0);
        for (RegistryView.Entry e : reg.find(CONNECTIONS, "DefaultConnectionSettings")) {
            boolean machine = RegistryView.isMachineKey(e.key());
            ConnectionSettingsBlob blob =
                    ConnectionSettingsBlob.decode(binary(e), e.origin() + ": DefaultConnectionSettings");
            ProxySource s = fromBlob(
                    machine ? SourceKind.WININET_MACHINE : SourceKind.WININET_USER,
                    file + ", " + e.key() + " : DefaultConnectionSettings",
                    blob);
            if (machine && !machineWide) {
                s = s.withNote("ProxySettingsPerUser is not 0: Windows uses each user's own setting, not this one");
            } else if (!machine && machineWide) {
                s = s.withNote("ProxySettingsPerUser=0: Windows uses the machine-wide setting instead of this one");
            }
            sources.add(s);
        }
        defender(reg, file).ifPresent(sources::add);
        return new Result(sources, p, winHttp);
    }

    private static java.util.Optional<ProxySource> defender(RegistryView reg, String file) {
        List<RegistryView.Entry> server = reg.find(DEFENDER, "ProxyServer");
        List<RegistryView.Entry> pac = reg.find(DEFENDER, "ProxyPacUrl");
        List<RegistryView.Entry> bypass = reg.find(DEFENDER, "ProxyBypass");
        if (server.isEmpty() && pac.isEmpty() && bypass.isEmpty()) {
            return java.util.Optional.empty();
        }
        List<String> notes = new ArrayList<>();
        StringBuilder setting = new StringBuilder();
        String proxy = null;
        String pacUrl = null;
        String bypassList = null;
        for (RegistryView.Entry e : server) {
            String v = text(e);
            setting.append("ProxyServer=").append(ProxyValues.safe(v)).append(' ');
            try {
                proxy = ProxyValues.fromUrl(v, "ProxyServer").toString();
            } catch (InvalidInputException bad) {
                notes.add("not usable: " + bad.getMessage());
            }
        }
        for (RegistryView.Entry e : pac) {
            String v = text(e);
            setting.append("ProxyPacUrl=").append(ProxyValues.safe(v)).append(' ');
            pacUrl = ProxyValues.pacUrl(v, notes);
        }
        for (RegistryView.Entry e : bypass) {
            String v = text(e);
            setting.append("ProxyBypass=").append(v).append(' ');
            bypassList = ProxyValues.bypass(Arrays.asList(v.split("[;,\\s]+")), notes);
        }
        return java.util.Optional.of(new ProxySource(
                SourceKind.DEFENDER_AV,
                file + ", HKLM\\Software\\Policies\\Microsoft\\Windows Defender",
                setting.toString().strip(),
                proxy,
                bypassList,
                pacUrl,
                null,
                notes));
    }

    static ProxySource fromBlob(SourceKind kind, String location, ConnectionSettingsBlob blob) {
        List<String> notes = new ArrayList<>();
        StringBuilder setting = new StringBuilder("flags=" + blob.flags());
        String proxy = null;
        String bypass = null;
        if (!blob.proxy().isEmpty()) {
            setting.append(" proxy=").append(ProxyValues.safe(blob.proxy()));
        }
        if (!blob.bypass().isEmpty()) {
            setting.append(" bypass=").append(blob.bypass());
        }
        if (!blob.autoconfigUrl().isEmpty()) {
            setting.append(" autoconfig=").append(ProxyValues.safe(blob.autoconfigUrl()));
        }
        if (blob.usesProxy()) {
            try {
                proxy = ProxyServerSpec.parse(blob.proxy()).toString();
                bypass = ProxyValues.bypass(Arrays.asList(blob.bypass().split("[;,\\s]+")), notes);
            } catch (InvalidInputException e) {
                notes.add("not usable: " + e.getMessage());
            }
        } else if (!blob.proxy().isEmpty()) {
            notes.add("a proxy is stored but the proxy flag (2) is off: not used");
        }
        String pac = blob.usesAutoconfigUrl() ? ProxyValues.pacUrl(blob.autoconfigUrl(), notes) : null;
        return new ProxySource(
                kind,
                location,
                setting.toString(),
                proxy,
                bypass,
                pac,
                blob.autoDetects() ? Boolean.TRUE : null,
                notes);
    }

    private static byte[] binary(RegistryView.Entry e) {
        if (e.value() instanceof RegistryValue.Binary b) {
            return b.bytes();
        }
        throw new InvalidInputException(e.origin() + ": " + e.name() + " is "
                + e.value().display() + ": expected REG_BINARY (hex:...) holding " + ConnectionSettingsBlob.LAYOUT);
    }

    private static String text(RegistryView.Entry e) {
        if (e.value() instanceof RegistryValue.Text t
                && (t.type() == RegistryValueType.REG_SZ || t.type() == RegistryValueType.REG_EXPAND_SZ)) {
            return t.text();
        }
        throw new InvalidInputException(e.origin() + ": " + e.name() + " is "
                + e.value().display() + ": expected REG_SZ, e.g. \"http://proxy.example.com:8080\"");
    }

    private static boolean isOne(RegistryValue v) {
        return v instanceof RegistryValue.Number n && n.value() == 1;
    }

    private static String display(RegistryValue v) {
        return v.display();
    }
}
