package dev.uplink.sensor.delivery;

import java.time.Duration;

/** Waits between retries; replaceable so tests can observe the delays without spending them. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(Math.max(0, d.toMillis()));

    void sleep(Duration d) throws InterruptedException;
}
