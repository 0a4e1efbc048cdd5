package dev.uplink.cli.policy;

import dev.uplink.cli.JsonOutput;
import dev.uplink.core.config.MachinePolicy;
import dev.uplink.core.config.PolicyValues;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Prints the machine policy as text or JSON; shared by show, set, reset and import. */
final class PolicyView {
    private PolicyView() {}

    static void print(PrintWriter out, MachinePolicy p, Path file, boolean json) {
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("file", file.toString());
            doc.put(
                    PolicyValues.TELEMETRY_PROXY_SERVER,
                    p.telemetryProxyServer() == null
                            ? null
                            : p.telemetryProxyServer().toString());
            doc.put(PolicyValues.DISABLE_ENTERPRISE_AUTH_PROXY, p.disableEnterpriseAuthProxy());
            JsonOutput.print(out, doc);
            return;
        }
        out.println("Machine policy (HKLM\\Software\\Policies\\Microsoft\\Windows\\DataCollection):");
        out.println();
        out.println("    TelemetryProxyServer       :  "
                + (p.telemetryProxyServer() == null ? "(not set)" : p.telemetryProxyServer()));
        out.println("    DisableEnterpriseAuthProxy :  "
                + (p.disableEnterpriseAuthProxy() == null ? "(not set)" : p.disableEnterpriseAuthProxy()));
        out.flush();
    }
}
