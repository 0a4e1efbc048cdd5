package dev.uplink.core.route;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.config.ConfigStore;
import dev.uplink.core.config.ProxySettingsSnapshot;
import dev.uplink.core.config.WinHttpSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route resolver of a long-running process: follows the configuration files (re-read when
 * their size, time or identity changes, so an admin's {@code uplink policy set} takes effect on the
 * next request) and keeps one bad-proxy memory across requests, fed by the routed call.
 *
 * <p>A settings file that becomes invalid is reported once and the last good configuration stays
 * in force: a typo must not silently send the sensor DIRECT.
 */
public final class ConfiguredRoutes implements RouteSource {
    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredRoutes.class);

    private final ConfigStore store;
    private final Function<WinHttpSettings, AutoConfigDecider> autoConfig;
    private final BadProxyMemory memory;
    private final SystemFallback fallback;
    private String fingerprint;
    private RouteResolver resolver;

    public ConfiguredRoutes(
            ConfigStore store, Function<WinHttpSettings, AutoConfigDecider> autoConfig, BadProxyMemory memory) {
        this(store, autoConfig, memory, SystemFallback.NONE);
    }

    /**
     * @param fallback the machine's own service-scope setting, used while {@code winhttp.json} sets
     *                 nothing (read once by the caller: a unit's environment only changes on restart)
     */
    public ConfiguredRoutes(
            ConfigStore store,
            Function<WinHttpSettings, AutoConfigDecider> autoConfig,
            BadProxyMemory memory,
            SystemFallback fallback) {
        this.store = store;
        this.autoConfig = autoConfig;
        this.memory = memory;
        this.fallback = fallback;
    }

    @Override
    public Resolution resolve(URI url) {
        return current().resolve(url);
    }

    @Override
    public BadProxyMemory memory() {
        return memory;
    }

    public synchronized RouteResolver current() {
        String now = fingerprint();
        if (resolver == null || !now.equals(fingerprint)) {
            try {
                ProxySettingsSnapshot s = store.load();
                WinHttpSettings w = fallback.choose(s.winHttp());
                resolver = new RouteResolver(
                        new ProxyConfig(s.policy(), w, null, autoConfig.apply(w), fallback.originFor(s.winHttp())),
                        memory);
                if (fingerprint != null) {
                    LOG.info("proxy settings in {} changed: reloaded", store.dir());
                }
            } catch (InvalidInputException e) {
                if (resolver == null) {
                    throw e;
                }
                LOG.warn("ignoring invalid proxy settings, keeping the previous ones: {}", e.getMessage());
            }
            fingerprint = now;
        }
        return resolver;
    }

    private String fingerprint() {
        return stamp(store.policyFile()) + "|" + stamp(store.winHttpFile());
    }

    private static String stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.fileKey() + ":" + a.size() + ":" + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return "absent";
        }
    }
}
