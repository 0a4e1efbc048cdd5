package dev.uplink.analyzer.onboarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fixtures are built from the vendor's public formats by a separate script (Python's json,
 * plist and quoting rules, not this reader's), with made-up identifiers; their signatures contain
 * the marker SECRET, which must never reach a message.
 */
class VendorOnboardingReaderTest {

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = VendorOnboardingReaderTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "WindowsDefenderATPOnboardingScript.cmd       | WINDOWS_SCRIPT | b95fa7c7-953e-4398-a82a-bc75a84711be | EU | NorthEurope   | STANDARD    | https://winatp-gw-neu.microsoft.com/test",
                "MicrosoftDefenderATPOnboardingLinuxServer.py | LINUX_PYTHON   | 70737176-2fa7-4101-a5f2-d8e5f88179c4 | US | EastUs3       | STREAMLINED | https://edr-eus3.us.endpoint.security.microsoft.com/edr/commands/test https://us-v20.events.endpoint.security.microsoft.com/ping",
                "MicrosoftDefenderATPOnboardingLinuxServer.sh | LINUX_SHELL    | 3f1c8a52-0d6e-4b7a-9c1e-5a2b7d9e0f11 | UK | UkWest        | STREAMLINED | https://edr-ukw.uk.endpoint.security.microsoft.com/edr/commands/test https://uk-v20.events.endpoint.security.microsoft.com/ping",
                "mdatp_onboard.json                           | ONBOARD_JSON   | 70737176-2fa7-4101-a5f2-d8e5f88179c4 | US | EastUs3       | STREAMLINED | https://edr-eus3.us.endpoint.security.microsoft.com/edr/commands/test https://us-v20.events.endpoint.security.microsoft.com/ping",
                "WindowsDefenderATPOnboarding.mobileconfig    | MACOS_PROFILE  | 9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d | AU | AustraliaEast | STANDARD    | https://winatp-gw-aue.microsoft.com/test",
            })
    void readsEachVendorArtefact(
            String file, String kind, String orgId, String geo, String datacenter, String connectivity, String urls)
            throws IOException {
        byte[] bytes = fixture(file);
        assertTrue(VendorOnboardingReader.recognises(bytes));
        VendorOnboarding o = VendorOnboardingReader.parse(bytes, file);

        assertEquals(VendorOnboarding.Kind.valueOf(kind), o.kind());
        assertEquals(orgId, o.orgId());
        assertEquals(geo, o.geography());
        assertEquals(datacenter, o.datacenter());
        assertEquals(VendorOnboarding.Connectivity.valueOf(connectivity), o.connectivity());
        assertEquals(List.of(urls.split(" ")), List.copyOf(o.probeUrls().keySet()));
        assertTrue(o.probeUrls().values().stream().allMatch(s -> s == 200));
        assertFalse(o.describe().contains("SECRET"), o.describe());
        assertFalse(o.toString().contains("SECRET"), o.toString());
    }

    @Test
    void aSignedProfileIsReadThroughItsEnvelope() throws IOException {
        byte[] xml = fixture("WindowsDefenderATPOnboarding.mobileconfig");
        // a CMS envelope is binary around the plain plist: bytes that are not UTF-8 on both sides
        byte[] signed = new byte[xml.length + 64];
        for (int i = 0; i < 32; i++) {
            signed[i] = (byte) (0x80 + i);
            signed[signed.length - 1 - i] = (byte) (0xC0 + i);
        }
        System.arraycopy(xml, 0, signed, 32, xml.length);
        assertEquals(
                "AU",
                VendorOnboardingReader.parse(signed, "signed.mobileconfig").geography());
    }

    @Test
    void uplinkOwnOnboardingFilesAreNotTakenForTheVendors() {
        String own = "{\"format\":\"uplink-onboarding/1\",\"tenantId\":\"x\",\"collectors\":[]}";
        assertFalse(VendorOnboardingReader.recognises(own.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "a,b,c                                                             | is none of the forms uplink reads",
                "{\"onboardingInfo\": 5}                                           | no \"onboardingInfo\" string",
                "{\"onboardingInfo\": \"{\\\"sig\\\":\\\"SECRET\\\"}\"}            | OnboardingInfo has no \"body\" string",
                "{\"onboardingInfo\": \"{\\\"body\\\":\\\"SECRET{\\\"}\"}          | OnboardingInfo body is not valid JSON",
                "{\"onboardingInfo\": \"SECRETnot json\"}                          | OnboardingInfo is not valid JSON",
                "BLOB_PAYLOAD='{\"onboardingInfo\": \"SECRET                       | BLOB_PAYLOAD is not closed",
                "x = '''{\"onboardingInfo\": \"SECRET                              | the ''' literal is not closed",
                "REG add HKLM /v OnboardingInfo /t REG_SZ /f /d \"{\\\"body\\\":SECRET | the OnboardingInfo value after /d is not closed",
                "REG add HKLM /v OnboardingInfo /t REG_SZ /f /d SECRET             | after /d is not quoted",
                "<plist><dict><key>OnboardingInfo</key><integer>1</integer></dict></plist> | is a <integer>, not a <string>",
                "<plist><dict><key>Other</key><string>SECRET</string></dict></plist>       | has no OnboardingInfo key",
                "<plist><dict><key>OnboardingInfo</key><string>SECRET</dict></plist>        | not well-formed XML",
                "<plist><dict>SECRET OnboardingInfo                                         | plist is not closed",
            })
    void refusesDamagedPackagesWithoutQuotingThem(String content, String message) {
        String m = assertThrows(
                        InvalidInputException.class,
                        () -> VendorOnboardingReader.parse(content.getBytes(StandardCharsets.UTF_8), "pkg"))
                .getMessage();
        assertTrue(m.startsWith("pkg"), m);
        assertTrue(m.contains(message), m);
        assertFalse(m.contains("SECRET"), m);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "orgId             | not-a-uuid                  | \"orgId\" is not an organisation id",
                "vortexGeoLocation | U$                          | \"vortexGeoLocation\" is not a data location",
                "geoLocationUrl    | http://winatp-gw-neu.microsoft.com/ | \"geoLocationUrl\" is not an https:// URL",
                "geoLocationUrl    | https://user:pw@x.example/  | \"geoLocationUrl\" is not an https:// URL",
                "vortexServerUrl   | ::not a url                 | \"vortexServerUrl\" is not a URL",
            })
    void checksTheBodyFields(String key, String value, String message) throws Exception {
        Map<String, String> body = new java.util.LinkedHashMap<>(Map.of(
                "orgId", "b95fa7c7-953e-4398-a82a-bc75a84711be",
                "geoLocationUrl", "https://winatp-gw-neu.microsoft.com/",
                "vortexGeoLocation", "EU"));
        body.put(key, value);
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        String blob = mapper.writeValueAsString(Map.of("body", mapper.writeValueAsString(body), "sig", "SECRET"));
        String file = mapper.writeValueAsString(Map.of("onboardingInfo", blob));
        String m = assertThrows(
                        InvalidInputException.class,
                        () -> VendorOnboardingReader.parse(file.getBytes(StandardCharsets.UTF_8), "mdatp_onboard.json"))
                .getMessage();
        assertTrue(m.contains(message), m);
        assertFalse(m.contains("SECRET") || m.contains("pw@"), m);
    }

    @Test
    void anExternalEntityInAProfileIsNeverResolved() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE plist [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>"
                + "<plist><dict><key>OnboardingInfo</key><string>&x;</string></dict></plist>";
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> VendorOnboardingReader.parse(xxe.getBytes(StandardCharsets.UTF_8), "evil.mobileconfig"));
        assertTrue(e.getMessage().startsWith("evil.mobileconfig"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "\"abc\"                 | abc",
                "\"a\\\"b\"              | a\"b",
                "\"a\\\\\\\"b\"          | a\\\"b",
                "\"a\\\\\"               | a\\",
                "\"a\\b\"                | a\\b",
                "\"c:\\\\dir\\\\\" rest  | c:\\\\dir\\",
            })
    void msvcrtArgumentRules(String commandLine, String argument) {
        assertEquals(argument, VendorOnboardingReader.msvcrtArgument(commandLine, 0, "cmd"));
    }
}
