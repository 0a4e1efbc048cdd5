package dev.uplink.core.wpad;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.core.InvalidInputException;
import java.util.Optional;

/**
 * Lease files of systemd-networkd ({@code /run/systemd/netif/leases/<ifindex>}) and of the
 * systemd-derived DHCP client in NetworkManager ({@code internal-*.lease}).
 *
 * <p>Two generations exist. The env-file form ({@code KEY=VALUE} lines) stores the domain as
 * {@code DOMAINNAME=} and every option in the private range 224-254 as {@code OPTION_<code>=<hex>},
 * so option 252 is {@code OPTION_252=687474703a2f2f...}. Newer systemd writes a JSON object with
 * {@code "Domain_Name"} and {@code "Private_Options": [{"Option": 252, "Data": "<hex>"}]}.
 */
public final class NetworkdLeaseParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NetworkdLeaseParser() {}

    public static DhcpLease parse(String text, String source) {
        return text.stripLeading().startsWith("{") ? parseJson(text, source) : parseEnv(text, source);
    }

    static DhcpLease parseEnv(String text, String source) {
        String wpad = null;
        String domain = null;
        int lineNo = 0;
        for (String raw : text.split("\\R")) {
            lineNo++;
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new InvalidInputException(source + " line " + lineNo + " '" + DhcpOptionText.abbreviate(line)
                        + "' is not KEY=VALUE: expected a systemd-networkd lease file");
            }
            String key = line.substring(0, eq).trim();
            String value = unquote(line.substring(eq + 1).trim());
            switch (key) {
                case "OPTION_252" ->
                    wpad = value.isEmpty()
                            ? null
                            : DhcpOptionText.text(DhcpOptionText.hex(value, source + " OPTION_252"));
                case "DOMAINNAME" -> domain = value;
                default -> {
                    // ADDRESS, ROUTER, LIFETIME...: not needed for WPAD
                }
            }
        }
        return new DhcpLease(
                source,
                Optional.empty(),
                DhcpOptionText.nonBlank(wpad),
                DhcpOptionText.nonBlank(domain),
                Optional.empty());
    }

    static DhcpLease parseJson(String text, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(source + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(source + " is not a JSON object: expected a systemd-networkd lease");
        }
        String domain =
                root.path("Domain_Name").isTextual() ? root.get("Domain_Name").asText() : null;
        String wpad = null;
        JsonNode options = root.path("Private_Options");
        if (!options.isMissingNode() && !options.isArray()) {
            throw new InvalidInputException(source + " Private_Options is not an array");
        }
        for (JsonNode option : options) {
            if (option.path("Option").asInt(-1) == 252) {
                JsonNode data = option.path("Data");
                wpad = DhcpOptionText.text(
                        data.isArray()
                                ? bytes(data, source)
                                : DhcpOptionText.hex(data.asText(), source + " option 252 Data"));
            }
        }
        return new DhcpLease(
                source,
                Optional.empty(),
                DhcpOptionText.nonBlank(wpad),
                DhcpOptionText.nonBlank(domain),
                Optional.empty());
    }

    /** Some JSON writers store bytes as an array of numbers instead of a hex string. */
    private static byte[] bytes(JsonNode array, String source) {
        byte[] out = new byte[array.size()];
        for (int i = 0; i < out.length; i++) {
            int b = array.get(i).asInt(-1);
            if (b < 0 || b > 255) {
                throw new InvalidInputException(source + " option 252 Data[" + i + "] is not a byte (0-255)");
            }
            out[i] = (byte) b;
        }
        return out;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
