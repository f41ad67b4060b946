package io.smsnotifier.worker.recipients;

import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * A member as the admin API shows it: the number masked, never whole.
 *
 * @param phone       the number as given, masked, or null
 * @param phoneStatus {@code valid}, or why the number cannot be used ("no phone number", "invalid phone number")
 */
public record DirectoryMemberView(String memberId, @Nullable String nick, @Nullable String phone, String phoneStatus,
                                  boolean active, List<String> departmentIds, List<String> roleIds) {
}
