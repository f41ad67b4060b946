package io.smsnotifier.events;

/**
 * A department's current directory entry, keyed by {@code departmentId} on the compacted
 * {@code directory.departments} topic; a null value (tombstone) deletes it. {@code parentId} is null at the root.
 */
public record DepartmentUpdated(String departmentId, String parentId, String name) {
}
