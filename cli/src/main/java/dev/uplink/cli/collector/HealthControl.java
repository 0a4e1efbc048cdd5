package dev.uplink.cli.collector;

import dev.uplink.collector.control.ControlHandler;
import dev.uplink.collector.control.ControlRequest;
import dev.uplink.collector.health.HealthDocument;
import dev.uplink.collector.health.HealthJson;
import dev.uplink.collector.health.HealthStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

/**
 * What {@code collector run} answers on its control socket: the health document exactly as
 * {@code collector health} would print it, JSON or text (docs/behaviour.md#control-socket).
 */
public final class HealthControl implements ControlHandler {
    private final HealthStore health;
    private final Clock clock;

    public HealthControl(HealthStore health, Clock clock) {
        this.health = health;
        this.clock = clock;
    }

    @Override
    public byte[] answer(ControlRequest request) {
        HealthDocument doc = health.health(clock.instant(), Optional.ofNullable(request.site()));
        if (request.site() != null && doc.sites().isEmpty()) {
            // The command words this itself (an unknown site is an error, a defined empty one is not).
            return null;
        }
        return request.json()
                ? HealthJson.documentBytes(doc)
                : HealthText.render(doc).getBytes(StandardCharsets.UTF_8);
    }
}
