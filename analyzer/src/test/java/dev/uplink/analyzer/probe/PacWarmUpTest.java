package dev.uplink.analyzer.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The warm-up runs a real PAC evaluation, on its own script, with nothing looked up. */
class PacWarmUpTest {

    @Test
    void compilesAndEvaluatesItsOwnScript() {
        assertEquals("DIRECT", PacWarmUp.run().raw());
    }
}
