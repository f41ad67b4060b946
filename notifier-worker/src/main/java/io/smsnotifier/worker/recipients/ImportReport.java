package io.smsnotifier.worker.recipients;

import java.util.List;

/**
 * What a bulk import did. {@code rejections} lists the first {@value DirectoryImport#MAX_LISTED_REJECTIONS}
 * rejected lines; {@code rejected} counts them all.
 */
public record ImportReport(int inserted, int updated, int rejected, List<Rejection> rejections) {

    /** A line that was not imported, and why (never quoting the line: it may hold a phone number). */
    public record Rejection(long line, String reason) {
    }
}
