package dev.uplink.collector.onboarding;

import dev.uplink.collector.auth.EnrollmentService;
import dev.uplink.collector.store.Store;
import dev.uplink.core.protocol.CollectorEndpoint;
import dev.uplink.core.protocol.OnboardingPackage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Makes an onboarding file: a fresh one-time token for this data directory's tenant. The token row
 * is deleted again if the file cannot be written, so no usable token exists that nobody holds.
 * Inputs are validated by the caller before anything is created.
 */
public final class OnboardingIssuer {

    private final Store store;
    private final Clock clock;

    public OnboardingIssuer(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public OnboardingPackage issue(List<CollectorEndpoint> collectors, String caPem, Duration validity, Path out)
            throws IOException {
        String tenant = store.tenantId();
        EnrollmentService.IssuedToken token = new EnrollmentService(store.tokens(), clock).issue(validity);
        OnboardingPackage pkg = new OnboardingPackage(tenant, collectors, caPem, token.token(), token.expiresAt());
        try {
            pkg.write(out);
        } catch (IOException | RuntimeException e) {
            store.tokens().delete(token.token().id());
            throw e;
        }
        return pkg;
    }
}
