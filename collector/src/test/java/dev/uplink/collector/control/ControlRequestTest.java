package dev.uplink.collector.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ControlRequestTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "null",
            value = {
                // text (\n as '~') | store | json | site (or 'bad' for no request)
                "uplink-control 1~store sqlite:/d/collector.db~health json | sqlite:/d/collector.db | true | null",
                "uplink-control 1~store s~health text~site hq | s | false | hq",
                "uplink-control 1~health json~store s | s | true | null",
                "uplink-control 1~site a b~store s~health text | s | false | a b",
                "uplink-control 2~store s~health json | bad | false | null",
                "uplink-control 1~store s | bad | false | null",
                "uplink-control 1~health json | bad | false | null",
                "uplink-control 1~store s~health xml | bad | false | null",
                "uplink-control 1~store s~health json~health text | bad | false | null",
                "uplink-control 1~store s~store t~health json | bad | false | null",
                "uplink-control 1~store s~health json~delete everything | bad | false | null",
                "uplink-control 1~store s~health json~ | bad | false | null",
                "uplink-control 1~store ~health json | bad | false | null",
                "'' | bad | false | null",
            })
    void parses(String text, String store, boolean json, String site) {
        Optional<ControlRequest> parsed = ControlRequest.parse(text.replace('~', '\n'));
        assertEquals(
                store.equals("bad") ? Optional.empty() : Optional.of(new ControlRequest(store, json, site)), parsed);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(
            nullValues = "null",
            value = {"sqlite:/d/collector.db,true,null", "postgresql://u@h:5432/db,false,hq", "s,true,a b"})
    void encodesWhatItParses(String store, boolean json, String site) {
        ControlRequest request = new ControlRequest(store, json, site);
        String text = new String(request.encode().orElseThrow(), StandardCharsets.UTF_8);
        assertEquals(true, text.endsWith("\n\n"), text);
        assertEquals(Optional.of(request), ControlRequest.parse(text.substring(0, text.length() - 2)));
    }

    @ParameterizedTest
    @CsvSource(
            nullValues = "null",
            value = {"'a\nb',null", "'a\rb',null", "s,'x\ny'", "'',null", "s,''"})
    void aValueThatIsNotOneLineIsNotSent(String store, String site) {
        assertEquals(Optional.empty(), new ControlRequest(store, true, site).encode());
    }
}
