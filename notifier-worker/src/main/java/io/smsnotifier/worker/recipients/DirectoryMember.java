package io.smsnotifier.worker.recipients;

import org.jspecify.annotations.Nullable;

/** A member as the directory store keeps it. */
record DirectoryMember(String memberId, @Nullable String nick, @Nullable String phone, @Nullable String phoneE164,
                       boolean active) {
}
