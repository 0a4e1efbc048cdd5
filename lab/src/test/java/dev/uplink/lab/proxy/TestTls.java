package dev.uplink.lab.proxy;

import dev.uplink.core.tls.KeyAndChain;
import dev.uplink.core.tls.Pki;
import dev.uplink.core.tls.TrustMaterial;
import java.util.List;
import javax.net.ssl.SSLContext;

/** A throw-away CA, one server certificate for the given DNS names, and a client trusting that CA only (test code only). */
record TestTls(SSLContext server, SSLContext client) {

    static TestTls forNames(String... dnsNames) {
        KeyAndChain ca = Pki.createCa("uplink test CA");
        return new TestTls(
                Pki.serverContext(Pki.issueServer(ca, List.of(dnsNames))),
                Pki.sslContext(null, TrustMaterial.only(ca.certificate())));
    }
}
