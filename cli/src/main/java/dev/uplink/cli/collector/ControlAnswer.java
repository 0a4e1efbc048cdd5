package dev.uplink.cli.collector;

import dev.uplink.collector.control.ControlClient;
import dev.uplink.collector.control.ControlRequest;
import dev.uplink.collector.control.ControlSocketServer;
import dev.uplink.collector.control.StoreIdentity;
import dev.uplink.collector.store.StoreUrl;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A running collector's answer to {@code collector health}, asked for while picocli still builds
 * the command (60-130 ms of a cold JVM; the collector needs about as long to make the document:
 * docs/scaling.md#fleet-health). The words are read roughly here; the command then asks for what
 * its parsed options mean, and takes this answer only when that is exactly the socket and request
 * asked for early: otherwise it asks again (docs/behaviour.md#control-socket).
 */
public final class ControlAnswer {

    /** How long a running collector may take to answer before the command opens the store itself. */
    static final Duration DEADLINE = Duration.ofSeconds(10);

    record Early(
            Path socket,
            ControlRequest request,
            CompletableFuture<Optional<byte[]>> answer,
            ControlClient.Outcome outcome) {}

    private static volatile Early early;

    private ControlAnswer() {}

    /**
     * Starts asking, on a daemon thread, when {@code args} are plainly {@code collector health} with
     * options the control socket answers and a socket exists for the store they name; returns whether
     * it did (then opening the store is not worth warming up for).
     */
    public static boolean startEarly(String[] args) {
        Optional<Early> planned = plan(args);
        if (planned.isEmpty()) {
            return false;
        }
        Early e = planned.get();
        early = e;
        Thread t = new Thread(
                () -> e.answer().complete(ControlClient.ask(e.socket(), e.request(), DEADLINE, e.outcome())),
                "uplink-control-ask");
        t.setDaemon(true);
        t.start();
        return true;
    }

    /** The answer for exactly {@code socket} and {@code request}: the early one when it is that, else asked now. */
    static Optional<byte[]> ask(Path socket, ControlRequest request, ControlClient.Outcome outcome) {
        Early e = early;
        if (e != null && e.socket().equals(socket) && e.request().equals(request)) {
            early = null;
            Optional<byte[]> answer = e.answer().join();
            if (answer.isEmpty()) {
                outcome.why(e.outcome().why());
            }
            return answer;
        }
        return ControlClient.ask(socket, request, DEADLINE, outcome);
    }

    /** The request {@code args} would make, when they are plain enough to tell before picocli parses them. */
    static Optional<Early> plan(String[] args) {
        if (args.length < 2 || !args[0].equals("collector") || !args[1].equals("health")) {
            return Optional.empty();
        }
        boolean json = false;
        String site = null;
        String data = null;
        String store = null;
        String socket = null;
        for (int i = 2; i < args.length; i++) {
            String a = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--json" -> json = true;
                case "--site" -> site = value;
                case "--data" -> data = value;
                case "--store" -> store = value;
                case "--control-socket" -> socket = value;
                case "--store-password-file" -> {
                    // its value only
                }
                default -> {
                    return Optional.empty(); // --fix, --no-control-socket, help, anything picocli may read otherwise
                }
            }
            if (!a.equals("--json")) {
                if (value == null || value.startsWith("-")) {
                    return Optional.empty();
                }
                i++;
            }
        }
        if ((data == null) == (store == null)) {
            return Optional.empty();
        }
        StoreUrl url;
        try {
            url = data != null ? new StoreUrl.Sqlite(Path.of(data)) : StoreUrl.parse(store, "--store");
        } catch (RuntimeException e) {
            return Optional.empty(); // the command words it
        }
        Path path;
        try {
            path = socketFor(url, socket == null ? null : Path.of(socket));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (path == null || !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        ControlRequest request = new ControlRequest(StoreIdentity.of(url), json, site);
        return Optional.of(new Early(path, request, new CompletableFuture<>(), new ControlClient.Outcome()));
    }

    /**
     * Where the command asks: {@code --control-socket} when given, else a data directory's
     * {@code control.sock}; null for a PostgreSQL store without one (docs/behaviour.md#control-socket).
     */
    static Path socketFor(StoreUrl url, Path explicit) {
        if (explicit != null) {
            return explicit;
        }
        return url instanceof StoreUrl.Sqlite s ? s.dir().resolve(ControlSocketServer.FILE_NAME) : null;
    }
}
