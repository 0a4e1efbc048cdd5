package dev.uplink.core.route;

import java.util.List;
import java.util.Objects;

/**
 * What auto-configuration decided for one URL: the routes from a PAC result, or why there is
 * no result (fetch failure, script error, no WPAD answer). Built with {@link #found} or
 * {@link #failed}.
 *
 * @param source    {@link Reason.Source#PAC} (AutoconfigUrl) or {@link Reason.Source#WPAD}
 * @param pacUrl    where the script came from, null when WPAD found nothing
 * @param routes    the PAC result in order (empty on failure)
 * @param rawResult the string {@code FindProxyForURL} returned, null on failure
 * @param note      optional detail for the explanation, e.g. "script cached since 13:02Z" or
 *                  "found via DHCP option 252"; null when none
 * @param failure   why there is no result; null on success
 */
public record AutoConfigDecision(
        Reason.Source source, String pacUrl, List<Route> routes, String rawResult, String note, String failure) {

    public AutoConfigDecision {
        if (source != Reason.Source.PAC && source != Reason.Source.WPAD) {
            throw new IllegalArgumentException("auto-configuration source is PAC or WPAD, not " + source);
        }
        routes = List.copyOf(Objects.requireNonNull(routes, "routes"));
        if ((failure == null) == (rawResult == null)) {
            throw new IllegalArgumentException("a decision has either a raw result or a failure");
        }
    }

    public static AutoConfigDecision found(
            Reason.Source source, String pacUrl, String rawResult, List<Route> routes, String note) {
        return new AutoConfigDecision(source, pacUrl, routes, rawResult, note, null);
    }

    public static AutoConfigDecision failed(Reason.Source source, String pacUrl, String failure) {
        return new AutoConfigDecision(
                source,
                pacUrl,
                List.of(),
                null,
                null,
                failure == null || failure.isBlank() ? "unknown failure" : failure);
    }

    public boolean succeeded() {
        return failure == null;
    }
}
