package dev.uplink.core.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DiagnosisTest {

    @ParameterizedTest
    @EnumSource(Diagnosis.class)
    void everyDiagnosisHasAStableCodeAndARemediation(Diagnosis d) {
        assertTrue(d.code().matches("[a-z]+(-[a-z]+)*"), d.code());
        assertTrue(d.remediation().length() > 40 && d.remediation().endsWith("."), d.remediation());
        assertEquals(d, Diagnosis.fromCode(d.code()));
    }

    @Test
    void onlyUnreachedProxiesAllowFallback() {
        EnumSet<Diagnosis> fallback = EnumSet.noneOf(Diagnosis.class);
        for (Diagnosis d : Diagnosis.values()) {
            if (d.proxyNotReached()) {
                fallback.add(d);
            }
        }
        assertEquals(EnumSet.of(Diagnosis.PROXY_DNS_FAILURE, Diagnosis.PROXY_UNREACHABLE), fallback);
    }

    @Test
    void unknownCodeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Diagnosis.fromCode("proxy-sad"));
    }
}
