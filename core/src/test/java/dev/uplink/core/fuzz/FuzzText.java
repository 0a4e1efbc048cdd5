package dev.uplink.core.fuzz;

/** Text under test; {@link #toString()} escapes it so jqwik's failure report shows it exactly and readably. */
public record FuzzText(String text) {

    /** Bytes for {@link Fuzz#parse}'s allocation budget: a Java char takes two. */
    public long size() {
        return 2L * text.length();
    }

    @Override
    public String toString() {
        return text.length() + " chars: \"" + Printable.escape(text, false) + "\"";
    }
}
