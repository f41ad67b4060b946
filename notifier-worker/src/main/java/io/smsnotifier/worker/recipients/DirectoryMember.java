package io.smsnotifier.worker.recipients;

import org.jspecify.annotations.Nullable;

/**
 * A member as the directory store keeps it: the number as given, its E.164 form, or why there is none.
 */
record DirectoryMember(String memberId, @Nullable String nick, @Nullable String phone, @Nullable String phoneE164,
                       @Nullable String phoneProblem, boolean active) {
}
