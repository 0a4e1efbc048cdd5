package dev.uplink.core.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a machine's settings disagree, in plain words (docs/behaviour.md#machine-proxy-sources):
 * two service-scope sources that route differently, and per-user settings that differ from what
 * services get (they never reach a service).
 */
final class Conflicts {

    /** Enough to show every real disagreement; a machine with more has one root cause to fix first. */
    static final int MAX = 100;

    private Conflicts() {}

    static List<Conflict> find(List<ProxySource> sources, EffectiveSource effective) {
        List<Conflict> out = new ArrayList<>();
        List<ProxySource> system = sources.stream()
                .filter(s -> s.scope() == SourceKind.Scope.SYSTEM && s.setsSomething())
                .toList();
        for (int i = 0; i < system.size(); i++) {
            for (int j = i + 1; j < system.size(); j++) {
                ProxySource a = system.get(i);
                ProxySource b = system.get(j);
                if (!sameRoutes(a, b)) {
                    out.add(new Conflict(
                            a.describe() + " sets " + a.setting() + " but " + b.describe() + " says " + b.setting()
                                    + " (" + a.decision() + " against " + b.decision() + ")",
                            List.of(a, b)));
                } else if (!Objects.equals(a.bypass(), b.bypass())) {
                    out.add(new Conflict(
                            a.describe() + " and " + b.describe() + " name the same proxy with different "
                                    + "bypass lists (" + orNone(a.bypass()) + " against " + orNone(b.bypass()) + ")",
                            List.of(a, b)));
                }
            }
        }
        ProxySource chosen = effective.source();
        for (ProxySource u : sources) {
            if (u.scope() != SourceKind.Scope.USER || !u.setsSomething()) {
                continue;
            }
            if (chosen == null) {
                out.add(new Conflict(
                        u.describe() + " sets " + u.decision() + ", but it applies to "
                                + u.kind().appliesTo() + " and does not apply to services: the sensor does not use it",
                        List.of(u)));
            } else if (!sameRoutes(u, chosen)) {
                out.add(new Conflict(
                        u.describe() + " sets " + u.decision() + " for "
                                + u.kind().appliesTo() + ", but services get " + chosen.decision() + " from "
                                + chosen.describe(),
                        List.of(u, chosen)));
            }
        }
        return out.size() > MAX ? List.copyOf(out.subList(0, MAX)) : List.copyOf(out);
    }

    static boolean sameRoutes(ProxySource a, ProxySource b) {
        return Objects.equals(a.proxy(), b.proxy())
                && Objects.equals(a.pacUrl(), b.pacUrl())
                && Boolean.TRUE.equals(a.autoDetect()) == Boolean.TRUE.equals(b.autoDetect());
    }

    private static String orNone(String s) {
        return s == null ? "none" : s;
    }
}
