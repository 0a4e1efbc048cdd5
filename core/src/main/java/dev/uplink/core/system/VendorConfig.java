package dev.uplink.core.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.uplink.core.InputFiles;
import dev.uplink.core.InvalidInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The vendor agent's proxy in its JSON settings: {@code cloudService.proxy}, a URL such as
 * {@code http://proxy.example.com:8080/} (docs/behaviour.md#machine-proxy-sources). The same key is
 * used by the managed file ({@code mdatp_managed.json}), the local settings {@code mdatp config
 * proxy set} writes ({@code wdavcfg}) and the macOS profile ({@code com.microsoft.wdav}).
 */
final class VendorConfig {

    private VendorConfig() {}

    /** The source, null when the document has no {@code cloudService.proxy}; a damaged document throws. */
    static ProxySource parseJson(String text, SourceKind kind, String location) {
        JsonNode root;
        try {
            root = InputFiles.jsonMapper().readTree(text);
        } catch (IOException e) {
            throw new InvalidInputException(location + " is not valid JSON: expected the agent's settings, "
                    + "e.g. {\"cloudService\": {\"proxy\": \"http://proxy.example.com:8080/\"}}");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(location + " is not a JSON object: expected the agent's settings");
        }
        JsonNode proxy = root.path("cloudService").path("proxy");
        if (proxy.isMissingNode() || proxy.isNull()) {
            return null;
        }
        return fromValue(proxy.isTextual() ? proxy.asText() : null, proxy.toString(), kind, location);
    }

    /** The source for one {@code cloudService.proxy} value (null {@code text}: not a string). */
    static ProxySource fromValue(String text, String raw, SourceKind kind, String location) {
        List<String> notes = new ArrayList<>();
        String setting = "cloudService.proxy=" + ProxyValues.safe(text == null ? raw : text);
        if (text == null) {
            notes.add("not usable: cloudService.proxy is not a string");
            return new ProxySource(kind, location, setting, null, null, null, null, notes);
        }
        if (text.isBlank()) {
            return new ProxySource(kind, location, setting, null, null, null, null, notes);
        }
        String proxy = null;
        try {
            proxy = ProxyValues.fromUrl(text, "cloudService.proxy").toString();
            if (text.contains("@")) {
                notes.add("the user name and password in the URL were removed: uplink connects anonymously");
            }
        } catch (InvalidInputException e) {
            notes.add("not usable: " + e.getMessage());
        }
        return new ProxySource(kind, location, setting, proxy, null, null, null, notes);
    }
}
