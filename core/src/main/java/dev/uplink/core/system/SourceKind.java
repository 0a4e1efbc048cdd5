package dev.uplink.core.system;

import dev.uplink.core.CaseMapping;

/**
 * Every place a machine keeps a proxy setting that uplink reads, with whom the setting reaches
 * (docs/behaviour.md#machine-proxy-sources). {@code serviceRank} orders the kinds that reach a system
 * service such as the sensor (lower wins, see {@link EffectiveSource}); -1 marks a kind that never
 * does (per-user and desktop settings, apt's own).
 */
public enum SourceKind {
    SENSOR_PROCESS("the running sensor's environment", Scope.SYSTEM, "the uplink sensor as it runs now", 0),
    SENSOR_UNIT("the sensor's systemd unit", Scope.SYSTEM, "the uplink sensor's service", 1),
    VENDOR_MANAGED("the vendor agent's managed configuration", Scope.SYSTEM, "the vendor agent", 2),
    VENDOR_LOCAL("the vendor agent's local configuration (mdatp config)", Scope.SYSTEM, "the vendor agent", 3),
    VENDOR_UNIT("the vendor agent's systemd unit", Scope.SYSTEM, "the vendor agent's service", 4),
    SYSCONFIG_PROXY("/etc/sysconfig/proxy", Scope.SYSTEM, "services and shells that read /etc/sysconfig/proxy", 5),
    APT("apt's proxy setting", Scope.SYSTEM, "apt only", -1),
    ETC_ENVIRONMENT("/etc/environment", Scope.USER, "login sessions (pam_env), not system services", -1),
    PROFILE_D("a login-shell profile script", Scope.USER, "login shells, not system services", -1),
    NETWORK_MANAGER(
            "a NetworkManager connection profile", Scope.USER, "desktop sessions while that connection is up", -1),
    GNOME("the GNOME system default", Scope.USER, "GNOME desktop users", -1),
    KDE("the KDE system default", Scope.USER, "KDE desktop users", -1),
    // Exported settings of another machine (uplink system import).
    MACHINE_POLICY("the machine policy (TelemetryProxyServer)", Scope.SYSTEM, "the EDR sensor", 0),
    WINHTTP("the WinHTTP default proxy", Scope.SYSTEM, "services that use WinHTTP, the EDR sensor among them", 1),
    DEFENDER_AV("the Defender Antivirus proxy policy", Scope.SYSTEM, "Defender Antivirus only", -1),
    WININET_MACHINE("the machine-wide Internet Options proxy", Scope.USER, "every user's browser sessions", -1),
    WININET_USER("a user's Internet Options proxy", Scope.USER, "that user's browser sessions", -1),
    MACOS_SYSTEM(
            "the macOS network proxy (scutil --proxy)", Scope.SYSTEM, "processes using the macOS network settings", 3),
    MACOS_VENDOR_PROFILE("the vendor agent's configuration profile", Scope.SYSTEM, "the vendor agent", 2);

    /** Whether a setting reaches system services or only users' sessions. */
    public enum Scope {
        SYSTEM,
        USER;

        public String word() {
            return CaseMapping.lower(name());
        }
    }

    private final String label;
    private final Scope scope;
    private final String appliesTo;
    private final int serviceRank;

    SourceKind(String label, Scope scope, String appliesTo, int serviceRank) {
        this.label = label;
        this.scope = scope;
        this.appliesTo = appliesTo;
        this.serviceRank = serviceRank;
    }

    /** Plain words for messages: "the sensor's systemd unit". */
    public String label() {
        return label;
    }

    public Scope scope() {
        return scope;
    }

    public String appliesTo() {
        return appliesTo;
    }

    int serviceRank() {
        return serviceRank;
    }

    /** Whether this kind's setting is one a system service, uplink's sensor, would start with. */
    public boolean reachesServices() {
        return serviceRank >= 0;
    }

    /** The JSON word: {@code sensor-unit}. */
    public String word() {
        return CaseMapping.lower(name()).replace('_', '-');
    }
}
