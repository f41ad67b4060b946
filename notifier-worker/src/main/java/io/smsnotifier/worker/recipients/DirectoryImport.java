package io.smsnotifier.worker.recipients;

import io.smsnotifier.events.DepartmentUpdated;
import io.smsnotifier.events.EventJson;
import io.smsnotifier.events.MemberUpdated;
import io.smsnotifier.worker.audit.AuditLog;
import io.smsnotifier.worker.recipients.ImportLines.Line;
import io.smsnotifier.worker.support.LogSafe;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Bulk import of directory entries for bootstrap: JSON lines of {@code directory.members} /
 * {@code directory.departments} records (told apart by {@code memberId} / {@code departmentId}), or CSV with a
 * header row ({@link CsvEntries}). Entries replace what is stored, so importing a file twice changes nothing the
 * second time. Every entry is held to the limits directory sync applies ({@link EntryLimits}); a bad line, a line
 * longer than {@value ImportLines#MAX_LINE_BYTES} bytes, or an entry the database refuses is rejected with its
 * number, field and reason, and every other line is imported. The body is read up to
 * {@code notifier.directory.import-max-bytes} ({@link ImportStopped} past it, or when the database fails). Each
 * import that may have changed the directory is audited under the caller's name, with counts and never a line of
 * the file. Callers close the body. Thread-safe.
 */
@Component
public class DirectoryImport {

    /** How the body is written. */
    public enum Format {
        CSV("csv"), JSON_LINES("json-lines");

        private final String shown;

        Format(String shown) {
            this.shown = shown;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(DirectoryImport.class);

    private final Directory directory;
    private final AuditLog audit;
    private final long maxBytes;

    DirectoryImport(Directory directory, AuditLog audit, DirectoryImportProperties properties) {
        this.directory = directory;
        this.audit = audit;
        this.maxBytes = properties.importMaxBytes().toBytes();
    }

    /**
     * Refuses a body that says it is larger than {@code notifier.directory.import-max-bytes}, before anything is
     * read or stored.
     *
     * @param contentLength the declared length, or -1 when none was declared
     * @throws ImportStopped {@link ImportStopped.Cause#TOO_LARGE} with an empty report
     */
    public void checkDeclaredLength(long contentLength) {
        if (contentLength > maxBytes) {
            throw tooLarge("the body of " + contentLength + " bytes", new ImportBatch(directory).report());
        }
    }

    /**
     * Imports {@code body} and audits the import as {@code actor}'s.
     *
     * @throws IllegalArgumentException when a CSV has no header row, or its header names neither kind of entry
     * @throws ImportStopped            when the body is too large or the database fails; audited too
     */
    public ImportReport importFile(InputStream body, Format format, String actor) throws IOException {
        ImportLines lines = new ImportLines(body, maxBytes);
        ImportBatch batch = new ImportBatch(directory);
        try {
            ImportReport report;
            try {
                report = format == Format.CSV ? importCsv(lines, batch) : importJsonLines(lines, batch);
            } catch (ImportLines.BodyTooLarge e) {
                throw tooLarge("the body", batch.report());
            }
            audit(actor, format, report, null);
            return report;
        } catch (ImportStopped stopped) {
            audit(actor, format, stopped.report(), stopped.stoppedBy());
            throw stopped;
        }
    }

    private ImportReport importJsonLines(ImportLines lines, ImportBatch batch) throws IOException {
        for (Line line = lines.next(); line != null; line = lines.next()) {
            String text = text(line, batch);
            if (text != null) {
                jsonLine(line.number(), text, batch);
            }
        }
        return batch.finish();
    }

    private ImportReport importCsv(ImportLines lines, ImportBatch batch) throws IOException {
        Line header = lines.next();
        if (header == null || header.text() == null) {
            throw new IllegalArgumentException(header == null ? "the CSV is empty: expected a header row"
                    : "the CSV header row is longer than " + ImportLines.MAX_LINE_BYTES + " bytes");
        }
        batch.read(header.number());
        CsvEntries csv = CsvEntries.fromHeader(header.text().replace("\uFEFF", ""));
        for (Line line = lines.next(); line != null; line = lines.next()) {
            String text = text(line, batch);
            if (text != null) {
                csv.read(line.number(), text, batch);
            }
        }
        return batch.finish();
    }

    /** The line's text when there is an entry to read in it; null when blank or rejected as too long. */
    private static @Nullable String text(Line line, ImportBatch batch) {
        batch.read(line.number());
        if (line.text() == null) {
            batch.reject(line.number(), null, "the line is longer than " + ImportLines.MAX_LINE_BYTES + " bytes");
            return null;
        }
        String text = line.number() == 1 ? line.text().replace("\uFEFF", "") : line.text();
        return text.isBlank() ? null : text;
    }

    private static void jsonLine(long number, String line, ImportBatch batch) {
        try {
            JsonNode node = EventJson.mapper().readTree(line);
            if (node != null && node.has("memberId")) {
                MemberUpdated member = EventJson.mapper().treeToValue(node, MemberUpdated.class);
                if (member.memberId() == null || member.memberId().isBlank()) {
                    batch.reject(number, "memberId", "is empty");
                } else {
                    add(number, member, batch);
                }
            } else if (node != null && node.has("departmentId")) {
                DepartmentUpdated department = EventJson.mapper().treeToValue(node, DepartmentUpdated.class);
                if (department.departmentId() == null || department.departmentId().isBlank()) {
                    batch.reject(number, "departmentId", "is empty");
                } else {
                    add(number, department, batch);
                }
            } else {
                batch.reject(number, null, "neither a member (memberId) nor a department (departmentId)");
            }
        } catch (StreamReadException e) {
            batch.reject(number, null, "not valid JSON");
        } catch (DatabindException e) {
            String path = e.getPath().stream()
                    .map(reference -> reference.getPropertyName() != null ? reference.getPropertyName()
                            : "[" + reference.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            batch.reject(number, path.isEmpty() ? null : path, "has the wrong type");
        } catch (JacksonException e) {
            batch.reject(number, null, "could not be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Adds {@code member} when its fields are within {@link EntryLimits}, else rejects its line. */
    static void add(long number, MemberUpdated member, ImportBatch batch) {
        var problems = EntryLimits.of(member);
        if (problems.isEmpty()) {
            batch.add(number, member);
        } else {
            batch.reject(number, problems);
        }
    }

    static void add(long number, DepartmentUpdated department, ImportBatch batch) {
        var problems = EntryLimits.of(department);
        if (problems.isEmpty()) {
            batch.add(number, department);
        } else {
            batch.reject(number, problems);
        }
    }

    private ImportStopped tooLarge(String what, ImportReport report) {
        return new ImportStopped(ImportStopped.Cause.TOO_LARGE, what + " is larger than "
                + "notifier.directory.import-max-bytes (" + maxBytes + " bytes)" + (report.lines() == 0
                ? ": nothing was imported" : ": the import stopped after line " + report.lines()
                + "; the report counts what was stored"), report);
    }

    private void audit(String actor, Format format, ImportReport report, ImportStopped.@Nullable Cause stoppedBy) {
        if (stoppedBy != null && report.lines() == 0) {
            return;
        }
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("format", format.shown);
        changes.put("lines", report.lines());
        changes.put("inserted", report.inserted());
        changes.put("updated", report.updated());
        changes.put("rejected", report.rejected());
        if (stoppedBy != null) {
            changes.put("stopped", stoppedBy == ImportStopped.Cause.TOO_LARGE ? "too-large" : "database");
        }
        try {
            audit.record(actor, "directory.import", "directory", changes);
        } catch (DataAccessException | TransactionException e) {
            if (stoppedBy == null) {
                throw e;
            }
            // The database that stopped the import refuses the entry too: the log keeps what the audit could not.
            log.warn("directory import by {} not audited: the database failed too ({}); changes={}",
                    LogSafe.key(actor), e.getClass().getSimpleName(), changes);
        }
    }
}
