package io.smsnotifier.worker.providers;

import org.jspecify.annotations.Nullable;

/**
 * What a vendor says of one of its templates ({@link SmsProvider#reviewOf}): in review, approved, or rejected with
 * the reviewer's reason. The reason is the vendor's free text, shown in the API, the console and log lines: it is
 * cleaned here, once, for every adapter (control, line and bidirectional characters become spaces; at most
 * {@value #MAX_REASON} characters), so no caller has to remember to.
 */
public record TemplateReview(Status status, @Nullable String reason) {

    /** Longest reason kept: vendors' reasons are a sentence or two; more is noise or hostile. */
    public static final int MAX_REASON = 200;

    public enum Status {
        IN_REVIEW, APPROVED, REJECTED
    }

    public TemplateReview {
        reason = clean(reason);
    }

    public static TemplateReview approved() {
        return new TemplateReview(Status.APPROVED, null);
    }

    static @Nullable String clean(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        StringBuilder kept = new StringBuilder(Math.min(text.length(), MAX_REASON));
        int count = 0;
        for (int i = 0; i < text.length() && count < MAX_REASON; count++) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            kept.appendCodePoint(unsafe(c) ? ' ' : c);
        }
        String cleaned = kept.toString().strip();
        return cleaned.isEmpty() ? null : cleaned;
    }

    /** Controls, line and paragraph separators, bidirectional overrides and isolates, and unpaired surrogates. */
    private static boolean unsafe(int c) {
        return Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C
                || Character.getType(c) == Character.SURROGATE;
    }
}
