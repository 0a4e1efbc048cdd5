package dev.uplink.core.wpad;

import com.google.common.net.InternetDomainName;
import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * The WPAD host names to try for a DNS domain: {@code wpad.<domain>} walking up one label at a time,
 * stopping before a public suffix, then the bare {@code wpad}.
 *
 * <p>Why the Public Suffix List: for a machine in {@code dept.corp.co.uk} the naive walk reaches
 * {@code wpad.co.uk}, a name anyone can register — whoever does hands proxy settings to every
 * machine that devolves that far (the classic WPAD attack). Guava's {@link InternetDomainName}
 * carries a packaged copy of the PSL; both its ICANN and private sections count. The walk ends at
 * the registrable domain (public suffix plus one label) the machine's domain belongs to. A
 * single-label name is never tried with a {@code wpad.} prefix either: under the PSL's default
 * rule {@code *} every unlisted top-level label ({@code test}, {@code local}, {@code corp}) is a
 * public suffix too.
 */
public final class WpadDomainDevolution {

    /** The last candidate: the bare name, resolved through the resolver's own search list. */
    public static final String BARE_WPAD_HOST = "wpad";

    private WpadDomainDevolution() {}

    /** Host names to try, most specific first, ending with {@link #BARE_WPAD_HOST}. */
    public static List<String> candidateHosts(String domain) {
        List<String> hosts = new ArrayList<>();
        if (domain != null) {
            InternetDomainName name = parse(domain);
            // Stop at the registrable domain (public suffix + one label): above it is either a
            // public suffix or, for x.city.kawasaki.jp, somebody else's registrable domain.
            int minLabels =
                    name.isUnderPublicSuffix() ? name.topPrivateDomain().parts().size() : 2;
            while (name.parts().size() >= minLabels && !name.isPublicSuffix()) {
                hosts.add("wpad." + name);
                if (name.parts().size() == minLabels) {
                    break;
                }
                name = name.parent();
            }
        }
        hosts.add(BARE_WPAD_HOST);
        return List.copyOf(hosts);
    }

    /** {@code http://<host>/wpad.dat}: the well-known WPAD location. */
    public static String pacUrlFor(String host) {
        return "http://" + host + "/wpad.dat";
    }

    /**
     * Normalises a DNS domain (lower case, no trailing dot, IDN to punycode) or throws
     * {@link InvalidInputException} naming the expected form.
     */
    public static String normaliseDomain(String domain) {
        return parse(domain).toString();
    }

    private static InternetDomainName parse(String domain) {
        String s = domain == null ? "" : CaseMapping.lower(domain.trim());
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty()
                || !InternetDomainName.isValid(s)
                || s.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
            throw new InvalidInputException(
                    "DNS domain '" + domain + "' is not valid: expected a domain name such as corp.example.com");
        }
        return InternetDomainName.from(s);
    }
}
