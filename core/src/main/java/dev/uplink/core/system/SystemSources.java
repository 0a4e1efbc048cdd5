package dev.uplink.core.system;

import dev.uplink.core.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads every proxy setting of a Linux machine below a root directory, read-only
 * (docs/behaviour.md#machine-proxy-sources). A missing file is simply absent; an unreadable or
 * damaged one is a {@link Finding}.
 */
public final class SystemSources {

    public static final String SENSOR_UNIT = "uplink-sensor.service";
    public static final String VENDOR_UNIT = "mdatp.service";
    static final String VENDOR_MANAGED = "/etc/opt/microsoft/mdatp/managed/mdatp_managed.json";
    static final String VENDOR_LOCAL = "/etc/opt/microsoft/mdatp/wdavcfg";

    private SystemSources() {}

    public static SourcesReport read(Path rootDir) {
        return read(rootDir, false);
    }

    /**
     * @param serviceScopeOnly read only the kinds that can reach a service (what route resolution
     *                         needs: a command such as {@code resolve} should not pay for desktop
     *                         settings it never uses); the conflicts are then among those only
     */
    public static SourcesReport read(Path rootDir, boolean serviceScopeOnly) {
        SystemRoot root = new SystemRoot(rootDir);
        List<ProxySource> sources = new ArrayList<>();
        RunningSensor.read(root, sources);
        unit(root, SENSOR_UNIT, SourceKind.SENSOR_UNIT, sources);
        vendorJson(root, VENDOR_MANAGED, SourceKind.VENDOR_MANAGED, sources);
        vendorJson(root, VENDOR_LOCAL, SourceKind.VENDOR_LOCAL, sources);
        unit(root, VENDOR_UNIT, SourceKind.VENDOR_UNIT, sources);
        sysconfig(root, sources);
        if (serviceScopeOnly) {
            return SourcesReport.of(sources, root.findings());
        }
        apt(root, sources);
        envFile(root, "/etc/environment", SourceKind.ETC_ENVIRONMENT, EnvAssignments.Dialect.PAM_ENV, sources);
        for (String name : root.list("/etc/profile.d")) {
            if (name.endsWith(".sh")) {
                envFile(root, "/etc/profile.d/" + name, SourceKind.PROFILE_D, EnvAssignments.Dialect.SHELL, sources);
            }
        }
        for (String name : root.list("/etc/NetworkManager/system-connections")) {
            String path = "/etc/NetworkManager/system-connections/" + name;
            root.readText(path)
                    .map(KeyFile::parse)
                    .map(f -> DesktopProxy.networkManager(f, root.display(path)))
                    .ifPresent(sources::add);
        }
        for (String db : root.list("/etc/dconf/db")) {
            if (!db.endsWith(".d")) {
                continue;
            }
            for (String name : root.list("/etc/dconf/db/" + db)) {
                String path = "/etc/dconf/db/" + db + "/" + name;
                if (root.locate(path).map(java.nio.file.Files::isRegularFile).orElse(false)) {
                    root.readText(path)
                            .map(KeyFile::parse)
                            .map(f -> DesktopProxy.gnome(f, root.display(path)))
                            .ifPresent(sources::add);
                }
            }
        }
        root.readText("/etc/xdg/kioslaverc")
                .map(KeyFile::parse)
                .map(f -> DesktopProxy.kde(f, root.display("/etc/xdg/kioslaverc")))
                .ifPresent(sources::add);
        return SourcesReport.of(sources, root.findings());
    }

    private static void unit(SystemRoot root, String unitName, SourceKind kind, List<ProxySource> sources) {
        SystemdUnitEnvironment.Result unit = SystemdUnitEnvironment.read(root, unitName);
        if (!unit.found()) {
            return;
        }
        Map<String, String> vars = EnvProxySource.proxyVariables(unit.environment());
        List<String> notes = new ArrayList<>(unit.notes());
        vars.keySet().forEach(k -> notes.add(k + " from " + unit.origin().get(k)));
        String location = "unit " + unitName + " (" + root.display(unit.unitFile())
                + (unit.files().size() > 1 ? " and " + (unit.files().size() - 1) + " drop-in(s)" : "") + ")";
        ProxySource s = EnvProxySource.from(kind, location, vars, notes);
        // The unit is listed even without a proxy: "the sensor's unit sets no proxy" is worth seeing.
        sources.add(
                s != null ? s : new ProxySource(kind, location, "no proxy variables", null, null, null, null, notes));
    }

    private static void vendorJson(SystemRoot root, String path, SourceKind kind, List<ProxySource> sources) {
        root.readText(path).ifPresent(text -> {
            try {
                ProxySource s = VendorConfig.parseJson(text, kind, root.display(path));
                if (s != null) {
                    sources.add(s);
                }
            } catch (InvalidInputException e) {
                root.report(root.display(path), e.getMessage());
            }
        });
    }

    private static void sysconfig(SystemRoot root, List<ProxySource> sources) {
        String path = "/etc/sysconfig/proxy";
        root.readText(path).ifPresent(text -> {
            EnvAssignments.Parsed p = EnvAssignments.parse(text, EnvAssignments.Dialect.SHELL);
            List<String> notes = new ArrayList<>();
            String enabled = p.values().getOrDefault("PROXY_ENABLED", "");
            Map<String, String> vars = new LinkedHashMap<>();
            p.values().forEach((k, v) -> {
                if (!v.isBlank()) {
                    vars.put(k, v);
                }
            });
            if (!enabled.equalsIgnoreCase("yes")) {
                ProxySource off = EnvProxySource.from(SourceKind.SYSCONFIG_PROXY, root.display(path), vars, notes);
                if (off != null) {
                    sources.add(new ProxySource(
                            off.kind(),
                            off.location(),
                            "PROXY_ENABLED=\"" + enabled + "\" " + off.setting(),
                            null,
                            null,
                            null,
                            null,
                            List.of("PROXY_ENABLED is not \"yes\": not used")));
                }
                return;
            }
            ProxySource s = EnvProxySource.from(SourceKind.SYSCONFIG_PROXY, root.display(path), vars, notes);
            if (s != null) {
                sources.add(s);
            }
        });
    }

    private static void apt(SystemRoot root, List<ProxySource> sources) {
        // apt reads the parts directory in name order, then the main file (docs/behaviour.md#machine-proxy-sources).
        List<String> files = new ArrayList<>();
        for (String name : root.list("/etc/apt/apt.conf.d")) {
            if (name.matches("[A-Za-z0-9_.-]+") && (!name.contains(".") || name.endsWith(".conf"))) {
                files.add("/etc/apt/apt.conf.d/" + name);
            }
        }
        files.add("/etc/apt/apt.conf");
        Map<String, String> values = new LinkedHashMap<>();
        List<String> contributing = new ArrayList<>();
        for (String f : files) {
            root.readText(f).ifPresent(text -> {
                Map<String, String> these = AptProxy.assignments(text);
                if (these.keySet().stream().anyMatch(k -> k.startsWith("acquire::http"))) {
                    contributing.add(root.display(f));
                }
                values.putAll(these);
            });
        }
        if (!contributing.isEmpty()) {
            ProxySource s = AptProxy.parse(values, String.join(", ", contributing));
            if (s != null) {
                sources.add(s);
            }
        }
    }

    private static void envFile(
            SystemRoot root, String path, SourceKind kind, EnvAssignments.Dialect dialect, List<ProxySource> sources) {
        root.readText(path).ifPresent(text -> {
            EnvAssignments.Parsed p = EnvAssignments.parse(text, dialect);
            List<String> notes = new ArrayList<>();
            if (!p.notInterpreted().isEmpty()) {
                notes.add(String.join(", ", p.notInterpreted())
                        + " mention a proxy but are shell code (variables, commands, conditions): not interpreted");
            }
            ProxySource s = EnvProxySource.from(kind, root.display(path), p.values(), notes);
            if (s != null) {
                sources.add(s);
            } else if (!notes.isEmpty()) {
                sources.add(new ProxySource(kind, root.display(path), "shell code", null, null, null, null, notes));
            }
        });
    }
}
