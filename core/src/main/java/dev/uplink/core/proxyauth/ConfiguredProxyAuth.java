package dev.uplink.core.proxyauth;

import dev.uplink.core.config.ConfigStore;
import dev.uplink.core.config.MachinePolicy;
import dev.uplink.core.connect.ProxyAuthorization;
import dev.uplink.core.connect.ProxyChallenge;
import dev.uplink.core.route.Route;
import java.util.List;
import java.util.Optional;

/**
 * The machine's proxy authentication as the configuration directory says now: the policy and the
 * settings are read again when older than a second, so {@code DisableEnterpriseAuthProxy=1} or
 * {@code proxyauth reset} takes effect for a running sensor at its next call. Settings that
 * cannot be used (a secret file others can read, a broken file) make every challenge fail with
 * that reason instead of silently sending nothing.
 */
public final class ConfiguredProxyAuth implements ProxyAuthenticator {

    private static final long MAX_AGE_NANOS = 1_000_000_000L;

    private final ConfigStore config;
    private ProxyAuthenticator current;
    private long loadedAt;
    /** What {@code current} was built from: a Negotiate login (and its tickets) is kept while it stays the same. */
    private Object builtFrom;

    public ConfiguredProxyAuth(ConfigStore config) {
        this.config = config;
    }

    private synchronized ProxyAuthenticator current() {
        long now = System.nanoTime();
        if (current == null || now - loadedAt > MAX_AGE_NANOS) {
            try {
                MachinePolicy policy = config.loadPolicy();
                ProxyAuthStore store = new ProxyAuthStore(config);
                ProxyAuthSettings settings = store.load();
                Object from = List.of(ProxyAuthPolicy.disabledByPolicy(policy), Optional.ofNullable(settings));
                boolean negotiate = settings != null && settings.scheme() == ProxyAuthSettings.Scheme.NEGOTIATE;
                if (!(negotiate && from.equals(builtFrom))) {
                    current = ProxyAuthPolicy.of(policy, store);
                    builtFrom = from;
                }
            } catch (RuntimeException e) {
                current = unusable("the proxy credentials cannot be used: " + e.getMessage());
                builtFrom = null;
            }
            loadedAt = now;
        }
        return current;
    }

    @Override
    public Answer answer(Route route, List<ProxyChallenge> offered) {
        return current().answer(route, offered);
    }

    @Override
    public ProxyAuthorization preemptive(Route route, String scheme) {
        return current().preemptive(route, scheme);
    }

    @Override
    public String describe() {
        return current().describe();
    }

    private static ProxyAuthenticator unusable(String why) {
        return new ProxyAuthenticator() {
            @Override
            public Answer answer(Route route, List<ProxyChallenge> offered) {
                return new Fail(why);
            }

            @Override
            public ProxyAuthorization preemptive(Route route, String scheme) {
                return null;
            }

            @Override
            public String describe() {
                return why;
            }
        };
    }
}
