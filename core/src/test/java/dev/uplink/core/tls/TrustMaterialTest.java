package dev.uplink.core.tls;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;

class TrustMaterialTest {

    /** Built in the background while a command reads its inputs; every caller gets that one trust manager. */
    @Test
    void preparedInTheBackgroundItIsBuiltOnceForEveryCaller() throws Exception {
        X509Certificate lab = Pki.createCa("background build CA").certificate();
        TrustMaterial trust = TrustMaterial.jdkDefaultsPlus(List.of(lab)).prepareInBackground();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<X509ExtendedTrustManager>> got =
                    callers.invokeAll(java.util.Collections.nCopies(8, trust::trustManager));
            X509ExtendedTrustManager first = got.get(0).get();
            for (Future<X509ExtendedTrustManager> f : got) {
                assertSame(first, f.get());
            }
            assertSame(first, trust.prepareInBackground().trustManager());
            List<X509Certificate> anchors = Arrays.asList(first.getAcceptedIssuers());
            assertTrue(anchors.contains(lab), "the extra anchor");
            assertTrue(anchors.size() > 10, "and the JDK's roots: " + anchors.size());
        } finally {
            callers.shutdownNow();
        }
    }
}
