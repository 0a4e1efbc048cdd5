package dev.uplink.cli.collector;

import static dev.uplink.cli.CommandModel.option;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.cli.CommandModel;
import dev.uplink.cli.CommandModel.Field;
import dev.uplink.collector.store.Device;
import dev.uplink.collector.store.EnrollmentToken;
import dev.uplink.collector.store.Store;
import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.protocol.IdAndSecret;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code uplink collector devices}: who is enrolled, and taking it back. Shows ids only, never secrets. */
@Command(
        name = "devices",
        mixinStandardHelpOptions = true,
        description = {
            "List, and revoke, enrolled devices and enrollment tokens.",
            "Lists devices (id, name, enrolled, last upload, status), or with --tokens",
            "the enrollment tokens. --revoke stops a device at once: its uploads get 403",
            "and are not stored. --revoke-token cancels an unused onboarding file.",
            "Works while the collector is running; never shows secrets."
        },
        footer = {
            "",
            "Examples:",
            "  uplink collector devices --data /var/lib/uplink-collector",
            "  uplink collector devices --data DIR --revoke dev-3f2a9c0d11b4e7a8",
            "  uplink collector devices --data DIR --tokens --json"
        })
public class DevicesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--revoke", paramLabel = "DEVICE-ID", description = "Revoke this device (repeatable).")
    List<String> revoke = new ArrayList<>();

    @Option(
            names = "--revoke-token",
            paramLabel = "TOKEN-ID",
            description = "Revoke this enrollment token (repeatable).")
    List<String> revokeTokens = new ArrayList<>();

    @Option(names = "--tokens", description = "List enrollment tokens instead of devices.")
    boolean tokens;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    /**
     * This command's model, made without reading the annotations above (docs/scaling.md#cli-start-up;
     * {@code CommandModelTest} holds the two equal).
     */
    public static CommandSpec model() {
        DevicesCommand c = new DevicesCommand();
        c.spec = CommandModel.command(
                c,
                "devices",
                new String[] {
                    "List, and revoke, enrolled devices and enrollment tokens.",
                    "Lists devices (id, name, enrolled, last upload, status), or with --tokens",
                    "the enrollment tokens. --revoke stops a device at once: its uploads get 403",
                    "and are not stored. --revoke-token cancels an unused onboarding file.",
                    "Works while the collector is running; never shows secrets."
                },
                "",
                "Examples:",
                "  uplink collector devices --data /var/lib/uplink-collector",
                "  uplink collector devices --data DIR --revoke dev-3f2a9c0d11b4e7a8",
                "  uplink collector devices --data DIR --tokens --json");
        c.storeOptions = StoreOptions.addTo(c.spec);
        Class<?> owner = DevicesCommand.class;
        c.spec.addOption(option(
                        Field.list(
                                owner,
                                "revoke",
                                String.class,
                                "java.util.List<String>",
                                () -> c.revoke,
                                v -> c.revoke = v),
                        "--revoke")
                .paramLabel("DEVICE-ID")
                .description("Revoke this device (repeatable).")
                .build());
        c.spec.addOption(option(
                        Field.list(
                                owner,
                                "revokeTokens",
                                String.class,
                                "java.util.List<String>",
                                () -> c.revokeTokens,
                                v -> c.revokeTokens = v),
                        "--revoke-token")
                .paramLabel("TOKEN-ID")
                .description("Revoke this enrollment token (repeatable).")
                .build());
        c.spec.addOption(option(
                        Field.of(owner, "tokens", boolean.class, "boolean", () -> c.tokens, v -> c.tokens = v),
                        "--tokens")
                .description("List enrollment tokens instead of devices.")
                .build());
        c.spec.addOption(
                option(Field.of(owner, "json", boolean.class, "boolean", () -> c.json, v -> c.json = v), "--json")
                        .description("Print JSON instead of a table.")
                        .build());
        CommandModel.addStandardHelpOptions(c.spec);
        return c.spec;
    }

    @Override
    public Integer call() throws IOException {
        for (String id : revoke) {
            check(id, IdAndSecret.DEVICE_ID.matcher(id).matches(), "--revoke", "dev-<16 hex digits>");
        }
        for (String id : revokeTokens) {
            check(id, IdAndSecret.TOKEN_ID.matcher(id).matches(), "--revoke-token", "tok-<16 hex digits>");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Store store = storeOptions.openExisting()) {
            Instant now = Instant.now();
            boolean changed = !revoke.isEmpty() || !revokeTokens.isEmpty();
            for (String id : revoke) {
                if (!store.devices().revoke(id, now)) {
                    throw new InvalidInputException("--revoke " + id + ": no such device in " + storeOptions.where()
                            + " (list them with 'uplink collector devices " + storeOptions.option() + "')");
                }
                if (!json) {
                    out.println("revoked device " + id);
                }
            }
            for (String id : revokeTokens) {
                if (!store.tokens().revoke(id, now)) {
                    throw new InvalidInputException("--revoke-token " + id + ": no such enrollment token in "
                            + storeOptions.where() + " (list them with 'uplink collector devices --tokens')");
                }
                if (!json) {
                    out.println("revoked enrollment token " + id);
                }
            }
            if (!changed || json) {
                if (tokens) {
                    printTokens(out, store.tokens().list(), now);
                } else {
                    printDevices(out, store.devices().list());
                }
            }
        }
        out.flush();
        return 0;
    }

    private static void check(String id, boolean ok, String flag, String expected) {
        if (!ok) {
            throw new InvalidInputException(flag + " '" + id + "' is not an id: expected " + expected);
        }
    }

    private void printDevices(PrintWriter out, List<Device> devices) throws IOException {
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Device d : devices) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", d.id());
                m.put("name", d.name());
                m.put("tokenId", d.tokenId());
                m.put("enrolledAt", text(d.enrolledAt()));
                m.put("lastSeenAt", text(d.lastSeenAt()));
                m.put("revokedAt", text(d.revokedAt()));
                m.put("status", d.revoked() ? "revoked" : "active");
                rows.add(m);
            }
            out.println(new ObjectMapper().writeValueAsString(rows));
            return;
        }
        if (devices.isEmpty()) {
            out.println("no devices enrolled");
            return;
        }
        String fmt = "%-21s %-24s %-24s %-24s %s%n";
        out.printf(fmt, "DEVICE", "NAME", "ENROLLED", "LAST UPLOAD", "STATUS");
        for (Device d : devices) {
            out.printf(
                    fmt,
                    d.id(),
                    d.name(),
                    d.enrolledAt(),
                    d.lastSeenAt() == null ? "never" : d.lastSeenAt(),
                    d.revoked() ? "revoked " + d.revokedAt() : "active");
        }
    }

    private void printTokens(PrintWriter out, List<EnrollmentToken> list, Instant now) throws IOException {
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (EnrollmentToken t : list) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", t.id());
                m.put("createdAt", text(t.createdAt()));
                m.put("expiresAt", text(t.expiresAt()));
                m.put("state", CaseMapping.lower(t.state(now).name()));
                m.put("usedBy", t.usedBy());
                rows.add(m);
            }
            out.println(new ObjectMapper().writeValueAsString(rows));
            return;
        }
        if (list.isEmpty()) {
            out.println("no enrollment tokens");
            return;
        }
        String fmt = "%-21s %-24s %-24s %-11s %s%n";
        out.printf(fmt, "TOKEN", "CREATED", "EXPIRES", "STATE", "USED BY");
        for (EnrollmentToken t : list) {
            out.printf(
                    fmt,
                    t.id(),
                    t.createdAt(),
                    t.expiresAt(),
                    CaseMapping.lower(t.state(now).name()),
                    t.usedBy() == null ? "-" : t.usedBy());
        }
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }
}
