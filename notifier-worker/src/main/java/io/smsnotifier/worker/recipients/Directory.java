package io.smsnotifier.worker.recipients;

import io.smsnotifier.events.DepartmentUpdated;
import io.smsnotifier.events.MemberUpdated;
import io.smsnotifier.events.PhoneMask;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The worker's copy of the organisation directory: what directory sync and bulk import write, and what the
 * admin API reads. Every save replaces the whole entry, so applying the same entries again, or a compacted
 * topic from the beginning, converges to the same state. Thread-safe.
 */
@Service
public class Directory {

    private final Members members;
    private final Departments departments;
    private final PhoneNumbers phoneNumbers;

    Directory(Members members, Departments departments, PhoneNumbers phoneNumbers) {
        this.members = members;
        this.departments = departments;
        this.phoneNumbers = phoneNumbers;
    }

    public SaveCounts saveMember(MemberUpdated member) {
        return saveMembers(List.of(member));
    }

    /** Stores members as the directory publishes them; when an id repeats, its last entry wins. */
    @Transactional
    public SaveCounts saveMembers(Collection<MemberUpdated> entries) {
        Map<String, Members.MemberRow> byId = new LinkedHashMap<>();
        for (MemberUpdated member : entries) {
            PhoneNumbers.Normalised phone = phoneNumbers.normalise(member.phone());
            byId.remove(member.memberId());
            byId.put(member.memberId(), new Members.MemberRow(member.memberId(), member.nick(), member.phone(),
                    phone.e164(), phone.problem(), Boolean.TRUE.equals(member.active()),
                    distinct(member.departmentIds()), distinct(member.roleIds())));
        }
        return members.saveAll(new ArrayList<>(byId.values()));
    }

    /** @return how many of the members existed */
    @Transactional
    public int deleteMembers(Collection<String> memberIds) {
        return members.deleteAll(memberIds);
    }

    /** Stores departments; when an id repeats, its last entry wins. */
    @Transactional
    public SaveCounts saveDepartments(Collection<DepartmentUpdated> entries) {
        Map<String, DepartmentUpdated> byId = new LinkedHashMap<>();
        for (DepartmentUpdated department : entries) {
            byId.remove(department.departmentId());
            byId.put(department.departmentId(), department);
        }
        return departments.saveAll(new ArrayList<>(byId.values()));
    }

    /** @return how many of the departments existed */
    @Transactional
    public int deleteDepartments(Collection<String> departmentIds) {
        return departments.deleteAll(departmentIds);
    }

    public Optional<DirectoryMemberView> findMember(String memberId) {
        return members.find(memberId).map(member -> new DirectoryMemberView(member.memberId(), member.nick(),
                PhoneMask.mask(member.phone()), member.phoneE164() != null ? "valid" : String.valueOf(member.phoneProblem()),
                member.active(), members.departmentsOf(memberId), members.rolesOf(memberId)));
    }

    private static List<String> distinct(List<String> ids) {
        return ids.stream().filter(id -> id != null && !id.isBlank()).distinct().toList();
    }
}
