package dev.uplink.cli.analyze;

import dev.uplink.core.connect.ResolveOverride;
import dev.uplink.core.tls.TrustMaterial;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The probe options {@code analyze} and {@code connectivity test} share: {@code --resolve} and the trust anchors. */
public final class ProbeInputs {
    private ProbeInputs() {}

    /** {@code --resolve HOST:PORT:ADDRESS}... as the Connector's overrides, the last one for a key winning. */
    public static Map<String, InetAddress> resolveOverrides(List<String> specs) {
        Map<String, InetAddress> overrides = new LinkedHashMap<>();
        for (String r : specs) {
            ResolveOverride o = ResolveOverride.parse(r, "--resolve");
            overrides.put(o.key(), o.address());
        }
        return overrides;
    }

    /**
     * The JDK's roots plus {@code --ca-file}'s CAs (null: none) and {@code extra} (an onboarding
     * file's CA ...), already being built while the command reads the rest of its inputs.
     */
    public static TrustMaterial trust(Path caFile, List<X509Certificate> extra) {
        List<X509Certificate> anchors = new ArrayList<>();
        if (caFile != null) {
            anchors.addAll(TrustMaterial.fromCaFile(caFile, true).extraAnchors());
        }
        anchors.addAll(extra);
        return (anchors.isEmpty() ? TrustMaterial.jdkDefaults() : TrustMaterial.jdkDefaultsPlus(anchors))
                .prepareInBackground();
    }
}
