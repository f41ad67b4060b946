package io.smsnotifier.events;

import java.util.List;

/**
 * A member's current directory entry, keyed by {@code memberId} on the compacted {@code directory.members}
 * topic; a null value (tombstone) deletes the member. Departments and roles replace the previous ones.
 */
public record MemberUpdated(String memberId, String nick, String phone, List<String> departmentIds,
                            List<String> roleIds, Boolean active) {

    public MemberUpdated {
        departmentIds = departmentIds == null ? List.of() : List.copyOf(departmentIds);
        roleIds = roleIds == null ? List.of() : List.copyOf(roleIds);
        active = active == null ? Boolean.TRUE : active;
    }

    @Override
    public String toString() {
        return "MemberUpdated[memberId=" + memberId + ", nick=" + nick + ", phone=" + PhoneMask.mask(phone)
                + ", departmentIds=" + departmentIds + ", roleIds=" + roleIds + ", active=" + active + "]";
    }
}
