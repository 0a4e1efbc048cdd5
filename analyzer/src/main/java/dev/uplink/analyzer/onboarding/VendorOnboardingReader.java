package dev.uplink.analyzer.onboarding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.analyzer.onboarding.VendorOnboarding.Kind;
import dev.uplink.core.CaseMapping;
import dev.uplink.core.InputFiles;
import dev.uplink.core.InvalidInputException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the vendor's onboarding artefacts, recognised by content (docs/behaviour.md#vendor-onboarding-packages).
 * All of them carry the same signed blob, {@code {"body": "<JSON>", "sig", "sha256sig", "cert", "chain"}},
 * wrapped in the quoting of whatever writes it on the device: a {@code reg.exe /d "..."} argument,
 * a Python {@code '''} literal, a single-quoted shell variable, a JSON string, a plist string.
 * Only the body is read; error messages never quote the input, which holds the signature.
 */
public final class VendorOnboardingReader {

    /** The vendor's scripts are 10-20 KB; a profile with a signature a little more. */
    public static final long MAX_BYTES = 1024 * 1024;

    public static final String EXPECTED = "expected the vendor's onboarding package "
            + "(WindowsDefenderATPOnboardingScript.cmd, MicrosoftDefenderATPOnboardingLinuxServer.py or .sh, "
            + "mdatp_onboard.json, or a macOS configuration profile with OnboardingInfo)";

    private static final ObjectMapper MAPPER = InputFiles.jsonMapper();
    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern GEO = Pattern.compile("[A-Za-z]{2,8}");
    private static final Pattern WINDOWS_VALUE =
            Pattern.compile("/v\\s+OnboardingInfo\\s+/t\\s+REG_SZ\\s+/f\\s+/d\\s+", Pattern.CASE_INSENSITIVE);

    private VendorOnboardingReader() {}

    /** Whether the bytes look like one of the vendor's artefacts rather than an uplink onboarding file. */
    public static boolean recognises(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        return text.contains("OnboardingInfo") || text.contains("onboardingInfo");
    }

    public static VendorOnboarding read(Path file) {
        return parse(InputFiles.read(file, MAX_BYTES, "an onboarding package"), file.toString());
    }

    public static VendorOnboarding parse(byte[] bytes, String source) {
        // ISO-8859-1 keeps every byte: a signed profile is DER around the plain XML plist.
        String raw = new String(bytes, StandardCharsets.ISO_8859_1);
        int plist = raw.indexOf("<plist");
        if (plist >= 0) {
            return fromBlob(profileValue(bytes, raw, source), Kind.MACOS_PROFILE, source);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        var windows = WINDOWS_VALUE.matcher(text);
        if (windows.find()) {
            return fromBlob(msvcrtArgument(text, windows.end(), source), Kind.WINDOWS_SCRIPT, source);
        }
        int shell = text.indexOf("BLOB_PAYLOAD='");
        if (shell >= 0) {
            int start = shell + "BLOB_PAYLOAD='".length();
            int end = text.indexOf('\'', start);
            if (end < 0) {
                throw new InvalidInputException(source + ": BLOB_PAYLOAD is not closed: " + EXPECTED);
            }
            return fromOnboardJson(text.substring(start, end), Kind.LINUX_SHELL, source);
        }
        int info = text.indexOf("onboardingInfo");
        int open = info < 0 ? -1 : text.lastIndexOf("'''", info);
        if (open >= 0) {
            int close = text.indexOf("'''", info);
            if (close < 0) {
                throw new InvalidInputException(source + ": the ''' literal is not closed: " + EXPECTED);
            }
            return fromOnboardJson(pythonUnescape(text.substring(open + 3, close)), Kind.LINUX_PYTHON, source);
        }
        String trimmed = text.strip();
        if (trimmed.startsWith("{")) {
            return fromOnboardJson(trimmed, Kind.ONBOARD_JSON, source);
        }
        throw new InvalidInputException(source + " is none of the forms uplink reads: " + EXPECTED);
    }

    private static VendorOnboarding fromOnboardJson(String json, Kind kind, String source) {
        JsonNode root = json(json, source + " (" + kind.label() + ")");
        JsonNode info = root.get("onboardingInfo");
        if (info == null || !info.isTextual()) {
            throw new InvalidInputException(
                    source + ": no \"onboardingInfo\" string in the " + kind.label() + ": " + EXPECTED);
        }
        return fromBlob(info.asText(), kind, source);
    }

    private static VendorOnboarding fromBlob(String blob, Kind kind, String source) {
        String where = source + " (" + kind.label() + ")";
        JsonNode outer = json(blob, where + ": OnboardingInfo");
        JsonNode bodyText = outer.get("body");
        if (bodyText == null || !bodyText.isTextual()) {
            throw new InvalidInputException(where + ": OnboardingInfo has no \"body\" string: " + EXPECTED);
        }
        JsonNode body = json(bodyText.asText(), where + ": OnboardingInfo body");
        String orgId = field(body, "orgId", where);
        if (!UUID.matcher(orgId).matches()) {
            throw new InvalidInputException(where + ": \"orgId\" is not an organisation id (a UUID)");
        }
        String geo = field(body, "vortexGeoLocation", where);
        if (!GEO.matcher(geo).matches()) {
            throw new InvalidInputException(where + ": \"vortexGeoLocation\" is not a data location such as US or EU");
        }
        URI edr = httpsUrl(field(body, "geoLocationUrl", where), "geoLocationUrl", where);
        String telemetry = optional(body, "vortexServerUrl");
        return new VendorOnboarding(
                kind,
                CaseMapping.lower(orgId),
                CaseMapping.upper(geo),
                optional(body, "datacenter"),
                edr,
                telemetry == null ? null : httpsUrl(telemetry, "vortexServerUrl", where),
                optional(body, "deviceType"),
                optional(body, "version"));
    }

    private static JsonNode json(String text, String where) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the offending token: the input holds the signature, so only the line.
            String line =
                    e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new InvalidInputException(where + " is not valid JSON" + line + ": " + EXPECTED);
        }
        if (node == null || !node.isObject()) {
            throw new InvalidInputException(where + " is not a JSON object: " + EXPECTED);
        }
        return node;
    }

    private static String field(JsonNode body, String key, String where) {
        String value = optional(body, key);
        if (value == null) {
            throw new InvalidInputException(where + ": the OnboardingInfo body has no \"" + key + "\": " + EXPECTED);
        }
        return value;
    }

    private static String optional(JsonNode body, String key) {
        JsonNode n = body.get(key);
        return n == null || !n.isTextual() || n.asText().isBlank()
                ? null
                : n.asText().strip();
    }

    private static URI httpsUrl(String text, String key, String where) {
        try {
            URI u = new URI(text);
            if (!"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null || u.getRawUserInfo() != null) {
                throw new InvalidInputException(where + ": \"" + key + "\" is not an https:// URL with a host");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new InvalidInputException(where + ": \"" + key + "\" is not a URL");
        }
    }

    /**
     * The argument of {@code reg.exe /d} as the Microsoft C runtime splits a command line:
     * inside quotes, 2n backslashes before a quote are n backslashes and the end of the
     * argument; 2n+1 are n backslashes and a literal quote; backslashes elsewhere are literal.
     */
    static String msvcrtArgument(String text, int start, String source) {
        if (start >= text.length() || text.charAt(start) != '"') {
            throw new InvalidInputException(source + ": the OnboardingInfo value after /d is not quoted: " + EXPECTED);
        }
        StringBuilder out = new StringBuilder();
        int i = start + 1;
        while (i < text.length()) {
            int backslashes = 0;
            while (i < text.length() && text.charAt(i) == '\\') {
                backslashes++;
                i++;
            }
            if (i < text.length() && text.charAt(i) == '"') {
                out.append("\\".repeat(backslashes / 2));
                if (backslashes % 2 == 0) {
                    return out.toString();
                }
                out.append('"');
                i++;
            } else {
                out.append("\\".repeat(backslashes));
                if (i < text.length()) {
                    char c = text.charAt(i++);
                    if (c == '\r' || c == '\n') {
                        break;
                    }
                    out.append(c);
                }
            }
        }
        throw new InvalidInputException(source + ": the OnboardingInfo value after /d is not closed: " + EXPECTED);
    }

    /** The escapes of a Python (non-raw) string literal the vendor's script uses; others stay as written. */
    static String pythonUnescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                out.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case '\\', '\'', '"' -> out.append(n);
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case '\n' -> {
                    // a backslash-newline continues the line: nothing
                }
                default -> out.append('\\').append(n);
            }
        }
        return out.toString();
    }

    /** The string after {@code <key>OnboardingInfo</key>}, read without fetching the plist DTD. */
    private static String profileValue(byte[] bytes, String raw, String source) {
        int xmlStart = raw.indexOf("<?xml");
        int end = raw.indexOf("</plist>");
        if (end < 0) {
            throw new InvalidInputException(source + ": the profile's plist is not closed: " + EXPECTED);
        }
        int from = xmlStart >= 0 && xmlStart < end ? xmlStart : raw.indexOf("<plist");
        String xml = new String(bytes, from, end + "</plist>".length() - from, StandardCharsets.UTF_8);
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try {
            XMLStreamReader r = factory.createXMLStreamReader(new StringReader(xml));
            boolean nextIsValue = false;
            while (r.hasNext()) {
                if (r.next() != XMLStreamReader.START_ELEMENT) {
                    continue;
                }
                String name = r.getLocalName();
                if (name.equals("key")) {
                    nextIsValue = "OnboardingInfo".equals(r.getElementText().strip());
                } else if (nextIsValue) {
                    if (!name.equals("string")) {
                        throw new InvalidInputException(
                                source + ": OnboardingInfo in the profile is a <" + name + ">, not a <string>");
                    }
                    return r.getElementText();
                }
            }
        } catch (XMLStreamException e) {
            throw new InvalidInputException(source + ": the profile is not well-formed XML (line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNumber()) + "): " + EXPECTED);
        }
        throw new InvalidInputException(source + ": the profile has no OnboardingInfo key: " + EXPECTED);
    }
}
