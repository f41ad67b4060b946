package io.smsnotifier.worker.recipients;

/**
 * An import that stopped before its last line: what was stored until then stays (entries replace what is
 * stored, so sending the file again is safe) and {@link #report()} says what that was. The message names the
 * limit or the SQLSTATE, never a value from the file.
 */
public final class ImportStopped extends RuntimeException {

    /** Why it stopped. */
    public enum Cause {
        /** The body is larger than {@code notifier.directory.import-max-bytes}: answered 413. */
        TOO_LARGE,
        /** The database failed, not because of a value (unreachable, timed out): answered 503. */
        DATABASE
    }

    private final Cause stoppedBy;
    private final transient ImportReport report;

    ImportStopped(Cause stoppedBy, String message, ImportReport report) {
        super(message, null, false, false);
        this.stoppedBy = stoppedBy;
        this.report = report;
    }

    public Cause stoppedBy() {
        return stoppedBy;
    }

    public ImportReport report() {
        return report;
    }
}
