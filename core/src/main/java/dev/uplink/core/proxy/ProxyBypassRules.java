package dev.uplink.core.proxy;

import dev.uplink.core.CaseMapping;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A WinHTTP bypass list (docs/behaviour.md#bypass-list-grammar): hosts that go DIRECT even though a static proxy is
 * set. Entries are separated by {@code ;} — and, like Chromium and WinHTTP, also by {@code ,}
 * and whitespace, which cannot occur inside an entry. Matching is case-insensitive on
 * punycode hosts; see {@link BypassRule} for each entry kind.
 *
 * <p>Loopback (localhost, 127.0.0.0/8, ::1) is bypassed implicitly unless the list contains
 * {@code <-loopback>}. Explicit rules are checked first so an explanation names the user's rule.
 */
public final class ProxyBypassRules {

    /** No list: only the implicit loopback bypass. */
    public static final ProxyBypassRules DEFAULT = new ProxyBypassRules(List.of(), true);

    private static final String SEPARATORS = "[;,\\s]+";
    private static final BypassRule LOOPBACK = new BypassRule.ImplicitLoopback();

    /**
     * Real lists hold tens or hundreds of entries. Every request under a system-wide proxy checks
     * them in turn, and each costs about a kilobyte to parse: a list this long is a mistake or an
     * attack, refused before any entry is parsed.
     */
    public static final int MAX_ENTRIES = 10_000;

    /**
     * 10,000 entries of a host name's usual length. Checked before the list is split: a few
     * megabytes of long entries under the entry limit cost over 100 bytes of allocation per input
     * byte to split and parse (the fuzz test found it), so the length is bounded first.
     */
    public static final int MAX_CHARS = 512 * 1024;

    private final List<BypassRule> rules;
    private final boolean implicitLoopback;

    private ProxyBypassRules(List<BypassRule> rules, boolean implicitLoopback) {
        this.rules = List.copyOf(rules);
        this.implicitLoopback = implicitLoopback;
    }

    /**
     * Parses a bypass list; null or blank means {@link #DEFAULT}.
     *
     * @throws dev.uplink.core.InvalidInputException naming the first bad entry and the expected forms
     */
    public static ProxyBypassRules parse(String list) {
        if (list == null || list.isBlank()) {
            return DEFAULT;
        }
        if (list.length() > MAX_CHARS) {
            throw new dev.uplink.core.InvalidInputException("bypass list is " + list.length()
                    + " characters long: expected at most " + MAX_CHARS
                    + " (hosts, domains and address ranges separated by ';')");
        }
        String[] entries = list.trim().split(SEPARATORS);
        if (entries.length > MAX_ENTRIES) {
            throw new dev.uplink.core.InvalidInputException(
                    "bypass list has " + entries.length + " entries: expected at most " + MAX_ENTRIES
                            + " (hosts, domains and address ranges separated by ';')");
        }
        List<BypassRule> rules = new ArrayList<>();
        boolean loopback = true;
        for (String entry : entries) {
            if (entry.isEmpty()) {
                continue;
            }
            if (CaseMapping.lower(entry).equals("<-loopback>")) {
                loopback = false;
            } else {
                rules.add(BypassRuleParser.parse(entry));
            }
        }
        return new ProxyBypassRules(rules, loopback);
    }

    /** The rule that sends this URL DIRECT, if any. */
    public Optional<BypassRule> matches(URI url) {
        return matches(UrlTarget.of(url));
    }

    public Optional<BypassRule> matches(UrlTarget target) {
        for (BypassRule rule : rules) {
            if (rule.matches(target)) {
                return Optional.of(rule);
            }
        }
        return implicitLoopback && LOOPBACK.matches(target) ? Optional.of(LOOPBACK) : Optional.empty();
    }

    /** The explicit rules in list order (the implicit loopback rule is not among them). */
    public List<BypassRule> rules() {
        return rules;
    }

    public boolean bypassesLoopback() {
        return implicitLoopback;
    }

    /** Canonical list: entries joined by {@code ;}, {@code <-loopback>} last; parses back to an equal value. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        rules.forEach(r -> parts.add(r.toString()));
        if (!implicitLoopback) {
            parts.add("<-loopback>");
        }
        return String.join(";", parts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProxyBypassRules other && other.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
