package dev.uplink.cli.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StoreWarmUpTest {

    private record Case(String words, StoreWarmUp.Plan plan) {}

    @Test
    void warmsTheStoreForCollectorCommandsAndTheLoginForAPostgresqlStore() {
        List<Case> cases = List.of(
                new Case("collector health --json --data /var/lib/uplink-collector", StoreWarmUp.Plan.CALENDAR),
                new Case("collector sites list --store sqlite:/d", StoreWarmUp.Plan.CALENDAR),
                new Case("collector health --store postgresql://uplink@db/uplink", StoreWarmUp.Plan.CALENDAR_AND_LOGIN),
                new Case("collector devices --store=postgresql://db/uplink", StoreWarmUp.Plan.CALENDAR_AND_LOGIN),
                new Case("collector sites", StoreWarmUp.Plan.CALENDAR),
                // The service's start-up is not waited for; other commands open no store.
                new Case("collector run --store postgresql://db/uplink", StoreWarmUp.Plan.NONE),
                new Case("collector", StoreWarmUp.Plan.NONE),
                new Case("winhttp show proxy", StoreWarmUp.Plan.NONE),
                new Case("analyze --urls postgresql://x", StoreWarmUp.Plan.NONE),
                new Case("", StoreWarmUp.Plan.NONE));
        for (Case c : cases) {
            String[] args = c.words().isEmpty() ? new String[0] : c.words().split(" ");
            assertEquals(c.plan(), StoreWarmUp.plan(args), c.words());
        }
    }
}
