package dev.uplink.analyzer.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointPatternTest {

    @ParameterizedTest
    @CsvSource({
        "crl.microsoft.com, crl.microsoft.com, crl.microsoft.com, ''",
        "CRL.Microsoft.COM, crl.microsoft.com, crl.microsoft.com, ''",
        "*.wns.windows.com, *.wns.windows.com, *.wns.windows.com, ''",
        "www.microsoft.com/pkiops/*, www.microsoft.com/pkiops/*, www.microsoft.com, /pkiops/*",
        "*ecs.office.com/config/v1/MicrosoftWindowsDefenderClient, *ecs.office.com/config/v1/MicrosoftWindowsDefenderClient, *ecs.office.com, /config/v1/MicrosoftWindowsDefenderClient",
        "fe3cr.delivery.mp.microsoft.com/ClientWebService/client.asmx, fe3cr.delivery.mp.microsoft.com/ClientWebService/client.asmx, fe3cr.delivery.mp.microsoft.com, /ClientWebService/client.asmx",
        "' host.example.com ', host.example.com, host.example.com, ''",
        // Below a registrable domain; the private part of the Public Suffix List does not count.
        "*.example.co.uk, *.example.co.uk, *.example.co.uk, ''",
        "*.blob.core.windows.net/scanner/*, *.blob.core.windows.net/scanner/*, *.blob.core.windows.net, /scanner/*",
        "a*.example.com, a*.example.com, a*.example.com, ''",
        "github.io, github.io, github.io, ''",
    })
    void accepts(String input, String normalised, String host, String path) {
        String e = EndpointPattern.validate(input);
        assertEquals(normalised, e);
        assertEquals(host, EndpointPattern.host(e));
        assertEquals(path, EndpointPattern.path(e));
    }

    @ParameterizedTest
    @CsvSource({
        "'', is empty",
        "http://crl.microsoft.com, is not a host name",
        "a..b.com, is not a host name",
        "host name.com, is not a host name",
        "*, matches every host",
        "*.*, matches every host",
        "**.x.com, is not a host name",
        "-bad.com, is not a host name",
        "x.com/a b, has characters not allowed",
        "x.com/<script>, has characters not allowed",
        "x.com:8080, is not a host name",
        "'*.com', '*.com' covers a whole public suffix (com): expected a wildcard below a registrable domain such as *.example.com",
        "'*.co.uk', '*.co.uk' covers a whole public suffix (co.uk): expected a wildcard below a registrable domain such as *.example.co.uk",
        "'*.CO.UK/path/*', '*.co.uk' covers a whole public suffix (co.uk)",
        "'*com', '*com' has no whole domain after its last * (it matches hosts of every domain ending in 'com')",
        "'*co.uk', '*co.uk' covers a whole public suffix (uk)",
        "'*example.com', '*example.com' covers a whole public suffix (com)",
        "'www.*', 'www.*' has no whole domain after its last *",
        "'a.*.com', 'a.*.com' covers a whole public suffix (com)",
        "'*.corp', '*.corp' is not below a registrable domain ('corp' does not end in a public suffix",
        "'*.0.0.1', '*.0.0.1' is not below a registrable domain",
        "'co.uk', 'co.uk' is a public suffix, not a host: expected a host name such as www.example.co.uk",
    })
    void refuses(String input, String reason) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> EndpointPattern.validate(input));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
