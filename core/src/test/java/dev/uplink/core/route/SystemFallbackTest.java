package dev.uplink.core.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.config.ConfigStore;
import dev.uplink.core.config.MachinePolicy;
import dev.uplink.core.config.WinHttpSettings;
import dev.uplink.core.config.WinHttpValues;
import dev.uplink.core.net.HostPort;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The machine's own service setting stands in for uplink's system-wide proxy only when that is unset. */
class SystemFallbackTest {

    static final SystemFallback UNIT = new SystemFallback(
            WinHttpValues.settings("https=10.9.9.9:3128", "*.corp.example", null, false),
            "the sensor's systemd unit (unit x)");

    static Resolution resolve(MachinePolicy policy, WinHttpSettings own, String url) {
        WinHttpSettings w = UNIT.choose(own);
        return new RouteResolver(new ProxyConfig(policy, w, null, null, UNIT.originFor(own))).resolve(url);
    }

    @Test
    void usedWhenUplinkHasNoSystemWideSetting() {
        Resolution r = resolve(MachinePolicy.EMPTY, WinHttpSettings.DIRECT, "https://x.example/");
        assertEquals("PROXY 10.9.9.9:3128", r.toPacString());
        assertEquals(
                new Reason(
                        Reason.Source.MACHINE_SETTINGS,
                        "uplink has no system-wide proxy of its own (winhttp.json): using the machine's service "
                                + "setting from the sensor's systemd unit (unit x)"),
                r.reasons().get(0));
        // Its bypass list and scheme entries apply as for uplink's own setting.
        assertEquals(
                "DIRECT",
                resolve(MachinePolicy.EMPTY, WinHttpSettings.DIRECT, "https://a.corp.example/")
                        .toPacString());
        assertEquals(
                "DIRECT",
                resolve(MachinePolicy.EMPTY, WinHttpSettings.DIRECT, "http://x.example/")
                        .toPacString());
    }

    @Test
    void uplinksOwnSettingsComeFirst() {
        WinHttpSettings own = WinHttpValues.settings("10.0.0.7:3128", null, null, false);
        Resolution r = resolve(MachinePolicy.EMPTY, own, "https://x.example/");
        assertEquals("PROXY 10.0.0.7:3128", r.toPacString());
        assertTrue(
                r.reasons().stream().noneMatch(x -> x.source() == Reason.Source.MACHINE_SETTINGS),
                r.reasons().toString());
        WinHttpSettings wpad = WinHttpValues.settings(null, null, null, true);
        assertEquals(wpad, UNIT.choose(wpad));
        Resolution p = resolve(
                new MachinePolicy(HostPort.parse("10.0.0.6:8080", "t"), null),
                WinHttpSettings.DIRECT,
                "https://x.example/");
        assertEquals("PROXY 10.0.0.6:8080; DIRECT", p.toPacString());
    }

    @Test
    void configuredRoutesUseTheFallbackUntilWinHttpJsonIsSet(@TempDir Path dir) {
        ConfigStore store = new ConfigStore(dir);
        ConfiguredRoutes routes = new ConfiguredRoutes(store, w -> null, new BadProxyMemory(), UNIT);
        assertEquals(
                "PROXY 10.9.9.9:3128",
                routes.resolve(URI.create("https://x.example/")).toPacString());
        store.saveWinHttp(WinHttpValues.settings("10.0.0.7:3128", null, null, false));
        assertEquals(
                "PROXY 10.0.0.7:3128",
                routes.resolve(URI.create("https://x.example/")).toPacString());
        assertEquals(
                List.of(),
                new ConfiguredRoutes(new ConfigStore(dir.resolve("none")), w -> null, new BadProxyMemory())
                        .resolve(URI.create("https://x.example/")).reasons().stream()
                                .filter(x -> x.source() == Reason.Source.MACHINE_SETTINGS)
                                .toList());
    }
}
