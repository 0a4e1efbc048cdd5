package dev.uplink.core.importers;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.fuzz.Fuzz;
import dev.uplink.core.pac.PacResultParser;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Parsers that case-map outside input stay linear in time and memory on the characters that make
 * the JDK's {@code toLowerCase}/{@code toUpperCase} quadratic (docs/behaviour.md#case-mapping-of-input):
 * EnvProxyFuzzTest found a 76 KB {@code no_proxy} of "İ*" that allocated 773 MB.
 */
class CaseMappedInputTest {

    @ParameterizedTest(name = "no_proxy of {0} x 30,000")
    @CsvSource({"İ*", "İ", "Σ", "aΣ\u0307"})
    void noProxyListsAreParsedOrRefusedWithinTheFuzzBudget(String piece) {
        String value = piece.repeat(30_000);
        Fuzz.parse(2L * value.length(), InvalidInputException.class, () -> NoProxyList.parse(value, "no_proxy"));
    }

    @ParameterizedTest(name = "PAC result keyword of {0} x 30,000")
    @CsvSource({"ß", "ﬀ", "ŉĀ"})
    void pacResultsAreParsedWithinTheFuzzBudget(String piece) {
        String result = piece.repeat(30_000) + " 127.0.0.1:8080";
        Fuzz.parse(2L * result.length(), List.of(), () -> PacResultParser.parse(result));
    }
}
