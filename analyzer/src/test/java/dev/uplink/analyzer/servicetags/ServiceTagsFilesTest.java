package dev.uplink.analyzer.servicetags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceTagsFilesTest {

    static byte[] sample() throws IOException {
        try (InputStream in = ServiceTagsFilesTest.class.getResourceAsStream("ServiceTags_Public_sample.json")) {
            return in.readAllBytes();
        }
    }

    @Test
    void keepsTheSensorTagsAndTheirRegionalVariantsOnly() throws IOException {
        ServiceRanges r = ServiceTagsFiles.parse(sample(), "ServiceTags_Public_20261123.json");

        assertEquals("Public", r.cloud());
        assertEquals(312, r.changeNumber());
        assertEquals(
                java.util.Set.of(
                        "MicrosoftDefenderForEndpoint", "MicrosoftDefenderForEndpoint.UKSouth", "OneDsCollector"),
                r.tags().keySet());
        // sorted, canonical, the duplicate 20.4.144.16/28 once; IPv4 before IPv6
        assertEquals(
                List.of(
                        "4.208.13.0/24",
                        "4.208.13.128/25",
                        "20.4.144.16/28",
                        "2603:1020:5:3::/64",
                        "2603:1030:f:1::/64"),
                Texts.of(r.tags().get("MicrosoftDefenderForEndpoint")));
    }

    @Test
    void ownFormRoundTrips() throws IOException {
        ServiceRanges r = ServiceTagsFiles.parse(sample(), "/tmp/ServiceTags_Public_20261123.json");
        String written = ServiceTagsFiles.write(r);

        assertTrue(written.contains("\"format\" : \"uplink-service-ranges\""), written);
        assertTrue(written.contains("\"importedFrom\" : \"ServiceTags_Public_20261123.json\""), written);
        ServiceRanges back = ServiceTagsFiles.parse(written.getBytes(StandardCharsets.UTF_8), "uplink-ranges.json");
        assertEquals(r.tags(), back.tags());
        assertEquals(312, back.changeNumber());
        assertEquals("Public", back.cloud());
    }

    @Test
    void selectUnionsTagsAndNamesAnUnknownOne() throws IOException {
        ServiceRanges r = ServiceTagsFiles.parse(sample(), "tags.json");
        assertEquals(
                List.of("13.69.109.130/31", "20.42.65.84/30", "51.104.30.0/27", "2603:1020:5:1::/64"),
                Texts.of(r.select(List.of("OneDsCollector", "MicrosoftDefenderForEndpoint.UKSouth"))));
        String m = assertThrows(InvalidInputException.class, () -> r.select(List.of("AzureCloud")))
                .getMessage();
        assertTrue(m.contains("service tag AzureCloud is not in tags.json"), m);
        assertTrue(m.contains("MicrosoftDefenderForEndpoint, MicrosoftDefenderForEndpoint.UKSouth"), m);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "'not json'                                              | is not valid JSON",
                "'[1,2]'                                                 | is not a JSON object",
                "'{}'                                                    | has neither \"values\" nor \"format\"",
                "'{\"values\": {}}'                                      | \"values\" is not an array",
                "'{\"cloud\":\"Public\",\"changeNumber\":1,\"values\":[{\"name\":\"AzureCloud\"}]}' | has no MicrosoftDefenderForEndpoint or OneDsCollector tag",
                "'{\"cloud\":\"Public\",\"changeNumber\":1,\"values\":[{\"name\":\"OneDsCollector\",\"properties\":{}}]}' | \"addressPrefixes\" is not an array",
                "'{\"cloud\":\"Public\",\"changeNumber\":1,\"values\":[{\"name\":\"OneDsCollector\",\"properties\":{\"addressPrefixes\":[\"1.2.3.0/40\"]}}]}' | values[0] (OneDsCollector): address prefix 1",
                "'{\"cloud\":\"Public\",\"changeNumber\":1,\"values\":[{\"name\":\"OneDsCollector\",\"properties\":{\"addressPrefixes\":[7]}}]}' | address prefix 1 is not a string",
                "'{\"cloud\":\"Public\",\"values\":[{\"name\":\"OneDsCollector\",\"properties\":{\"addressPrefixes\":[]}}]}' | \"changeNumber\" is missing",
                "'{\"changeNumber\":1,\"values\":[{\"name\":\"OneDsCollector\",\"properties\":{\"addressPrefixes\":[]}}]}' | \"cloud\" is missing",
                "'{\"cloud\":\"Public\",\"changeNumber\":-4,\"values\":[{\"name\":\"OneDsCollector\",\"properties\":{\"addressPrefixes\":[]}}]}' | \"changeNumber\" is missing or not a whole number",
                "'{\"format\":\"uplink-service-ranges\",\"cloud\":\"Public\",\"changeNumber\":1,\"tags\":{}}' | \"tags\" must be an object",
                "'{\"format\":\"uplink-service-ranges\",\"cloud\":\"Public\",\"changeNumber\":1,\"tags\":{\"X\":[\"nope\"]}}' | X: address prefix 1",
            })
    void refusesDamagedFilesNamingThemAndTheExpectedForm(String json, String message) {
        String m = assertThrows(
                        InvalidInputException.class,
                        () -> ServiceTagsFiles.parse(json.getBytes(StandardCharsets.UTF_8), "in.json"))
                .getMessage();
        assertTrue(m.startsWith("in.json"), m);
        assertTrue(m.contains(message), m);
    }

    @Test
    void refusesNestingBeyondTheLimitBeforeBuildingIt() {
        String deep = "{\"values\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        String m = assertThrows(
                        InvalidInputException.class,
                        () -> ServiceTagsFiles.parse(deep.getBytes(StandardCharsets.UTF_8), "deep.json"))
                .getMessage();
        assertTrue(m.startsWith("deep.json is not valid JSON"), m);
    }
}
