package io.smsnotifier.events;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.List;

/**
 * Who should receive an SMS: members, departments (with their sub-departments unless
 * {@code includeSubDepartments} is false), roles and raw phone numbers. Absent lists are empty, never null.
 */
public record Recipients(List<String> members, List<String> departments, List<String> roles, List<String> phones,
                         Boolean includeSubDepartments) {

    public Recipients {
        members = members == null ? List.of() : List.copyOf(members);
        departments = departments == null ? List.of() : List.copyOf(departments);
        roles = roles == null ? List.of() : List.copyOf(roles);
        phones = phones == null ? List.of() : List.copyOf(phones);
        includeSubDepartments = includeSubDepartments == null ? Boolean.TRUE : includeSubDepartments;
    }

    public static Recipients ofMembers(String... memberIds) {
        return new Recipients(List.of(memberIds), null, null, null, null);
    }

    public static Recipients ofPhones(String... phones) {
        return new Recipients(null, null, null, List.of(phones), null);
    }

    /** True when no member, department, role or phone is named. Not part of the JSON. */
    @JsonIgnore
    public boolean isEmpty() {
        return members.isEmpty() && departments.isEmpty() && roles.isEmpty() && phones.isEmpty();
    }
}
