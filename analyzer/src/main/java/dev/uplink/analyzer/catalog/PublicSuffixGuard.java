package dev.uplink.analyzer.catalog;

import com.google.common.net.InternetDomainName;

/**
 * Keeps catalog hosts and wildcards below a registrable domain, so that no allowlist export opens
 * a whole public suffix ({@code *.com}, {@code *.co.uk}, {@code *com}): a Squid
 * {@code dstdomain .com} would let the device reach every .com site. Only the ICANN part of the
 * Public Suffix List counts: the private part lists operator domains such as
 * {@code blob.core.windows.net}, which the vendor's own catalog requires as {@code *.blob.core.windows.net}.
 * See docs/behaviour.md#catalog-columns.
 */
public final class PublicSuffixGuard {

    private PublicSuffixGuard() {}

    /**
     * Why {@code host} (lower case, a name or a glob with {@code *}) reaches over a public
     * suffix, or {@code null} when every host it matches lies within one registrable domain.
     */
    public static String problem(String host) {
        int star = host.lastIndexOf('*');
        if (star < 0) {
            return isRegistrySuffix(host)
                    ? "'" + host + "' is a public suffix, not a host: expected a host name such as www.example." + host
                    : null;
        }
        // Every match ends with the text after the last *; the whole labels of it are the domain
        // the matches are guaranteed to share. "*ecs.office.com" keeps office.com; "*com" keeps nothing.
        String tail = host.substring(star + 1);
        String domain;
        if (tail.startsWith(".")) {
            domain = tail.substring(1);
        } else {
            int dot = tail.indexOf('.');
            domain = dot < 0 ? "" : tail.substring(dot + 1);
        }
        String expected = "expected a wildcard below a registrable domain such as *.example."
                + (isRegistrySuffix(domain) ? domain : "com");
        if (domain.isEmpty()) {
            return "'" + host + "' has no whole domain after its last * (it matches hosts of every domain ending in '"
                    + tail + "'): " + expected;
        }
        if (isRegistrySuffix(domain)) {
            return "'" + host + "' covers a whole public suffix (" + domain + "): " + expected;
        }
        if (!isBelowRegistrySuffix(domain)) {
            return "'" + host + "' is not below a registrable domain ('" + domain
                    + "' does not end in a public suffix of the Public Suffix List): " + expected;
        }
        return null;
    }

    private static boolean isRegistrySuffix(String domain) {
        return InternetDomainName.isValid(domain)
                && InternetDomainName.from(domain).isRegistrySuffix();
    }

    private static boolean isBelowRegistrySuffix(String domain) {
        return InternetDomainName.isValid(domain)
                && InternetDomainName.from(domain).isUnderRegistrySuffix();
    }
}
