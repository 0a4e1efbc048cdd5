package dev.uplink.cli.sensor;

import dev.uplink.cli.ConfigOptions;
import dev.uplink.cli.ExitCodes;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.net.HostResolver;
import dev.uplink.core.protocol.OnboardingPackage;
import dev.uplink.core.tls.TrustMaterial;
import dev.uplink.sensor.daemon.SensorUplink;
import dev.uplink.sensor.daemon.StateDirectory;
import dev.uplink.sensor.enroll.DeviceCredential;
import dev.uplink.sensor.enroll.EnrollmentAttempt;
import dev.uplink.sensor.enroll.EnrollmentRefusedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code uplink sensor onboard FILE}: enroll this device once, through the same routes uploads take. */
@Command(
        name = "onboard",
        mixinStandardHelpOptions = true,
        description = {
            "Enroll this device once with the collector of an onboarding file.",
            "",
            "The onboarding file comes from 'uplink collector onboarding-package'. The one-time",
            "token is proved and the per-device credential stored in the state directory (mode 0600).",
            "The request takes the same routes as uploads (machine policy, system proxy, PAC) and",
            "trusts the file's CA."
        })
public class SensorOnboardCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The onboarding file.")
    Path file;

    @Option(
            names = "--state",
            paramLabel = "DIR",
            defaultValue = SensorCommand.DEFAULT_STATE_DIR,
            description = "State directory that receives the credential (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "Device name shown by 'collector devices' (default: the host name).")
    String name;

    @Option(names = "--force", description = "Replace an existing credential.")
    boolean force;

    @Mixin
    ConfigOptions proxySettings;

    @Mixin
    dev.uplink.cli.SystemRootOptions systemRoot;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        OnboardingPackage pkg = OnboardingPackage.read(file);
        StateDirectory.check(stateDir); // before the one-time token is spent
        if (!force && Files.exists(stateDir.resolve(DeviceCredential.FILE_NAME))) {
            throw new InvalidInputException(stateDir.resolve(DeviceCredential.FILE_NAME)
                    + " exists: this device is enrolled already (use --force to enroll again)");
        }
        TrustMaterial trust = pkg.trustedCertificates().isEmpty()
                ? TrustMaterial.jdkDefaults()
                : TrustMaterial.jdkDefaultsPlus(pkg.trustedCertificates());
        String deviceName = name != null ? name : hostName();
        // The attempt's secret is on disk before the token is spent: if the answer is lost (or this
        // process dies), running onboard again retries the same attempt (docs/behaviour.md#enrolment).
        boolean created = !Files.exists(stateDir);
        StateDirectory.prepare(stateDir);
        EnrollmentAttempt attempt = EnrollmentAttempt.loadOrStart(stateDir, pkg);
        DeviceCredential credential;
        try {
            credential = SensorUplink.enrollment(
                            proxySettings.store(), systemRoot.fallback(), trust, HostResolver.system())
                    .enroll(pkg, deviceName, attempt);
        } catch (EnrollmentRefusedException e) {
            // Refused for good: this attempt can never succeed, so nothing of it stays behind.
            EnrollmentAttempt.finish(stateDir);
            if (created) {
                try {
                    Files.deleteIfExists(stateDir);
                } catch (java.nio.file.DirectoryNotEmptyException notOurs) {
                    // Something else was put there meanwhile: leave it.
                }
            }
            throw e;
        }
        Path stored = credential.store(stateDir);
        EnrollmentAttempt.finish(stateDir);
        spec.commandLine()
                .getOut()
                .println("enrolled as " + credential.deviceId() + " (\"" + deviceName + "\", tenant "
                        + credential.tenantId() + "); credential stored in " + stored);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    /** From the kernel, not DNS: an offline machine must be able to enroll with a name. */
    private static String hostName() {
        try {
            String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!h.isEmpty()) {
                return h.length() > 128 ? h.substring(0, 128) : h;
            }
        } catch (IOException e) {
            // fall through
        }
        return "device-" + Long.toHexString(System.nanoTime());
    }
}
