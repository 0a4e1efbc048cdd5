import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A/B driver of bench/pac/ab.sh: loads two or more uplink builds side by side in one JVM (one class loader each,
 * Rhino included) and evaluates them in alternating short slices, so both see the same machine load; prints the
 * median and best evaluations per CPU-second of each. Separate runs of run.sh on a shared machine differ by up to 2x.
 * Usage: PacAb pac urls slices slice-seconds runner-dir deps-classpath-file build-dir...
 */
public final class PacAb {

    public static void main(String[] a) throws Exception {
        int slices = Integer.parseInt(a[2]);
        double seconds = Double.parseDouble(a[3]);
        List<URL> shared = new ArrayList<>(List.of(Path.of(a[4]).toUri().toURL()));
        for (String p : Files.readString(Path.of(a[5])).trim().split(":")) {
            shared.add(Path.of(p).toUri().toURL());
        }
        String[] builds = Arrays.copyOfRange(a, 6, a.length);
        Object[] runners = new Object[builds.length];
        Method[] slice = new Method[builds.length];
        for (int i = 0; i < builds.length; i++) {
            List<URL> urls = new ArrayList<>(List.of(Path.of(builds[i]).toUri().toURL()));
            urls.addAll(shared);
            ClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
            Class<?> c = loader.loadClass("dev.uplink.core.pac.PacAbRunner");
            runners[i] = c.getConstructor(String.class, String.class).newInstance(a[0], a[1]);
            slice[i] = c.getMethod("slice", double.class);
        }
        double[][] rates = new double[builds.length][slices];
        for (int k = -4; k < slices; k++) { // the first 4 rounds warm the JIT up and are not counted
            for (int i = 0; i < builds.length; i++) {
                double r = (double) slice[i].invoke(runners[i], seconds);
                if (k >= 0) {
                    rates[i][k] = r;
                }
            }
        }
        for (int i = 0; i < builds.length; i++) {
            double[] r = rates[i].clone();
            Arrays.sort(r);
            System.out.printf("  %-40s median %8.0f   best %8.0f evals/CPU-second%n", builds[i], r[r.length / 2], r[r.length - 1]);
        }
    }
}
