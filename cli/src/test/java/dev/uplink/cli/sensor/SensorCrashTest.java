package dev.uplink.cli.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.uplink.cli.InProcess;
import dev.uplink.collector.onboarding.OnboardingIssuer;
import dev.uplink.core.protocol.CollectorEndpoint;
import dev.uplink.core.testing.Seeded;
import dev.uplink.core.tls.Pem;
import dev.uplink.sensor.daemon.SensorDaemon;
import dev.uplink.sensor.daemon.StatusFile;
import dev.uplink.sensor.e2e.CollectorLab;
import dev.uplink.sensor.e2e.SensorLab;
import dev.uplink.sensor.enroll.DeviceCredential;
import dev.uplink.sensor.intake.IntakeClient;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole sensor ({@code uplink sensor run} as a child JVM: intake, spool, delivery with the
 * real sender to a real collector) killed with SIGKILL at random moments — during start-up and
 * spool recovery, while producers send and while batches are in flight — and restarted. At the
 * end every event the sensor acknowledged is in the collector, and none twice.
 *
 * <p>{@code -Duplink.crash.cycles=N} sets the number of kills (default 50; bench/sensor/crash-soak.sh
 * runs 1,000).
 */
class SensorCrashTest {
    private static final int CYCLES = Integer.getInteger("uplink.crash.cycles", 50);
    private static final Duration SOCKET_READY_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    @ExtendWith(Seeded.class)
    void sigkillAtRandomMomentsLosesNoAcknowledgedEvent(Random rnd) throws Exception {
        try (CollectorLab collector = CollectorLab.start(dir.resolve("collector"))) {
            Path state = dir.resolve("state");
            Path onboarding = dir.resolve("onboard.json");
            new OnboardingIssuer(collector.store(), Clock.systemUTC())
                    .issue(
                            List.of(CollectorEndpoint.parse("https://127.0.0.1:" + collector.port(), "WW", "test")),
                            Pem.encodeCertificates(List.of(collector.ca().certificate())),
                            Duration.ofMinutes(10),
                            onboarding);
            InProcess.Result enrolled = InProcess.run(
                    "sensor",
                    "onboard",
                    onboarding.toString(),
                    "--state",
                    state.toString(),
                    "--name",
                    "crash-test",
                    "--config-dir",
                    dir.resolve("etc").toString());
            assertEquals(0, enrolled.exit(), enrolled.toString());
            String deviceId = DeviceCredential.load(state).deviceId();
            // Small batches and a short linger: many batches in flight, so kills land between send and commit.
            // No connectivity checks: they would probe the catalog's internet names (this test is about delivery).
            Files.writeString(
                    state.resolve("sensor.json"),
                    "{\"spoolMaxBytes\":33554432,\"intakeGroup\":\"root\",\"batchLingerMillis\":10,\"batchMaxEvents\":50,"
                            + "\"connectivityChecks\":{\"enabled\":false}}");

            Set<String> acked = ConcurrentHashMap.newKeySet();
            AtomicInteger sendCalls = new AtomicInteger();
            int killedBeforeReady = 0;
            long started = System.nanoTime();
            for (int cycle = 0; cycle < CYCLES; cycle++) {
                Process sensor = startSensor(state, cycle);
                try {
                    if (rnd.nextInt(5) == 0) {
                        // Kill during start-up: spool recovery, inventory event, first batch.
                        Thread.sleep(50 + rnd.nextInt(550));
                        killedBeforeReady++;
                    } else {
                        awaitSocket(state, sensor);
                        AtomicBoolean producing = new AtomicBoolean(true);
                        List<Thread> producers = new ArrayList<>();
                        for (int p = 0; p < 2; p++) {
                            String tag = "c" + cycle + "p" + p;
                            Thread t = new Thread(
                                    () -> produce(state, tag, producing, acked, sendCalls), "producer-" + tag);
                            t.start();
                            producers.add(t);
                        }
                        Thread.sleep(30 + rnd.nextInt(370));
                        sensor.destroyForcibly(); // SIGKILL while producers are mid-send
                        producing.set(false);
                        for (Thread t : producers) {
                            t.join(20_000);
                        }
                    }
                } finally {
                    sensor.destroyForcibly();
                    assertTrue(sensor.waitFor(20, TimeUnit.SECONDS), "killed sensor exited");
                }
            }
            long crashMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            // Last start: recover and drain, then stop cleanly. Big batches now: the backlog of 50-event
            // batches (one TLS handshake and one collector commit each) would take half a minute.
            Files.writeString(
                    state.resolve("sensor.json"),
                    "{\"spoolMaxBytes\":33554432,\"intakeGroup\":\"root\",\"batchLingerMillis\":10,\"batchMaxEvents\":2000,"
                            + "\"connectivityChecks\":{\"enabled\":false}}");
            Process sensor = startSensor(state, CYCLES);
            long drainStart = System.nanoTime();
            try {
                awaitSocket(state, sensor);
                boolean drained = SensorLab.await(
                        Duration.ofSeconds(Math.max(60, CYCLES / 4)),
                        () -> !sensor.isAlive()
                                || spoolDepth(state) == 0
                                        && collector.storedIds(deviceId).containsAll(acked)); // cheap check first: the
                // id query holds the collector's store lock and would slow its ingestion
                assertTrue(sensor.isAlive(), "the sensor exited while draining:\n" + log(state));
                List<String> stored = collector.storedIds(deviceId);
                Set<String> missing = new HashSet<>(acked);
                missing.removeAll(stored);
                assertTrue(
                        drained,
                        missing.size() + " acknowledged events missing after " + CYCLES + " kills (e.g. "
                                + missing.stream().limit(5).toList() + "); spool depth " + spoolDepth(state) + "\n"
                                + log(state));
                assertEquals(stored.size(), new HashSet<>(stored).size(), "no event stored twice");
                assertTrue(acked.size() >= CYCLES * 10, "producers got events acknowledged: " + acked.size());
                System.out.printf(
                        "sensor crash test: %d SIGKILLs (%d during start-up) in %d ms, %d intake calls, %d events "
                                + "acknowledged, %d stored from the device (incl. inventory and unacknowledged-but-stored); drained in %d ms%n",
                        CYCLES,
                        killedBeforeReady,
                        crashMillis,
                        sendCalls.get(),
                        acked.size(),
                        stored.size(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - drainStart));
            } finally {
                long stopStart = System.nanoTime();
                sensor.destroy();
                if (!sensor.waitFor(20, TimeUnit.SECONDS)) {
                    sensor.destroyForcibly();
                }
                System.out.printf(
                        "sensor crash test: SIGTERM stop took %d ms%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopStart));
            }
        }
    }

    /** {@code uplink sensor run} in a child JVM (C1 only: start-up time dominates a crash cycle), without its warm-up. */
    private Process startSensor(Path state, int cycle) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(
                        java.toString(),
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-Xmx128m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.uplink.cli.Main",
                        "sensor",
                        "run",
                        "--state",
                        state.toString(),
                        "--config-dir",
                        dir.resolve("etc").toString(),
                        // Kills should land in the daemon, not in the second of synthetic events before it
                        // serves (docs/behaviour.md#sensor-warm-up; its leftovers: SensorWarmUpTest).
                        "--no-warm-up")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("sensor.log").toFile()))
                .start();
    }

    private static void produce(
            Path state, String tag, AtomicBoolean producing, Set<String> acked, AtomicInteger calls) {
        IntakeClient client = new IntakeClient(state.resolve(SensorDaemon.SOCKET_NAME), Duration.ofSeconds(5));
        for (int batch = 0; producing.get(); batch++) {
            int b = batch;
            calls.incrementAndGet();
            try {
                client.send(
                        IntStream.range(0, 20)
                                .mapToObj(i -> "{\"tag\":\"" + tag + "\",\"b\":" + b + ",\"i\":" + i + "}")
                                .iterator(),
                        ack -> {
                            if (ack.ok()) {
                                acked.add(ack.id());
                            }
                        });
            } catch (IOException e) {
                return; // the sensor was killed: acks received so far count, the rest are unknown
            }
        }
    }

    private void awaitSocket(Path state, Process sensor) throws Exception {
        Path socket = state.resolve(SensorDaemon.SOCKET_NAME);
        long end = System.nanoTime() + SOCKET_READY_TIMEOUT.toNanos();
        while (System.nanoTime() < end) {
            if (!sensor.isAlive()) {
                throw new AssertionError("sensor exited with " + sensor.exitValue() + "\n" + log(state));
            }
            try {
                SocketChannel.open(UnixDomainSocketAddress.of(socket)).close();
                return;
            } catch (IOException notYet) {
                Thread.sleep(10);
            }
        }
        throw new AssertionError("sensor socket not ready in " + SOCKET_READY_TIMEOUT + "\n" + log(state));
    }

    private static long spoolDepth(Path state) {
        try {
            JsonNode s = new StatusFile(state).read().orElse(null);
            return s == null ? -1 : s.at("/spool/depth").asLong(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    private String log(Path state) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("sensor.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no sensor log)";
        }
    }
}
