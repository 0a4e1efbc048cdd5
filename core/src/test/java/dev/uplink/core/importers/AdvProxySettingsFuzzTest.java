package dev.uplink.core.importers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.config.WinHttpSettings;
import dev.uplink.core.fuzz.Fuzz;
import dev.uplink.core.fuzz.FuzzText;
import dev.uplink.core.fuzz.Mutations;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes the {@code netsh winhttp set advproxy} settings JSON. Replay a failure with the seed
 * from jqwik's report: {@code @Property(seed = "...")}.
 */
class AdvProxySettingsFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Mutations.Grammar GRAMMAR;

    static {
        List<String> tokens = new ArrayList<>(Mutations.JSON.tokens());
        AdvProxySettings.KEYS.forEach(k -> tokens.add("\"" + k + "\":"));
        tokens.addAll(
                List.of("\"10.0.0.6:8080\"", "\"http=a:1;https=b:2\"", "\"<local>;*.corp\"", "\"http://pac/p.pac\""));
        GRAMMAR = new Mutations.Grammar(tokens, Mutations.JSON.nestings());
    }

    static List<String> seeds() {
        return Stream.concat(AdvProxySettingsTest.goodSettings(), AdvProxySettingsTest.badSettings())
                .map(a -> (String) a.get()[1])
                .toList();
    }

    @Provide
    Arbitrary<FuzzText> settings() {
        return Arbitraries.oneOf(
                Mutations.text(seeds(), GRAMMAR), Mutations.randomText("{}[]\":,ProxyAutofigUrl 01.tfnu", 80));
    }

    @Provide
    Arbitrary<FuzzText> hugeSettings() {
        // Around the 64 KiB limit and far beyond it.
        return Arbitraries.oneOf(
                Mutations.hugeText(seeds(), 60_000, 70_000), Mutations.hugeText(seeds(), 1 << 20, 3 << 20));
    }

    /** Accepted settings, written back as netsh would show them, parse to the same settings. */
    @Property(tries = 800)
    void settingsParseOrAreRefusedAndRoundTrip(@ForAll("settings") FuzzText json) {
        check(json);
    }

    @Property(tries = 10)
    void hugeSettingsAreParsedOrRefused(@ForAll("hugeSettings") FuzzText json) {
        check(json);
    }

    private static void check(FuzzText json) {
        Fuzz.Outcome<WinHttpSettings> outcome = Fuzz.parse(
                json.size(), InvalidInputException.class, () -> AdvProxySettings.parse(json.text(), "settings"));
        if (outcome.parsed()) {
            WinHttpSettings s = outcome.value();
            ObjectNode shown = JSON.createObjectNode();
            shown.put("Proxy", s.proxy() == null ? "" : s.proxy().toString());
            shown.put("ProxyBypass", s.bypassList() == null ? "" : s.bypassList());
            shown.put("AutoconfigUrl", s.autoconfigUrl() == null ? "" : s.autoconfigUrl());
            shown.put("AutoDetect", s.autoDetect());
            assertEquals(s, AdvProxySettings.parse(shown.toString(), "settings"));
        }
    }
}
