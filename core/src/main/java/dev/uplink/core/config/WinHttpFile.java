package dev.uplink.core.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.uplink.core.InvalidInputException;
import java.nio.file.Path;

/** On-disk form of {@code winhttp.json}; key names as netsh's advproxy JSON. */
@JsonInclude(JsonInclude.Include.NON_NULL)
final class WinHttpFile {
    @JsonProperty("Proxy")
    public String proxy;

    @JsonProperty("ProxyBypass")
    public String proxyBypass;

    @JsonProperty("AutoconfigUrl")
    public String autoconfigUrl;

    @JsonProperty("AutoDetect")
    public Boolean autoDetect;

    static WinHttpFile encode(WinHttpSettings s) {
        WinHttpFile f = new WinHttpFile();
        f.proxy = s.proxy() == null ? null : s.proxy().toString();
        f.proxyBypass = s.bypassList();
        f.autoconfigUrl = s.autoconfigUrl();
        f.autoDetect = s.autoDetect() ? Boolean.TRUE : null;
        return f;
    }

    static WinHttpSettings decode(WinHttpFile f, Path file) {
        try {
            return WinHttpValues.settings(f.proxy, f.proxyBypass, f.autoconfigUrl, Boolean.TRUE.equals(f.autoDetect));
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file + ": " + e.getMessage(), e);
        }
    }
}
