package dev.uplink.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.uplink.core.InputFiles;
import dev.uplink.core.InvalidInputException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The configuration directory: {@code policy.json} (machine policy) and {@code winhttp.json}
 * (system-wide proxy). Every load re-validates the content, so a file edited by hand is held to
 * the same rules as one written by {@code uplink policy set}.
 */
public final class ConfigStore {

    public static final String ENV_CONFIG_DIR = "UPLINK_CONFIG_DIR";
    public static final Path DEFAULT_DIR = Path.of("/etc/uplink");
    public static final String POLICY_FILE = "policy.json";
    public static final String WINHTTP_FILE = "winhttp.json";
    private static final long MAX_FILE_BYTES = 1 << 20;

    static final ObjectMapper JSON = InputFiles.jsonMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final Path dir;

    public ConfigStore(Path dir) {
        this.dir = dir;
    }

    /** {@code --config-dir}, else {@code $UPLINK_CONFIG_DIR}, else {@code /etc/uplink}. */
    public static ConfigStore locate(Path flag, Map<String, String> env) {
        if (flag != null) {
            return new ConfigStore(flag);
        }
        String fromEnv = env.get(ENV_CONFIG_DIR);
        return new ConfigStore(fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv) : DEFAULT_DIR);
    }

    public Path dir() {
        return dir;
    }

    public Path policyFile() {
        return dir.resolve(POLICY_FILE);
    }

    public Path winHttpFile() {
        return dir.resolve(WINHTTP_FILE);
    }

    public MachinePolicy loadPolicy() {
        byte[] bytes = SettingsFiles.readTrusted(policyFile(), MAX_FILE_BYTES);
        return bytes == null
                ? MachinePolicy.EMPTY
                : PolicyFile.decode(read(bytes, PolicyFile.class, policyFile()), policyFile());
    }

    public void savePolicy(MachinePolicy policy) {
        if (policy.equals(MachinePolicy.EMPTY)) {
            SettingsFiles.delete(policyFile());
        } else {
            SettingsFiles.writeAtomically(policyFile(), write(PolicyFile.encode(policy)));
        }
    }

    public WinHttpSettings loadWinHttp() {
        byte[] bytes = SettingsFiles.readTrusted(winHttpFile(), MAX_FILE_BYTES);
        return bytes == null
                ? WinHttpSettings.DIRECT
                : WinHttpFile.decode(read(bytes, WinHttpFile.class, winHttpFile()), winHttpFile());
    }

    public void saveWinHttp(WinHttpSettings settings) {
        if (settings.equals(WinHttpSettings.DIRECT)) {
            SettingsFiles.delete(winHttpFile());
        } else {
            SettingsFiles.writeAtomically(winHttpFile(), write(WinHttpFile.encode(settings)));
        }
    }

    /** A snapshot of both files, for the route resolver. */
    public ProxySettingsSnapshot load() {
        return new ProxySettingsSnapshot(loadPolicy(), loadWinHttp());
    }

    private static <T> T read(byte[] bytes, Class<T> type, Path file) {
        try {
            return JSON.readValue(bytes, type);
        } catch (java.io.IOException e) {
            String why = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            throw new InvalidInputException(file + " is not a valid settings file (" + firstLine(why)
                    + "); expected a JSON object as written by uplink, e.g. " + exampleFor(type));
        }
    }

    private static String exampleFor(Class<?> type) {
        return type == PolicyFile.class
                ? "{\"TelemetryProxyServer\": \"10.0.0.6:8080\", \"DisableEnterpriseAuthProxy\": 1}"
                : "{\"Proxy\": \"10.0.0.6:8080\", \"ProxyBypass\": \"<local>\", \"AutoconfigUrl\": null, \"AutoDetect\": false}";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static byte[] write(Object value) {
        try {
            return (JSON.writeValueAsString(value) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise settings", e);
        }
    }
}
