package dev.uplink.core.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.net.HostPort;
import java.nio.file.Path;

/** On-disk form of {@code policy.json}; value names as in the registry so admins recognise them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
final class PolicyFile {
    @JsonProperty("TelemetryProxyServer")
    public String telemetryProxyServer;

    @JsonProperty("DisableEnterpriseAuthProxy")
    public Integer disableEnterpriseAuthProxy;

    static PolicyFile encode(MachinePolicy p) {
        PolicyFile f = new PolicyFile();
        f.telemetryProxyServer = p.telemetryProxyServer() == null
                ? null
                : p.telemetryProxyServer().toString();
        f.disableEnterpriseAuthProxy = p.disableEnterpriseAuthProxy();
        return f;
    }

    static MachinePolicy decode(PolicyFile f, Path file) {
        try {
            HostPort proxy = f.telemetryProxyServer == null
                    ? null
                    : PolicyValues.parseTelemetryProxyServer(f.telemetryProxyServer);
            Integer disable = f.disableEnterpriseAuthProxy == null
                    ? null
                    : PolicyValues.checkDisableEnterpriseAuthProxy(f.disableEnterpriseAuthProxy);
            return new MachinePolicy(proxy, disable);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file + ": " + e.getMessage(), e);
        }
    }
}
