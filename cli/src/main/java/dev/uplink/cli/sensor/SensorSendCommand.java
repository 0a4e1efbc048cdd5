package dev.uplink.cli.sensor;

import dev.uplink.cli.ExitCodes;
import dev.uplink.core.InvalidInputException;
import dev.uplink.sensor.daemon.SensorDaemon;
import dev.uplink.sensor.intake.IntakeClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code uplink sensor send}: submits events to the running sensor; exit 0 only when every event was stored. */
@Command(
        name = "send",
        mixinStandardHelpOptions = true,
        description = {
            "Submit events to the running sensor; exit 0 only when every one is on disk.",
            "",
            "Each JSON argument is one event; without arguments,",
            "one JSON object per line on stdin. Prints the id of each stored event; exit 0 only when all were stored."
        })
public class SensorSendCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--state",
            paramLabel = "DIR",
            defaultValue = SensorCommand.DEFAULT_STATE_DIR,
            description = "State directory holding the sensor socket (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "60",
            description = "Give up when the sensor has not answered for this long (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Parameters(paramLabel = "JSON", arity = "0..*", description = "Events as JSON objects.")
    List<String> events;

    @Override
    public Integer call() throws Exception {
        if (timeoutSeconds < 1) {
            throw new InvalidInputException("--timeout must be at least 1 second, got " + timeoutSeconds);
        }
        Iterator<String> lines = events != null && !events.isEmpty()
                ? events.iterator()
                : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                        .lines()
                        .iterator();
        // Buffered: picocli's writer flushes on every println, a write(2) per acknowledged event.
        PrintWriter out =
                new PrintWriter(new java.io.BufferedWriter(spec.commandLine().getOut(), 64 * 1024), false);
        PrintWriter err = spec.commandLine().getErr();
        AtomicInteger n = new AtomicInteger();
        IntakeClient.Result r = new IntakeClient(
                        stateDir.resolve(SensorDaemon.SOCKET_NAME), Duration.ofSeconds(timeoutSeconds))
                .send(lines, ack -> {
                    n.incrementAndGet();
                    if (ack.ok()) {
                        out.println(ack.id());
                    } else {
                        err.println("uplink: event " + n.get() + " not stored: " + ack.error());
                    }
                });
        out.flush();
        if (r.sent() == 0) {
            throw new InvalidInputException("no events given: pass JSON objects as arguments or one per line on stdin");
        }
        if (!r.allStored()) {
            err.println("uplink: " + r.refused() + " of " + r.sent() + " events were not stored");
            return ExitCodes.RUNTIME;
        }
        return ExitCodes.OK;
    }
}
