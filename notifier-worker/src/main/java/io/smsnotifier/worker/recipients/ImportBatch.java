package io.smsnotifier.worker.recipients;

import io.smsnotifier.events.DepartmentUpdated;
import io.smsnotifier.events.MemberUpdated;
import io.smsnotifier.worker.failures.DatabaseErrors;
import io.smsnotifier.worker.recipients.ImportReport.Rejection;
import io.smsnotifier.worker.support.FieldChecks.Problem;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * One import's entries on their way to the directory, stored {@value #CHUNK} at a time, and what became of each
 * line. When the database refuses a chunk because of a value in it (a data exception or a constraint), the chunk
 * is stored again one entry at a time, so that only the entries it refuses are rejected, each with its line. Any
 * other database failure stops the import ({@link ImportStopped}): what was stored stays, and the report says so.
 * Not thread-safe.
 */
final class ImportBatch {

    /** Problems listed in a report; the rest are counted. */
    static final int MAX_LISTED = 1_000;
    static final int CHUNK = 1_000;

    private static final Logger log = LoggerFactory.getLogger(ImportBatch.class);

    private record Pending<T>(long line, T entry) {
    }

    private final Directory directory;
    private final List<Pending<MemberUpdated>> members = new ArrayList<>();
    private final List<Pending<DepartmentUpdated>> departments = new ArrayList<>();
    private final List<Rejection> rejections = new ArrayList<>();
    private int rejected;
    private int unlisted;
    private long lines;
    private SaveCounts counts = SaveCounts.NONE;

    ImportBatch(Directory directory) {
        this.directory = directory;
    }

    /** Line {@code number} has been read, whatever becomes of it. */
    void read(long number) {
        lines = number;
    }

    void add(long line, MemberUpdated member) {
        members.add(new Pending<>(line, member));
        if (members.size() == CHUNK) {
            flush();
        }
    }

    void add(long line, DepartmentUpdated department) {
        departments.add(new Pending<>(line, department));
        if (departments.size() == CHUNK) {
            flush();
        }
    }

    /** Rejects {@code line} for its own reason, such as invalid JSON ({@code field} null) or a missing id. */
    void reject(long line, @Nullable String field, String reason) {
        rejected++;
        list(new Rejection(line, field, reason));
    }

    /** Rejects {@code line} for the field limits it breaks. */
    void reject(long line, List<Problem> problems) {
        rejected++;
        problems.forEach(problem -> list(new Rejection(line, problem.field(), problem.reason())));
    }

    /** Stores what is left and reports. */
    ImportReport finish() {
        flush();
        return report();
    }

    /** What the import did so far, without storing what is pending. */
    ImportReport report() {
        List<Rejection> listed = new ArrayList<>(rejections);
        listed.sort(Comparator.comparingLong(Rejection::line));
        return new ImportReport(lines, counts.inserted(), counts.updated(), rejected, List.copyOf(listed), unlisted);
    }

    private void list(Rejection rejection) {
        if (rejections.size() < MAX_LISTED) {
            rejections.add(rejection);
        } else {
            unlisted++;
        }
    }

    private void flush() {
        // Departments first, as a member's departments are usually listed before it.
        store(departments, directory::saveDepartments);
        store(members, directory::saveMembers);
    }

    private <T> void store(List<Pending<T>> pending, Function<List<T>, SaveCounts> save) {
        if (pending.isEmpty()) {
            return;
        }
        try {
            counts = counts.plus(save.apply(pending.stream().map(Pending::entry).toList()));
        } catch (DataAccessException | TransactionException e) {
            refusedOrStop(e, pending.getFirst().line());
            log.warn("directory import: the database refused a chunk of {} entries from line {} (sqlState={}); "
                    + "storing them one at a time", pending.size(), pending.getFirst().line(),
                    DatabaseErrors.sqlState(e));
            for (Pending<T> one : pending) {
                try {
                    counts = counts.plus(save.apply(List.of(one.entry())));
                } catch (DataAccessException | TransactionException refused) {
                    refusedOrStop(refused, one.line());
                    reject(one.line(), null, "the database refused the entry (SQLSTATE "
                            + DatabaseErrors.sqlState(refused) + ")");
                }
            }
        } finally {
            pending.clear();
        }
    }

    /** Returns when a value in the entries was refused; otherwise stops the import. */
    private void refusedOrStop(RuntimeException e, long fromLine) {
        if (DatabaseErrors.causedByAValue(e)) {
            return;
        }
        String sqlState = DatabaseErrors.sqlState(e);
        log.warn("directory import stopped: the database failed storing the entries from line {} (sqlState={}, {})",
                fromLine, sqlState, e.getClass().getSimpleName());
        throw new ImportStopped(ImportStopped.Cause.DATABASE, "the database failed (" + (sqlState == null
                ? e.getClass().getSimpleName() : "SQLSTATE " + sqlState) + ") storing the entries from line "
                + fromLine + "; the report counts what was stored. Entries replace what is stored: send the whole "
                + "file again once the database is back", report());
    }
}
