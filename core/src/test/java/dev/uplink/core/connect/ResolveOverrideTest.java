package dev.uplink.core.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResolveOverrideTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "svc.example.com:443:127.0.0.1; svc.example.com:443; 127.0.0.1",
                "SVC.Example.com:443:127.0.0.2; svc.example.com:443; 127.0.0.2",
                "svc.example.com:127.0.0.1; svc.example.com; 127.0.0.1",
                "svc.example.com:8443:[::1]; svc.example.com:8443; 0:0:0:0:0:0:0:1",
                "' localhost:80:127.0.0.1 '; localhost:80; 127.0.0.1",
            })
    void parses(String text, String key, String address) {
        ResolveOverride r = ResolveOverride.parse(text, "--resolve");
        assertEquals(key, r.key());
        assertEquals(address, r.address().getHostAddress());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "svc.example.com",
                "svc.example.com:443",
                "svc.example.com:443:host.name",
                "svc.example.com:0:127.0.0.1",
                "svc.example.com:99999:127.0.0.1",
                ":443:127.0.0.1",
                "svc.example.com:443:300.1.1.1",
                "bad_name!:443:127.0.0.1",
                "svc.example.com:443:[zz::1]"
            })
    void rejects(String text) {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> ResolveOverride.parse(text, "--resolve"));
        assertTrue(e.getMessage().startsWith("--resolve"), e.getMessage());
    }
}
