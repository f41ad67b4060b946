package io.smsnotifier.worker.recipients;

import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * What a bulk import did. {@code lines} is how many lines were read (all of them unless the import stopped);
 * {@code rejected} counts the lines not imported; {@code rejections} lists their problems, one per field, ordered by
 * line, the first {@value ImportBatch#MAX_LISTED} of them; {@code unlisted} counts the problems left off.
 */
public record ImportReport(long lines, int inserted, int updated, int rejected, List<Rejection> rejections,
                           int unlisted) {

    /**
     * A problem of a line that was not imported: the field it is in (null when it is the whole line's, such as
     * invalid JSON, a line too long, or the database refusing the entry) and why. Never quotes the line or the
     * field's value: they may hold a phone number.
     */
    public record Rejection(long line, @Nullable String field, String reason) {
    }
}
