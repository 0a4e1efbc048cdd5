package dev.uplink.core.proxyauth;

import dev.uplink.core.config.ConfigStore;
import dev.uplink.core.config.MachinePolicy;
import java.util.Arrays;

/**
 * The policy gate (docs/behaviour.md#proxy-authentication): {@code DisableEnterpriseAuthProxy=1}
 * is a hard off switch whatever else is configured; otherwise uplink authenticates only with a
 * configured credential source.
 */
public final class ProxyAuthPolicy {

    static final String NOT_CONFIGURED =
            "uplink has no proxy credentials (none configured: see 'uplink proxyauth set')";
    static final String DISABLED = "uplink has no proxy credentials (DisableEnterpriseAuthProxy=1)";
    static final String DISABLED_CONFIGURED =
            "uplink sends no proxy credentials: DisableEnterpriseAuthProxy=1 forbids it (credentials are configured but not used)";

    private ProxyAuthPolicy() {}

    /** True when the machine policy forbids proxy authentication. */
    public static boolean disabledByPolicy(MachinePolicy policy) {
        return Integer.valueOf(1).equals(policy.disableEnterpriseAuthProxy());
    }

    /** What the configuration directory allows now. Reads the secret only when the policy allows its use. */
    public static ProxyAuthenticator fromConfig(ConfigStore config) {
        return of(config.loadPolicy(), new ProxyAuthStore(config));
    }

    /** What {@code policy} and the settings in {@code store} allow. */
    public static ProxyAuthenticator of(MachinePolicy policy, ProxyAuthStore store) {
        ProxyAuthSettings settings = store.load();
        if (disabledByPolicy(policy)) {
            return ProxyAuthenticator.declining(settings == null ? DISABLED : DISABLED_CONFIGURED);
        }
        if (settings == null) {
            return ProxyAuthenticator.NONE;
        }
        return switch (settings.scheme()) {
            case BASIC -> {
                byte[] pw = store.loadSecret();
                try {
                    yield new BasicAuthenticator(settings.user(), pw, settings.allowCleartext());
                } finally {
                    Arrays.fill(pw, (byte) 0);
                }
            }
            case NEGOTIATE -> new NegotiateAuthenticator(settings);
        };
    }
}
