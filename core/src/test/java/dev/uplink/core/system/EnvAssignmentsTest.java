package dev.uplink.core.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.uplink.core.system.EnvAssignments.Dialect;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EnvAssignmentsTest {

    /** {@code values} as {@code k=v|k=v}; {@code skipped} as the not-interpreted line list. */
    static Stream<Arguments> files() {
        return Stream.of(
                arguments(
                        Dialect.PAM_ENV,
                        "plain",
                        "PATH=/usr/bin\nhttps_proxy=http://a:3128\n",
                        "PATH=/usr/bin|https_proxy=http://a:3128",
                        ""),
                arguments(
                        Dialect.PAM_ENV,
                        "quoted and export",
                        "export HTTPS_PROXY=\"http://a:3128\"\nno_proxy='x y'\n",
                        "HTTPS_PROXY=http://a:3128|no_proxy=x y",
                        ""),
                arguments(Dialect.PAM_ENV, "comments and blanks", "# https_proxy=http://old:1\n\n  \n", "", ""),
                arguments(
                        Dialect.SHELL,
                        "profile.d export lines",
                        """
                        export http_proxy=http://p:3128/
                        export HTTPS_PROXY="http://p:3128/"   # the same
                        no_proxy=localhost,.corp
                        """,
                        "http_proxy=http://p:3128/|HTTPS_PROXY=http://p:3128/|no_proxy=localhost,.corp",
                        ""),
                arguments(Dialect.SHELL, "shell code is not interpreted", """
                        if [ -n "$X" ]; then
                          export https_proxy=$PROXY
                          export http_proxy="http://${HOST}:3128"
                        fi
                        export ftp_proxy=`cat /etc/p`
                        PATH=$PATH:/x
                        """, "", "line 2, line 3, line 5"),
                arguments(Dialect.SHELL, "two assignments on a line", "http_proxy=a:1 https_proxy=b:2\n", "", "line 1"),
                arguments(
                        Dialect.SYSTEMD_ENV_FILE,
                        "systemd env file",
                        """
                        # comment
                        ; also a comment
                        HTTPS_PROXY="http://a:3128"
                        NO_PROXY=localhost,\\
                        .corp
                        """,
                        "HTTPS_PROXY=http://a:3128|NO_PROXY=localhost,.corp",
                        ""),
                arguments(
                        Dialect.SYSTEMD_ENV_FILE,
                        "later assignment wins",
                        "https_proxy=a:1\nhttps_proxy=b:2\n",
                        "https_proxy=b:2",
                        ""));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("files")
    void parses(Dialect dialect, String name, String text, String values, String skipped) {
        EnvAssignments.Parsed p = EnvAssignments.parse(text, dialect);
        StringBuilder got = new StringBuilder();
        p.values()
                .forEach((k, v) -> got.append(got.length() == 0 ? "" : "|")
                        .append(k)
                        .append('=')
                        .append(v));
        assertEquals(values, got.toString());
        assertEquals(skipped, String.join(", ", p.notInterpreted()));
    }
}
