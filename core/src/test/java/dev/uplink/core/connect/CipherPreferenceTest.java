package dev.uplink.core.connect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class CipherPreferenceTest {

    @Test
    void movesChachaFirstKeepingEachPartsOrder() {
        String[][] table = {
            // enabled, then the expected order
            {"A_AES_256_GCM", "B_AES_128_GCM", "C_CHACHA20_POLY1305_SHA256"},
            {"C_CHACHA20_POLY1305_SHA256", "A_AES_256_GCM", "B_AES_128_GCM"},
            {"X_AES_GCM", "Y_CHACHA20_POLY1305_1", "Z_AES_CBC", "W_CHACHA20_POLY1305_2"},
            {"Y_CHACHA20_POLY1305_1", "W_CHACHA20_POLY1305_2", "X_AES_GCM", "Z_AES_CBC"},
            {"ONLY_AES_GCM"},
            {"ONLY_AES_GCM"},
            {},
            {},
        };
        for (int i = 0; i < table.length; i += 2) {
            assertArrayEquals(table[i + 1], CipherPreference.chachaFirst(table[i]), Arrays.toString(table[i]));
        }
    }

    @Test
    void offersTheJdksOwnSetWithChachaFirst() throws Exception {
        String[] enabled = SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites();
        String[] ordered = CipherPreference.chachaFirst(enabled);
        assertEquals(new HashSet<>(List.of(enabled)), new HashSet<>(List.of(ordered)));
        assertEquals(enabled.length, ordered.length);
        assertEquals("TLS_CHACHA20_POLY1305_SHA256", ordered[0]);
        assertTrue(
                Arrays.asList(enabled).indexOf("TLS_CHACHA20_POLY1305_SHA256")
                        > Arrays.asList(enabled).indexOf("TLS_AES_256_GCM_SHA384"),
                "the JDK itself prefers AES-GCM (what this class changes)");
    }
}
