package dev.uplink.analyzer.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CsvReaderTest {

    static Stream<Arguments> good() {
        return Stream.of(
                Arguments.of("a,b,c\n", List.of(List.of("a", "b", "c"))),
                Arguments.of("a,b,c", List.of(List.of("a", "b", "c"))),
                Arguments.of("a,b\r\nc,d\r\n", List.of(List.of("a", "b"), List.of("c", "d"))),
                Arguments.of("\uFEFFa,b\n", List.of(List.of("a", "b"))),
                Arguments.of("\"a,1\",b\n", List.of(List.of("a,1", "b"))),
                Arguments.of("\"say \"\"hi\"\"\",x\n", List.of(List.of("say \"hi\"", "x"))),
                Arguments.of("\"two\nlines\",x\ny,z\n", List.of(List.of("two\nlines", "x"), List.of("y", "z"))),
                Arguments.of("a,,\n", List.of(List.of("a", "", ""))),
                Arguments.of("\"\",b\n", List.of(List.of("", "b"))),
                Arguments.of("a\n\nb\n", List.of(List.of("a"), List.of(""), List.of("b"))),
                Arguments.of("", List.of()));
    }

    @ParameterizedTest
    @MethodSource("good")
    void parsesRfc4180(String text, List<List<String>> expected) {
        assertEquals(expected, CsvReader.parse(text, "test.csv"));
    }

    static Stream<Arguments> bad() {
        return Stream.of(
                Arguments.of("a,\"unterminated\n", "row 1: a quoted field is not closed"),
                Arguments.of("a,b\n\"x\"y,z\n", "row 2: text after a closing quote"),
                Arguments.of("a,b\nab\"c,d\n", "row 2: a quote in the middle of an unquoted field"));
    }

    @ParameterizedTest
    @MethodSource("bad")
    void refusesBrokenQuoting(String text, String message) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CsvReader.parse(text, "test.csv"));
        assertTrue(e.getMessage().startsWith("test.csv: " + message), e.getMessage());
    }

    @Test
    void quoteRoundTrips() {
        String field = "a \"b\", c\nd";
        assertEquals(List.of(List.of(field, "x")), CsvReader.parse(CsvReader.quote(field) + ",x\n", "t"));
        assertEquals("plain", CsvReader.quote("plain"));
    }
}
