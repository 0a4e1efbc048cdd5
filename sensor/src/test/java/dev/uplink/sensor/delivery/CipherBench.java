package dev.uplink.sensor.delivery;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * CPU per byte of the TLS 1.3 record ciphers (16 KiB records), for choosing the sensor's preferred
 * suite (bench/sensor/README.md). Not a test: run it under the JIT being compared, e.g.
 * {@code java -XX:TieredStopAtLevel=1 -cp cli/target/uplink.jar:sensor/target/test-classes
 * dev.uplink.sensor.delivery.CipherBench}.
 */
public final class CipherBench {
    private CipherBench() {}

    public static void main(String[] args) throws GeneralSecurityException {
        byte[] record = new byte[16 * 1024];
        new SecureRandom().nextBytes(record);
        byte[] out = new byte[record.length + 16];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        String[] ciphers = {"AES-128-GCM", "AES-256-GCM", "ChaCha20-Poly1305"};
        for (int round = 1; round <= 3; round++) {
            for (String name : ciphers) {
                long bytes = 0;
                long cpu = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < 3000; i++) {
                    byte[] nonce = new byte[12];
                    nonce[0] = (byte) i;
                    nonce[1] = (byte) (i >> 8);
                    nonce[2] = (byte) round;
                    Cipher c = cipher(name, nonce);
                    c.updateAAD(new byte[5]);
                    bytes += c.doFinal(record, 0, record.length, out, 0);
                }
                cpu = threads.getCurrentThreadCpuTime() - cpu;
                System.out.printf("round %d %-18s %5.1f ns CPU per byte%n", round, name, cpu / (double) bytes);
            }
        }
    }

    private static Cipher cipher(String name, byte[] nonce) throws GeneralSecurityException {
        if (name.startsWith("AES")) {
            int bits = name.startsWith("AES-128") ? 128 : 256;
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(new byte[bits / 8], "AES"), new GCMParameterSpec(128, nonce));
            return c;
        }
        Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(new byte[32], "ChaCha20"), new IvParameterSpec(nonce));
        return c;
    }
}
