package dev.uplink.core.wpad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.net.InternetDomainName;
import dev.uplink.core.InvalidInputException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WpadDomainDevolutionTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "corp.example.test         | wpad.corp.example.test wpad.example.test wpad",
                "a.b.corp.example.com      | wpad.a.b.corp.example.com wpad.b.corp.example.com wpad.corp.example.com wpad.example.com wpad",
                "example.com               | wpad.example.com wpad",
                "dept.corp.co.uk           | wpad.dept.corp.co.uk wpad.corp.co.uk wpad",
                "corp.co.uk                | wpad.corp.co.uk wpad",
                "co.uk                     | wpad",
                "com                       | wpad",
                "uk                        | wpad",
                "Corp.Example.COM.         | wpad.corp.example.com wpad.example.com wpad",
                "team.user.github.io       | wpad.team.user.github.io wpad.user.github.io wpad",
                "github.io                 | wpad",
                "office.corp.local         | wpad.office.corp.local wpad.corp.local wpad",
                "intranet                  | wpad",
                "x.city.kawasaki.jp        | wpad.x.city.kawasaki.jp wpad.city.kawasaki.jp wpad",
                "shop.foo.kawasaki.jp      | wpad.shop.foo.kawasaki.jp wpad",
                "foo.kawasaki.jp           | wpad",
                "www.example.co.jp         | wpad.www.example.co.jp wpad.example.co.jp wpad",
            })
    void devolvesUpToButNeverOntoAPublicSuffix(String domain, String expected) {
        List<String> hosts = WpadDomainDevolution.candidateHosts(domain);
        assertEquals(List.of(expected.split(" ")), hosts);
        for (String h : hosts.subList(0, hosts.size() - 1)) {
            InternetDomainName tried = InternetDomainName.from(h.substring("wpad.".length()));
            assertFalse(tried.isPublicSuffix(), h + " would ask a public suffix");
            InternetDomainName start = InternetDomainName.from(hosts.get(0).substring("wpad.".length()));
            if (start.isUnderPublicSuffix()) {
                assertTrue(
                        tried.isUnderPublicSuffix() && tried.topPrivateDomain().equals(start.topPrivateDomain()),
                        h + " leaves the registrable domain " + start.topPrivateDomain());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "  ", ".", "a..b", "-bad-.example.com", "has space.example.com", "10.0.0.1", "ex_ample!.com"
            })
    void rejectsWhatIsNotADomain(String domain) {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> WpadDomainDevolution.candidateHosts(domain));
        assertTrue(e.getMessage().contains("DNS domain"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"wpad.corp.example.com, http://wpad.corp.example.com/wpad.dat", "wpad, http://wpad/wpad.dat"})
    void pacUrlIsTheWellKnownLocation(String host, String url) {
        assertEquals(url, WpadDomainDevolution.pacUrlFor(host));
    }

    private static void assertTrue(boolean b, String message) {
        org.junit.jupiter.api.Assertions.assertTrue(b, message);
    }
}
