package dev.uplink.cli.proxyauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.cli.InProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code uplink proxyauth}: set, show, reset; owner-only secrets; the policy switch; no secret in output. */
class ProxyAuthCommandTest {

    private static final String PASSWORD = "Corr3ct-Horse-Battery";

    @TempDir
    Path dir;

    private Path conf() {
        return dir.resolve("etc");
    }

    private Path passwordFile(String mode) throws Exception {
        Path f = dir.resolve("pw-" + mode);
        Files.writeString(f, PASSWORD + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    private InProcess.Result run(String... args) {
        String[] all = Stream.concat(Stream.of(args), Stream.of("--config-dir", conf().toString()))
                .toArray(String[]::new);
        InProcess.Result r = InProcess.run(all);
        assertFalse(r.out().contains(PASSWORD) || r.err().contains(PASSWORD), r::toString);
        return r;
    }

    @Test
    void setBasicStoresThePasswordOwnerOnlyAndNeverShowsIt() throws Exception {
        InProcess.Result set = run(
                "proxyauth",
                "set",
                "basic",
                "--user",
                "svc-sensor",
                "--password-file",
                passwordFile("rw-------").toString());
        assertEquals(0, set.exit(), set::toString);
        assertTrue(set.out().contains("User                       :  svc-sensor"), set.out());
        assertTrue(
                set.out()
                        .contains("In effect                  :  yes: Basic as user 'svc-sensor' (HTTPS proxies only)"),
                set.out());
        Path secret = conf().resolve("proxyauth.secret");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
        assertEquals(PASSWORD, Files.readString(secret), "the line break is not part of the password");
        assertFalse(Files.readString(conf().resolve("proxyauth.json")).contains(PASSWORD));

        JsonNode json =
                new ObjectMapper().readTree(run("proxyauth", "show", "--json").out());
        assertEquals("basic", json.get("scheme").asText());
        assertEquals("svc-sensor", json.get("user").asText());
        assertFalse(json.get("allowCleartext").asBoolean());
        assertTrue(json.get("inEffect").asBoolean());
    }

    @Test
    void disableEnterpriseAuthProxyIsShownAsTheReasonNothingIsSent() throws Exception {
        run(
                "proxyauth",
                "set",
                "basic",
                "--user",
                "u",
                "--password-file",
                passwordFile("rw-------").toString(),
                "--allow-cleartext");
        assertEquals(0, run("policy", "set", "DisableEnterpriseAuthProxy=1").exit());
        InProcess.Result show = run("proxyauth", "show");
        assertTrue(
                show.out()
                        .contains(
                                "In effect                  :  no: DisableEnterpriseAuthProxy=1 forbids proxy authentication"),
                show.out());
        JsonNode json =
                new ObjectMapper().readTree(run("proxyauth", "show", "--json").out());
        assertFalse(json.get("inEffect").asBoolean());
        assertEquals(1, json.get("disableEnterpriseAuthProxy").asInt());

        run("policy", "set", "TelemetryProxyServer=10.0.0.6:8080");
        InProcess.Result explain = run("resolve", "https://svc.example.com/ping", "--explain");
        assertEquals(0, explain.exit(), explain::toString);
        assertTrue(
                explain.out()
                        .contains(
                                "Proxy authentication : uplink sends no proxy credentials: DisableEnterpriseAuthProxy=1 forbids it"),
                explain.out());
    }

    @Test
    void aSecretFileOthersCanReadIsReportedNotUsed() throws Exception {
        run(
                "proxyauth",
                "set",
                "basic",
                "--user",
                "u",
                "--password-file",
                passwordFile("rw-------").toString());
        Files.setPosixFilePermissions(conf().resolve("proxyauth.secret"), PosixFilePermissions.fromString("rw-r--r--"));
        InProcess.Result show = run("proxyauth", "show");
        assertTrue(show.out().contains("In effect                  :  no: the proxy password file"), show.out());
        assertTrue(show.out().contains("expected mode 0600"), show.out());
    }

    @Test
    void resetRemovesBothFiles() throws Exception {
        run(
                "proxyauth",
                "set",
                "basic",
                "--user",
                "u",
                "--password-file",
                passwordFile("rw-------").toString());
        InProcess.Result reset = run("proxyauth", "reset");
        assertEquals(0, reset.exit(), reset::toString);
        assertTrue(reset.out().contains("Scheme                     :  (not set)"), reset.out());
        assertFalse(Files.exists(conf().resolve("proxyauth.secret")));
        assertFalse(Files.exists(conf().resolve("proxyauth.json")));
    }

    @Test
    void setNegotiateKeepsPathsAndChecksTheKeytab() throws Exception {
        Path keytab = dir.resolve("machine.keytab");
        Files.write(keytab, new byte[] {5, 2});
        Files.setPosixFilePermissions(keytab, PosixFilePermissions.fromString("rw-r--r--"));
        InProcess.Result open = run("proxyauth", "set", "negotiate", "--keytab", keytab.toString());
        assertEquals(2, open.exit(), open::toString);
        assertTrue(open.err().contains("accessible by other users"), open.err());
        assertFalse(Files.exists(conf().resolve("proxyauth.json")), "nothing written");
        InProcess.Result missing = run(
                "proxyauth", "set", "negotiate", "--keytab", dir.resolve("nope").toString());
        assertEquals(2, missing.exit(), missing::toString);

        Files.setPosixFilePermissions(keytab, PosixFilePermissions.fromString("rw-------"));
        InProcess.Result ok = run(
                "proxyauth",
                "set",
                "negotiate",
                "--keytab",
                keytab.toString(),
                "--principal",
                "host/m.corp.example@CORP.EXAMPLE");
        assertEquals(0, ok.exit(), ok::toString);
        JsonNode json =
                new ObjectMapper().readTree(run("proxyauth", "show", "--json").out());
        assertEquals("negotiate", json.get("scheme").asText());
        assertEquals(keytab.toAbsolutePath().toString(), json.get("keytab").asText());
        assertEquals("host/m.corp.example@CORP.EXAMPLE", json.get("principal").asText());
        assertTrue(json.get("secretFile").isNull());
        assertFalse(Files.exists(conf().resolve("proxyauth.secret")), "Negotiate keeps no secret of its own");
        assertTrue(json.get("inEffect").asBoolean(), json::toString);
        Files.delete(keytab);
        InProcess.Result gone = run("proxyauth", "show");
        assertTrue(
                gone.out().contains("In effect                  :  no: the keytab " + keytab + " does not exist"),
                gone.out());
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of(List.of("--user", "a:b", "--password-file", "OK"), "contains ':'"),
                Arguments.of(List.of("--user", "", "--password-file", "OK"), "user name is empty"),
                Arguments.of(List.of("--user", "u", "--password-file", "OPEN"), "accessible by other users"),
                Arguments.of(
                        List.of("--user", "u", "--password-file", "EMPTY"),
                        "is empty: expected a password on one line"),
                Arguments.of(List.of("--user", "u", "--password-file", "TWOLINES"), "more than one line"),
                Arguments.of(List.of("--user", "u", "--password-file", "MISSING"), "MISSING"));
    }

    @ParameterizedTest
    @MethodSource("badInput")
    void badInputIsExit2AndWritesNothing(List<String> args, String message) throws Exception {
        Path ok = passwordFile("rw-------");
        Path open = passwordFile("rw-r--r--");
        Path empty = Files.writeString(dir.resolve("empty"), "");
        Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("rw-------"));
        Path two = Files.writeString(dir.resolve("two"), "a\nb\n");
        Files.setPosixFilePermissions(two, PosixFilePermissions.fromString("rw-------"));
        List<String> all = new java.util.ArrayList<>(List.of("proxyauth", "set", "basic"));
        for (String a : args) {
            all.add(
                    switch (a) {
                        case "OK" -> ok.toString();
                        case "OPEN" -> open.toString();
                        case "EMPTY" -> empty.toString();
                        case "TWOLINES" -> two.toString();
                        case "MISSING" -> dir.resolve("MISSING").toString();
                        default -> a;
                    });
        }
        InProcess.Result r = run(all.toArray(String[]::new));
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains(message), r.err());
        assertFalse(Files.exists(conf().resolve("proxyauth.json")), "nothing written");
        assertFalse(Files.exists(conf().resolve("proxyauth.secret")), "nothing written");
    }
}
