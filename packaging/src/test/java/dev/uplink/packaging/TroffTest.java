package dev.uplink.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TroffTest {

    static Stream<Arguments> texts() {
        return Stream.of(
                Arguments.of("plain words", "plain words"),
                Arguments.of("", ""),
                // Options keep ASCII hyphen-minus signs (copy-paste from the page works).
                Arguments.of("--listen HOST:PORT", "\\-\\-listen HOST:PORT"),
                // A line starting with '.' or '\'' would be a request.
                Arguments.of(".hidden request", "\\&.hidden request"),
                Arguments.of("'collector migrate' first", "\\&'collector migrate' first"),
                Arguments.of("in 'quotes' mid-line", "in 'quotes' mid\\-line"),
                // A backslash would start an escape sequence.
                Arguments.of("C:\\Users\\me", "C:\\eUsers\\eme"),
                Arguments.of("\\fBnot bold", "\\efBnot bold"),
                Arguments.of("two\nlines", "two lines"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("texts")
    void escapesRunningText(String in, String expected) {
        assertEquals(expected, Troff.text(in));
    }

    static Stream<Arguments> quoted() {
        return Stream.of(
                Arguments.of("NAME", "\"NAME\""),
                Arguments.of("say \"hi\"", "\"say \"\"hi\"\"\""),
                Arguments.of("uplink 0.1.0-SNAPSHOT", "\"uplink 0.1.0\\-SNAPSHOT\""));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("quoted")
    void quotesRequestArguments(String in, String expected) {
        assertEquals(expected, Troff.quoted(in));
    }
}
