package io.smsnotifier.worker.recipients;

import io.smsnotifier.events.DepartmentUpdated;
import io.smsnotifier.events.MemberUpdated;
import io.smsnotifier.worker.support.FieldChecks;
import io.smsnotifier.worker.support.FieldChecks.Problem;

import java.util.List;

/**
 * What one directory entry may hold, field by field: the limits that directory sync (the decoder of
 * {@code directory.members} and {@code directory.departments}) and the bulk import both apply, so that an
 * oversized field or a control character (NUL above all, which PostgreSQL refuses in text) is refused with its
 * entry alone instead of failing a statement shared with others. A number that does not parse is kept and
 * skipped when sent to; only its size and characters are checked here. Presence is the caller's to check.
 */
public final class EntryLimits {

    private EntryLimits() {
    }

    /** The problems of {@code member}'s fields; empty when it may be stored. */
    public static List<Problem> of(MemberUpdated member) {
        return new FieldChecks().id("memberId", member.memberId())
                .text("nick", member.nick(), FieldChecks.TEXT)
                .text("phone", member.phone(), FieldChecks.PHONE)
                .ids("departmentIds", member.departmentIds())
                .ids("roleIds", member.roleIds())
                .problems();
    }

    /** The problems of {@code department}'s fields; empty when it may be stored. */
    public static List<Problem> of(DepartmentUpdated department) {
        return new FieldChecks().id("departmentId", department.departmentId())
                .id("parentId", department.parentId())
                .text("name", department.name(), FieldChecks.TEXT)
                .problems();
    }
}
