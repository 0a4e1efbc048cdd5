package dev.uplink.core.wpad;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Two network namespaces joined by a veth pair, made and torn down by the test: a "server" side at
 * {@code 10.231.<n>.1/24} and a "client" side at {@code .2}. The addresses exist only inside these
 * namespaces; nothing is ever sent to them from the root namespace. The client namespace gets its own
 * resolv.conf and hosts through {@code /etc/netns/<name>/}, which {@code ip netns exec} bind-mounts.
 */
final class NetnsLab implements AutoCloseable {

    final String id = String.format("%04x", new SecureRandom().nextInt(0x10000));
    final String server = "uplwpad-srv-" + id;
    final String client = "uplwpad-cli-" + id;
    final String serverIf = "uwps" + id;
    final String clientIf = "uwpc" + id;
    final String subnet = "10.231." + (Integer.parseInt(id, 16) % 250 + 1);
    final String serverIp = subnet + ".1";
    final String clientIp = subnet + ".2";
    final Path etcNetns = Path.of("/etc/netns", client);
    private final boolean etcNetnsExisted = Files.isDirectory(etcNetns.getParent());
    private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());

    static boolean usable() {
        return System.getProperty("user.name").equals("root")
                && Files.isExecutable(Path.of("/usr/sbin/dnsmasq"))
                && (Files.isExecutable(Path.of("/usr/sbin/ip"))
                        || Files.isExecutable(Path.of("/usr/bin/ip"))
                        || Files.isExecutable(Path.of("/sbin/ip")));
    }

    void create(String resolvConf) throws IOException, InterruptedException {
        run("ip", "netns", "add", server);
        run("ip", "netns", "add", client);
        run("ip", "-n", server, "link", "add", serverIf, "type", "veth", "peer", "name", clientIf, "netns", client);
        run("ip", "-n", server, "addr", "add", serverIp + "/24", "dev", serverIf);
        run("ip", "-n", client, "addr", "add", clientIp + "/24", "dev", clientIf);
        for (String[] ns : new String[][] {{server, serverIf}, {client, clientIf}}) {
            run("ip", "-n", ns[0], "link", "set", "lo", "up");
            run("ip", "-n", ns[0], "link", "set", ns[1], "up");
        }
        awaitCarrier();
        Files.createDirectories(etcNetns);
        Files.writeString(etcNetns.resolve("resolv.conf"), resolvConf);
        Files.writeString(etcNetns.resolve("hosts"), "127.0.0.1 localhost\n");
    }

    /**
     * Waits until both veth ends report carrier. Some kernels (gVisor among them) occasionally leave
     * the end brought up second without carrier; bouncing that end makes it see its peer again.
     * Without carrier the JDK reports the interface down and nothing can be sent from it.
     */
    private void awaitCarrier() throws IOException, InterruptedException {
        long end = System.currentTimeMillis() + 10_000;
        int attempt = 0;
        while (true) {
            boolean ok = true;
            for (String[] ns : new String[][] {{server, serverIf}, {client, clientIf}}) {
                String state = run("ip", "-n", ns[0], "-o", "link", "show", ns[1]);
                if (state.contains("NO-CARRIER") || !state.contains("LOWER_UP")) {
                    ok = false;
                    if (attempt > 0) {
                        run("ip", "-n", ns[0], "link", "set", ns[1], "down");
                        run("ip", "-n", ns[0], "link", "set", ns[1], "up");
                    }
                }
            }
            if (ok) {
                return;
            }
            if (System.currentTimeMillis() > end) {
                throw new IOException("veth " + serverIf + "/" + clientIf + " never got carrier");
            }
            attempt++;
            Thread.sleep(100);
        }
    }

    /** Runs a command to completion (20 s at most); fails with its output when it exits non-zero. */
    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        boolean done = p.waitFor(20, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " did not finish in 20 s: " + out);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + out);
        }
        return out;
    }

    /** Starts a long-running command in a namespace; its output lines are collected for {@link Service#await}. */
    Service start(String namespace, List<String> cmd) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(cmd);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        processes.add(p);
        return new Service(p);
    }

    /** Runs a JVM main class from the test class path inside a namespace and returns its stdout. */
    String java(String namespace, Class<?> main, List<String> args, long timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                "ip",
                "netns",
                "exec",
                namespace,
                javaBin(),
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        processes.add(p);
        p.getOutputStream().close();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(main.getSimpleName() + " did not finish within " + timeoutSeconds + " s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(main.getSimpleName() + " exited " + p.exitValue() + ": " + out);
        }
        return out;
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Stops what we started and removes the namespaces (which takes the veth pair with them). */
    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(3, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String ns : List.of(server, client)) {
            try {
                run("ip", "netns", "del", ns);
            } catch (IOException | InterruptedException e) {
                // not created (setup failed early) or already gone
            }
        }
        try {
            Files.deleteIfExists(etcNetns.resolve("resolv.conf"));
            Files.deleteIfExists(etcNetns.resolve("hosts"));
            Files.deleteIfExists(etcNetns);
            if (!etcNetnsExisted) {
                Files.deleteIfExists(etcNetns.getParent());
            }
        } catch (IOException e) {
            System.err.println("could not remove " + etcNetns + ": " + e);
        }
    }

    /** A started background process with its collected output. */
    static final class Service {
        final Process process;
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        Service(Process process) {
            this.process = process;
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader r = new BufferedReader(
                                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                            for (String line; (line = r.readLine()) != null; ) {
                                lines.add(line);
                            }
                        } catch (IOException ignored) {
                            // process ended
                        }
                    },
                    "netns-service-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits up to {@code millis} for an output line matching {@code ready}; fails with the output so far. */
        void await(Predicate<String> ready, long millis, String what) throws IOException, InterruptedException {
            long end = System.currentTimeMillis() + millis;
            while (System.currentTimeMillis() < end) {
                synchronized (lines) {
                    if (lines.stream().anyMatch(ready)) {
                        return;
                    }
                }
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(50);
            }
            throw new IOException(what + " not ready; output: " + String.join("\n", log()));
        }

        List<String> log() {
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }
    }
}
