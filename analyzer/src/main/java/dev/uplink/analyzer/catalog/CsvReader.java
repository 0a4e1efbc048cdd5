package dev.uplink.analyzer.catalog;

import dev.uplink.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV: comma-separated fields, double-quoted fields may hold commas, line breaks and
 * {@code ""} for a quote; CRLF or LF line ends; a UTF-8 BOM is ignored. Strict about quotes
 * (text after a closing quote, an unterminated quote) because a silently mis-split row would
 * shift an endpoint into the wrong column.
 */
public final class CsvReader {

    private CsvReader() {}

    /** All records; {@code what} names the input in errors. Blank lines are kept as records with one empty field. */
    public static List<List<String>> parse(String text, String what) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        int n = text.length();
        int row = 1;
        boolean quoted = false;
        boolean afterQuote = false;
        while (i < n) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                    afterQuote = true;
                } else {
                    field.append(c);
                }
                i++;
                continue;
            }
            if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
                afterQuote = false;
            } else if (c == '\r' || c == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(List.copyOf(record));
                record.clear();
                afterQuote = false;
                row++;
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
            } else if (afterQuote) {
                throw new InvalidInputException(
                        what + ": row " + row + ": text after a closing quote; "
                                + "expected a comma or the end of the line (RFC 4180: a quote inside a quoted field is written \"\")");
            } else if (c == '"') {
                if (field.length() > 0) {
                    throw new InvalidInputException(
                            what + ": row " + row + ": a quote in the middle of an unquoted field; "
                                    + "quote the whole field and double the quote (RFC 4180)");
                }
                quoted = true;
            } else {
                field.append(c);
            }
            i++;
        }
        if (quoted) {
            throw new InvalidInputException(
                    what + ": row " + row + ": a quoted field is not closed before the end of the file");
        }
        if (field.length() > 0 || !record.isEmpty() || afterQuote) {
            record.add(field.toString());
            records.add(List.copyOf(record));
        }
        return records;
    }

    /** Quotes a field when RFC 4180 requires it. */
    public static String quote(String field) {
        if (field == null) {
            return "";
        }
        if (field.indexOf(',') >= 0
                || field.indexOf('"') >= 0
                || field.indexOf('\n') >= 0
                || field.indexOf('\r') >= 0) {
            return '"' + field.replace("\"", "\"\"") + '"';
        }
        return field;
    }
}
