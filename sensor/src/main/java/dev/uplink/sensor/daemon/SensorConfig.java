package dev.uplink.sensor.daemon;

import dev.uplink.sensor.check.ConnectivityCheckSettings;
import dev.uplink.sensor.delivery.Backoff;
import dev.uplink.sensor.delivery.DeliveryOptions;
import dev.uplink.sensor.spool.SpoolOptions;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The sensor's settings (file format: {@link SensorConfigFile}). {@code collectorUrl},
 * {@code caFile} and {@code metricsListen} (a loopback HOST:PORT for /metrics) may be null (not configured).
 * {@code connectivityChecks}: docs/behaviour.md#connectivity-check-scheduling.
 */
public record SensorConfig(
        String collectorUrl,
        Path spoolDir,
        long spoolMaxBytes,
        Duration spoolFullTimeout,
        int batchMaxEvents,
        long batchMaxBytes,
        Duration batchLinger,
        int batchMaxInFlight,
        Duration heartbeatInterval,
        Path caFile,
        String intakeGroup,
        String metricsListen,
        ConnectivityCheckSettings connectivityChecks) {

    public static final long DEFAULT_SPOOL_MAX_BYTES = SpoolOptions.DEFAULT_MAX_BYTES;
    public static final String DEFAULT_INTAKE_GROUP = "uplink";

    public SensorConfig {
        connectivityChecks = connectivityChecks == null ? ConnectivityCheckSettings.defaults() : connectivityChecks;
    }

    /** With the default connectivity checks. */
    public SensorConfig(
            String collectorUrl,
            Path spoolDir,
            long spoolMaxBytes,
            Duration spoolFullTimeout,
            int batchMaxEvents,
            long batchMaxBytes,
            Duration batchLinger,
            int batchMaxInFlight,
            Duration heartbeatInterval,
            Path caFile,
            String intakeGroup,
            String metricsListen) {
        this(
                collectorUrl,
                spoolDir,
                spoolMaxBytes,
                spoolFullTimeout,
                batchMaxEvents,
                batchMaxBytes,
                batchLinger,
                batchMaxInFlight,
                heartbeatInterval,
                caFile,
                intakeGroup,
                metricsListen,
                null);
    }

    /** Without a metrics listener. */
    public SensorConfig(
            String collectorUrl,
            Path spoolDir,
            long spoolMaxBytes,
            Duration spoolFullTimeout,
            int batchMaxEvents,
            long batchMaxBytes,
            Duration batchLinger,
            int batchMaxInFlight,
            Duration heartbeatInterval,
            Path caFile,
            String intakeGroup) {
        this(
                collectorUrl,
                spoolDir,
                spoolMaxBytes,
                spoolFullTimeout,
                batchMaxEvents,
                batchMaxBytes,
                batchLinger,
                batchMaxInFlight,
                heartbeatInterval,
                caFile,
                intakeGroup,
                null);
    }

    public static SensorConfig defaults(Path stateDir) {
        return new SensorConfig(
                null,
                stateDir.resolve("spool"),
                DEFAULT_SPOOL_MAX_BYTES,
                SpoolOptions.DEFAULT_FULL_TIMEOUT,
                DeliveryOptions.DEFAULT_MAX_EVENTS,
                DeliveryOptions.DEFAULT_MAX_BYTES,
                Duration.ofSeconds(1),
                DeliveryOptions.DEFAULT_IN_FLIGHT,
                Duration.ofSeconds(60),
                null,
                DEFAULT_INTAKE_GROUP);
    }

    public SensorConfig withCollectorUrl(String url) {
        return new SensorConfig(
                url,
                spoolDir,
                spoolMaxBytes,
                spoolFullTimeout,
                batchMaxEvents,
                batchMaxBytes,
                batchLinger,
                batchMaxInFlight,
                heartbeatInterval,
                caFile,
                intakeGroup,
                metricsListen,
                connectivityChecks);
    }

    /** Segments are 1/8 of the spool (2..16 MiB) so that delivery frees space in steps. */
    public SpoolOptions spoolOptions() {
        long segment = Math.max(2L << 20, Math.min(SpoolOptions.DEFAULT_SEGMENT_BYTES, spoolMaxBytes / 8));
        return SpoolOptions.defaults()
                .withSegmentBytes(segment)
                .withMaxBytes(spoolMaxBytes)
                .withFullTimeout(spoolFullTimeout);
    }

    public DeliveryOptions deliveryOptions() {
        return new DeliveryOptions(batchMaxEvents, batchMaxBytes, batchLinger, Backoff.standard(), batchMaxInFlight);
    }
}
