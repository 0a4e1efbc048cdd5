package dev.uplink.core.proxyauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uplink.core.InputFiles;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.PrivateFiles;
import dev.uplink.core.config.ConfigStore;
import dev.uplink.core.config.SettingsFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Set;

/**
 * The proxy authentication settings in the configuration directory: {@code proxyauth.json} (the
 * scheme and its non-secret parts, a settings file like {@code policy.json}) and
 * {@code proxyauth.secret} (the Basic password, mode 0600 from its first byte, refused when its
 * group or others can read it). Nothing read from the secret file is ever put into a message.
 */
public final class ProxyAuthStore {

    public static final String SETTINGS_FILE = "proxyauth.json";
    public static final String SECRET_FILE = "proxyauth.secret";
    /** A password longer than this is not a password. */
    public static final int MAX_SECRET_BYTES = 4096;

    private static final long MAX_SETTINGS_BYTES = 64 * 1024;
    private static final Set<String> FIELDS =
            Set.of("scheme", "user", "allowCleartext", "keytab", "principal", "krb5Conf");
    private static final ObjectMapper JSON = InputFiles.jsonMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    public ProxyAuthStore(Path configDir) {
        this.dir = configDir;
    }

    public ProxyAuthStore(ConfigStore config) {
        this(config.dir());
    }

    public Path settingsFile() {
        return dir.resolve(SETTINGS_FILE);
    }

    public Path secretFile() {
        return dir.resolve(SECRET_FILE);
    }

    /** The settings, or null when none are configured. */
    public ProxyAuthSettings load() {
        byte[] bytes = SettingsFiles.readTrusted(settingsFile(), MAX_SETTINGS_BYTES);
        return bytes == null ? null : decode(bytes, settingsFile());
    }

    /**
     * The Basic password, checked owner-only first; an {@link InvalidInputException} names the file
     * (never its content) when it is missing, too open or not a password.
     */
    public byte[] loadSecret() {
        Path f = secretFile();
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException(f + " is missing: run 'uplink proxyauth set basic' again");
        }
        try {
            PrivateFiles.requireOwnerOnly(f, "the proxy password file " + f);
            return readSecret(f);
        } catch (IOException e) {
            throw new SettingsFiles.UncheckedIOExceptionWithPath("cannot read " + f, e);
        }
    }

    /** Writes the settings, and the password when given (owner-only); removes a stale password otherwise. */
    public void save(ProxyAuthSettings settings, byte[] secret) {
        try {
            if (!Files.isDirectory(dir)) {
                // as for the other settings files: a directory others can read but not write
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            }
            SettingsFiles.checkTrusted(dir.toAbsolutePath());
            if (secret != null) {
                PrivateFiles.write(secretFile(), secret);
            } else {
                SettingsFiles.delete(secretFile());
            }
        } catch (IOException e) {
            throw new SettingsFiles.UncheckedIOExceptionWithPath("cannot write " + secretFile(), e);
        }
        SettingsFiles.writeAtomically(settingsFile(), encode(settings));
    }

    /** Removes both files; true when anything was configured. */
    public boolean reset() {
        boolean had = Files.exists(settingsFile(), LinkOption.NOFOLLOW_LINKS)
                || Files.exists(secretFile(), LinkOption.NOFOLLOW_LINKS);
        SettingsFiles.delete(secretFile());
        SettingsFiles.delete(settingsFile());
        return had;
    }

    /**
     * A password from a file given on the command line: owner-only like the stored one, at most
     * {@link #MAX_SECRET_BYTES}, one line (a final line break is dropped), not empty.
     */
    public static byte[] readPasswordFile(Path file) {
        InputFiles.checkRegular(file, "a file holding the proxy password on one line, mode 0600");
        try {
            PrivateFiles.requireOwnerOnly(file, "the password file " + file);
            return readSecret(file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read the password file " + file + ": " + e.getMessage());
        }
    }

    private static byte[] readSecret(Path f) throws IOException {
        if (Files.size(f) > MAX_SECRET_BYTES) {
            throw new InvalidInputException(
                    f + " is larger than " + MAX_SECRET_BYTES + " bytes: expected a password on one line");
        }
        byte[] b = Files.readAllBytes(f);
        int end = b.length;
        if (end > 0 && b[end - 1] == '\n') {
            end--;
        }
        if (end > 0 && b[end - 1] == '\r') {
            end--;
        }
        byte[] pw = Arrays.copyOf(b, end);
        Arrays.fill(b, (byte) 0);
        if (pw.length == 0) {
            throw new InvalidInputException(f + " is empty: expected a password on one line");
        }
        for (byte c : pw) {
            if (c == '\n' || c == '\r' || c == 0) {
                Arrays.fill(pw, (byte) 0);
                throw new InvalidInputException(
                        f + " holds more than one line or a NUL byte: expected a password on one line");
            }
        }
        return pw;
    }

    private static byte[] encode(ProxyAuthSettings s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("scheme", s.scheme().word());
        if (s.scheme() == ProxyAuthSettings.Scheme.BASIC) {
            o.put("user", s.user());
            o.put("allowCleartext", s.allowCleartext());
        } else {
            o.put("keytab", s.keytab() == null ? null : s.keytab().toString());
            o.put("principal", s.principal());
            o.put("krb5Conf", s.krb5Conf() == null ? null : s.krb5Conf().toString());
        }
        try {
            return (JSON.writeValueAsString(o) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise proxy authentication settings", e);
        }
    }

    static ProxyAuthSettings decode(byte[] bytes, Path file) {
        String expected = "; expected a JSON object as written by 'uplink proxyauth set', e.g. "
                + "{\"scheme\": \"basic\", \"user\": \"alice\", \"allowCleartext\": false}";
        JsonNode n;
        try {
            n = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new InvalidInputException(file + " is not valid JSON" + expected);
        }
        if (n == null || !n.isObject()) {
            throw new InvalidInputException(file + " is not a JSON object" + expected);
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new InvalidInputException(file + " has an unknown field '" + f + "'" + expected);
            }
        }
        try {
            ProxyAuthSettings.Scheme scheme = ProxyAuthSettings.Scheme.parse(text(n, "scheme", file, true));
            return switch (scheme) {
                case BASIC ->
                    ProxyAuthSettings.basic(
                            text(n, "user", file, true),
                            n.path("allowCleartext").isBoolean()
                                    && n.get("allowCleartext").booleanValue());
                case NEGOTIATE ->
                    ProxyAuthSettings.negotiate(
                            path(text(n, "keytab", file, false)),
                            text(n, "principal", file, false),
                            path(text(n, "krb5Conf", file, false)));
            };
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode n, String field, Path file, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new InvalidInputException("field '" + field + "' is missing");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidInputException("field '" + field + "' is not a string");
        }
        return v.textValue();
    }

    private static Path path(String s) {
        return s == null ? null : Path.of(s);
    }
}
