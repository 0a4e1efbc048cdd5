package dev.uplink.collector.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.uplink.core.InvalidInputException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which site a device is in (docs/behaviour.md#sites). */
class SiteAssignmentTest {

    private static final SiteAssignment SITES = new SiteAssignment(List.of(
            new Site("hq", List.of("10.1.0.0/16")),
            new Site("hq-floor2", List.of("10.1.2.0/24", "fd00::/64")),
            new Site("a-also-floor2", List.of("10.1.2.0/24"))));

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            nullValues = "null",
            value = {
                "10.1.9.9   | corp.example | hq",
                // Equal prefixes: the first name in order wins, whatever the order of definition.
                "10.1.2.34  | corp.example | a-also-floor2",
                "fd00::34   | null         | hq-floor2",
                "10.2.0.1   | Corp.Example | corp.example 10.2.0.0/24",
                "10.2.0.1   | null         | 10.2.0.0/24",
                "fd01::34   | corp.example | corp.example fd01::/64",
                "null       | corp.example | corp.example",
                "null       | null         | unknown",
                "bogus      | null         | unknown",
            })
    void assigns(String address, String domain, String site) {
        assertEquals(site, SITES.siteOf(address, domain));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "has space",
                "a/b",
                "-lead",
                "unknown",
                "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                "tab\tname"
            })
    void refusesNamesThatCouldBeAutomaticOrUnreadable(String name) {
        assertThrows(InvalidInputException.class, () -> SiteAssignment.validName(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hq", "branch-7", "Site_2.b", "9th-floor"})
    void acceptsPlainNames(String name) {
        assertEquals(name, SiteAssignment.validName(name));
    }
}
