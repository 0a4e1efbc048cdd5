package dev.uplink.core.importers;

import static dev.uplink.core.importers.PolBuilder.dword;
import static dev.uplink.core.importers.PolBuilder.sz;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.config.MachinePolicy;
import dev.uplink.core.net.HostPort;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyImportTest {

    static final String DC = "[HKEY_LOCAL_MACHINE\\Software\\Policies\\Microsoft\\Windows\\DataCollection]\n";

    static List<RegistryChange> reg(String body) {
        String text = "Windows Registry Editor Version 5.00\n\n" + body;
        return RegFileParser.parse(text.getBytes(StandardCharsets.UTF_8), "policy.reg");
    }

    /** {@code "proxy|auth"} with {@code -} for unset, e.g. {@code 10.0.0.6:8080|1}. */
    static MachinePolicy policy(String s) {
        String[] p = s.split("\\|");
        return new MachinePolicy(
                p[0].equals("-") ? null : HostPort.parse(p[0], "test"),
                p[1].equals("-") ? null : Integer.valueOf(p[1]));
    }

    static String render(MachinePolicy p) {
        return (p.telemetryProxyServer() == null
                        ? "-"
                        : p.telemetryProxyServer().toString()) + "|"
                + (p.disableEnterpriseAuthProxy() == null
                        ? "-"
                        : p.disableEnterpriseAuthProxy().toString());
    }

    static Stream<Arguments> imports() {
        return Stream.of(
                arguments("both values", "-|-", reg(DC + """
                        "TelemetryProxyServer"="10.0.0.6:8080"
                        "DisableEnterpriseAuthProxy"=dword:00000001
                        """), "10.0.0.6:8080|1", """
                        TelemetryProxyServer = 10.0.0.6:8080 (policy.reg line 4)
                        DisableEnterpriseAuthProxy = 1 (policy.reg line 5)""", ""),
                arguments("HKLM, other case, IPv6, host name normalised", "-|-", reg("""
                        [hklm\\SOFTWARE\\policies\\microsoft\\windows\\datacollection]
                        "telemetryproxyserver"="[FD00::6]:8080"
                        "DISABLEENTERPRISEAUTHPROXY"=dword:0
                        """), "[fd00::6]:8080|0", """
                        TelemetryProxyServer = [fd00::6]:8080 (policy.reg line 4)
                        DisableEnterpriseAuthProxy = 0 (policy.reg line 5)""", ""),
                arguments(
                        "other values and keys are ignored", "10.0.0.1:80|1", reg(DC + """
                        "AllowTelemetry"=dword:1
                        @="x"
                        [HKEY_CURRENT_USER\\Software\\Policies\\Microsoft\\Windows\\DataCollection]
                        "TelemetryProxyServer"="10.9.9.9:1"
                        [HKLM\\Software\\Other]
                        "X"=-
                        [-HKLM\\Software\\Policies\\Microsoft\\Windows\\DataCollection\\Sub]
                        """), "10.0.0.1:80|1", "", """
                        HKEY_LOCAL_MACHINE\\Software\\Policies\\Microsoft\\Windows\\DataCollection : AllowTelemetry
                        HKEY_LOCAL_MACHINE\\Software\\Policies\\Microsoft\\Windows\\DataCollection : (default)
                        HKEY_CURRENT_USER\\Software\\Policies\\Microsoft\\Windows\\DataCollection : TelemetryProxyServer
                        HKLM\\Software\\Other : X (delete)
                        HKLM\\Software\\Policies\\Microsoft\\Windows\\DataCollection\\Sub (delete key)"""),
                arguments(
                        "delete marker removes one value",
                        "10.0.0.1:80|1",
                        reg(DC + """
                        "TelemetryProxyServer"=-
                        """),
                        "-|1",
                        "TelemetryProxyServer removed (policy.reg line 4)",
                        ""),
                arguments(
                        "deleting a parent key removes both",
                        "10.0.0.1:80|1",
                        reg("""
                        [-HKEY_LOCAL_MACHINE\\Software\\Policies\\Microsoft\\Windows]
                        """),
                        "-|-",
                        "TelemetryProxyServer and DisableEnterpriseAuthProxy removed (policy.reg line 3)",
                        ""),
                arguments("later values win", "-|-", reg(DC + """
                        "TelemetryProxyServer"="a.example:1"
                        "TelemetryProxyServer"="B.Example:2"
                        """), "b.example:2|-", """
                        TelemetryProxyServer = a.example:1 (policy.reg line 4)
                        TelemetryProxyServer = b.example:2 (policy.reg line 5)""", ""),
                arguments(
                        "Registry.pol keys have no hive; soft keeps, delvals clears",
                        "10.0.0.1:80|-",
                        RegistryPolParser.parse(
                                PolBuilder.preg()
                                        .record(PolicyImport.KEY, "**soft.TelemetryProxyServer", 1, sz("10.0.0.2:80"))
                                        .record(PolicyImport.KEY, "**soft.DisableEnterpriseAuthProxy", 4, dword(1))
                                        .record("Software\\Other", "V", 4, dword(1))
                                        .bytes(),
                                "Registry.pol"),
                        "10.0.0.1:80|1",
                        """
                        TelemetryProxyServer kept: **soft. does not overwrite an existing value (Registry.pol offset 8)
                        DisableEnterpriseAuthProxy = 1 (Registry.pol offset 210)""",
                        "Software\\Other : V"),
                arguments(
                        "Registry.pol **delvals. and key creation",
                        "10.0.0.1:80|1",
                        RegistryPolParser.parse(
                                PolBuilder.preg()
                                        .record(PolicyImport.KEY, "", 1, new byte[0])
                                        .record(PolicyImport.KEY, "**delvals.", 1, sz(" "))
                                        .bytes(),
                                "Registry.pol"),
                        "-|-",
                        "TelemetryProxyServer and DisableEnterpriseAuthProxy removed (Registry.pol offset 132)",
                        ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("imports")
    void appliesChanges(
            String name,
            String start,
            List<RegistryChange> changes,
            String expectedPolicy,
            String expectedApplied,
            String expectedIgnored) {
        PolicyImportResult r = PolicyImport.apply(policy(start), changes);
        assertEquals(expectedPolicy, render(r.newPolicy()));
        assertEquals(expectedApplied, String.join("\n", r.applied()));
        assertEquals(expectedIgnored, String.join("\n", r.ignored()));
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                arguments(
                        "proxy with scheme",
                        "\"TelemetryProxyServer\"=\"http://10.0.0.6:8080\"",
                        "policy.reg line 4: TelemetryProxyServer 'http://10.0.0.6:8080' has a scheme: expected <server name or ip>:<port>"),
                arguments(
                        "proxy without port",
                        "\"TelemetryProxyServer\"=\"10.0.0.6\"",
                        "policy.reg line 4: TelemetryProxyServer '10.0.0.6' has no port"),
                arguments(
                        "proxy empty",
                        "\"TelemetryProxyServer\"=\"\"",
                        "policy.reg line 4: TelemetryProxyServer is empty"),
                arguments(
                        "proxy as dword",
                        "\"TelemetryProxyServer\"=dword:1",
                        "policy.reg line 4: TelemetryProxyServer is REG_DWORD 1: expected REG_SZ \"<server name or ip>:<port>\""),
                arguments(
                        "proxy as REG_EXPAND_SZ",
                        "\"TelemetryProxyServer\"=hex(2):41,00,00,00",
                        "policy.reg line 4: TelemetryProxyServer is REG_EXPAND_SZ \"A\": expected REG_SZ"),
                arguments(
                        "auth flag 2",
                        "\"DisableEnterpriseAuthProxy\"=dword:00000002",
                        "policy.reg line 4: DisableEnterpriseAuthProxy is REG_DWORD 2: expected REG_DWORD 0 or 1"),
                arguments(
                        "auth flag as string",
                        "\"DisableEnterpriseAuthProxy\"=\"1\"",
                        "policy.reg line 4: DisableEnterpriseAuthProxy is REG_SZ \"1\": expected REG_DWORD 0 or 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void refusesBadValues(String name, String line, String expectedMessage) {
        List<RegistryChange> changes = reg(DC + line + "\n");
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> PolicyImport.apply(MachinePolicy.EMPTY, changes));
        assertTrue(e.getMessage().startsWith(expectedMessage), () -> "message was: " + e.getMessage());
    }

    @Test
    void aBadValueAfterGoodOnesFailsTheWholeImport() {
        List<RegistryChange> changes = reg(DC + """
                "TelemetryProxyServer"="10.0.0.6:8080"
                "DisableEnterpriseAuthProxy"=dword:5
                """);
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> PolicyImport.apply(MachinePolicy.EMPTY, changes));
        assertTrue(e.getMessage().startsWith("policy.reg line 5: "), e.getMessage());
    }
}
