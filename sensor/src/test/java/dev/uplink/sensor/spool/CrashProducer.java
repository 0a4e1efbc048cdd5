package dev.uplink.sensor.spool;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.StringJoiner;

/**
 * Child process of {@link SpoolCrashTest}: producers append and log "A id;" only after the
 * append returned (args: spool dir, cycle tag, log file); a consumer prints "R n ids;" before and "C n;" after each commit. The parent
 * SIGKILLs it at a random moment. Every line ends with ';' so a torn last line is recognisable.
 */
public final class CrashProducer {
    private CrashProducer() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String cycle = args[1];
        // A log file, one write() per line: after SIGKILL every line written is in the page cache,
        // unlike a pipe whose unread tail the parent may lose.
        java.io.FileOutputStream out = new java.io.FileOutputStream(args[2], true);
        SpoolOptions opts = SpoolOptions.defaults()
                .withMaxRecordBytes(1024)
                .withSegmentBytes(64 * 1024)
                .withMaxBytes(64L << 20)
                .withFullTimeout(Duration.ofSeconds(5))
                .withMinFreeDiskBytes(0);
        Spool spool = Spool.open(dir, opts);
        emit(out, "READY;");
        for (int t = 0; t < 4; t++) {
            int thread = t;
            Thread producer = new Thread(() -> {
                try {
                    for (long i = 0; ; i++) {
                        String id = cycle + "-" + thread + "-" + i;
                        spool.append(("{\"id\":\"" + id + "\",\"pad\":\"" + "p".repeat((int) (i % 200)) + "\"}")
                                .getBytes(StandardCharsets.UTF_8));
                        emit(out, "A " + id + ";");
                    }
                } catch (Exception e) {
                    emit(out, "E " + e + ";");
                }
            });
            producer.start();
        }
        for (long n = 0; ; n++) {
            SpoolBatch b = spool.readBatch(50, 1 << 20);
            if (!b.isEmpty()) {
                StringJoiner ids = new StringJoiner(",");
                for (SpoolRecord r : b.records()) {
                    ids.add(idOf(r.payload()));
                }
                emit(out, "R " + n + " " + ids + ";");
            }
            spool.commit(b.end());
            if (!b.isEmpty()) {
                emit(out, "C " + n + ";");
            }
            Thread.sleep(3);
        }
    }

    static String idOf(byte[] payload) {
        String s = new String(payload, StandardCharsets.UTF_8);
        int a = s.indexOf("\"id\":\"") + 6;
        return s.substring(a, s.indexOf('"', a));
    }

    private static void emit(java.io.FileOutputStream out, String line) {
        synchronized (out) {
            try {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                Runtime.getRuntime().halt(3); // the parent would misjudge what was acknowledged
            }
        }
    }
}
