package dev.uplink.analyzer.report;

import dev.uplink.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes the four report files. All are rendered in memory first, then each is written to a
 * temporary file in the target directory and renamed into place, so a reader never sees a
 * half-written report and a failure leaves the previous reports untouched.
 */
public final class ReportWriter {

    public static final String TEXT = "UplinkAnalyzerResult.txt";
    public static final String JSON = "UplinkAnalyzerResult.json";
    public static final String HTML = "UplinkAnalyzerResult.html";
    public static final String ZIP = "UplinkAnalyzerResult.zip";
    /** The redacted effective configuration inside the zip. */
    public static final String CONFIGURATION = "UplinkAnalyzerConfiguration.json";

    private ReportWriter() {}

    public static ReportFiles writeAll(AnalysisReport report, Path outDir) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(TEXT, TextReportWriter.render(report).getBytes(StandardCharsets.UTF_8));
        files.put(JSON, JsonReportWriter.render(report).getBytes(StandardCharsets.UTF_8));
        files.put(HTML, HtmlReportWriter.render(report).getBytes(StandardCharsets.UTF_8));
        Map<String, byte[]> zipped = new LinkedHashMap<>(files);
        zipped.put(CONFIGURATION, JsonReportWriter.renderConfiguration(report).getBytes(StandardCharsets.UTF_8));
        files.put(ZIP, zip(zipped, report));

        prepareDirectory(outDir);
        List<Path> temps = new ArrayList<>();
        try {
            Map<Path, Path> moves = new LinkedHashMap<>();
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path tmp = Files.createTempFile(outDir, "." + f.getKey() + ".", ".tmp");
                temps.add(tmp);
                try (FileChannel ch =
                        FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    ch.write(java.nio.ByteBuffer.wrap(f.getValue()));
                    ch.force(true);
                }
                moves.put(tmp, outDir.resolve(f.getKey()));
            }
            for (Map.Entry<Path, Path> m : moves.entrySet()) {
                move(m.getKey(), m.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reports to " + outDir + ": " + e.getMessage(), e);
        } finally {
            for (Path t : temps) {
                try {
                    Files.deleteIfExists(t);
                } catch (IOException ignored) {
                    // best effort: a stray temp file is harmless and named as one
                }
            }
        }
        return new ReportFiles(outDir.resolve(TEXT), outDir.resolve(JSON), outDir.resolve(HTML), outDir.resolve(ZIP));
    }

    private static void prepareDirectory(Path outDir) {
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new InvalidInputException("report directory " + outDir + " is a file: expected a directory");
        }
        try {
            Files.createDirectories(outDir);
        } catch (FileAlreadyExistsException e) {
            throw new InvalidInputException("report directory " + outDir + " is not a directory");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the report directory " + outDir + ": " + e.getMessage(), e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static byte[] zip(Map<String, byte[]> entries, AnalysisReport report) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            FileTime time = FileTime.from(report.generatedAt());
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setLastModifiedTime(time);
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
