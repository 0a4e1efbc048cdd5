package dev.uplink.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CollectorEndpointTest {

    @ParameterizedTest
    @CsvSource({
        "https://collector.example.com:8443,  WW, https://collector.example.com:8443, WW",
        "HTTPS://Collector.Example.COM/,      us, https://collector.example.com,      US",
        "https://127.0.0.1:9443,              EU, https://127.0.0.1:9443,             EU",
        "https://[FD00::6]:8443,              AEN, https://[fd00::6]:8443,            AEN",
    })
    void goodUrls(String url, String geo, String expectedUrl, String expectedGeo) {
        CollectorEndpoint e = CollectorEndpoint.parse(url, geo, "--url");
        assertEquals(expectedUrl, e.url().toString());
        assertEquals(expectedGeo, e.geography());
        assertEquals(expectedUrl + "/v1/enroll", e.resolve("/v1/enroll").toString());
    }

    @ParameterizedTest
    @CsvSource({
        "'',                                     WW, is empty",
        "http://collector.example.com,           WW, is not https",
        "collector.example.com:8443,             WW, is not https",
        "https://user:pw@collector.example.com,  WW, carries user info",
        "http://user:pw@collector.example.com,   WW, is not https",
        "https://collector.example.com/v1,       WW, is not a base URL",
        "https://collector.example.com/?x=1,     WW, is not a base URL",
        "https://,                               WW, is not",
        "https://bad_host!.example,              WW, is not",
        "https://collector.example.com,          XX, is not a geography",
        "https://collector.example.com,          '', is not a geography",
    })
    void badUrls(String url, String geo, String reason) {
        var e = assertThrows(InvalidInputException.class, () -> CollectorEndpoint.parse(url, geo, "--url"));
        assertTrue(e.getMessage().startsWith("--url"), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(!e.getMessage().contains(":pw@"), "password shown: " + e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "http://collector.example.com/v1/events,             is not https",
        "https://user:s3cret@collector.example.com/v1/events, carries user info",
        "https:///v1/events,                                  is not a URL with a host",
    })
    void eventsUrlsAreHttpsWithoutUserInfo(String url, String reason) {
        var e = assertThrows(InvalidInputException.class, () -> CollectorEndpoint.parseEventsUrl(url, "collectorUrl"));
        assertTrue(e.getMessage().startsWith("collectorUrl '"), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(!e.getMessage().contains("s3cret"), "password shown: " + e.getMessage());
    }
}
