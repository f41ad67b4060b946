package io.smsnotifier.worker.recipients;

import io.smsnotifier.events.DepartmentUpdated;
import io.smsnotifier.events.MemberUpdated;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rows of an import CSV, as its header row names the columns: {@code memberId,nick,phone,departmentIds,
 * roleIds,active} ({@code ;} or {@code |} between list items) for members, or {@code departmentId,parentId,name}
 * for departments, in any order, names in any case. Cells are RFC 4180 within one line. Not thread-safe.
 */
final class CsvEntries {

    private final Map<String, Integer> columns;
    private final boolean members;

    private CsvEntries(Map<String, Integer> columns, boolean members) {
        this.columns = columns;
        this.members = members;
    }

    /** @throws IllegalArgumentException when the header names neither a memberId nor a departmentId column */
    static CsvEntries fromHeader(String header) {
        Map<String, Integer> columns = new HashMap<>();
        List<String> names = parseCsvLine(header);
        for (int i = 0; names != null && i < names.size(); i++) {
            columns.put(names.get(i).strip().toLowerCase(Locale.ROOT), i);
        }
        boolean members = columns.containsKey("memberid");
        if (!members && !columns.containsKey("departmentid")) {
            throw new IllegalArgumentException("the CSV header must name a memberId column (members) or a "
                    + "departmentId column (departments)");
        }
        return new CsvEntries(columns, members);
    }

    /** Reads line {@code number} into {@code batch}: its entry, or its rejection. */
    void read(long number, String line, ImportBatch batch) {
        List<String> cells = parseCsvLine(line);
        if (cells == null) {
            batch.reject(number, null, "unbalanced quotes");
        } else if (members) {
            String memberId = cell(cells, "memberid");
            String active = cell(cells, "active");
            if (memberId == null) {
                batch.reject(number, "memberId", "is empty");
            } else if (active != null && !active.equalsIgnoreCase("true") && !active.equalsIgnoreCase("false")) {
                batch.reject(number, "active", "must be true or false");
            } else {
                DirectoryImport.add(number, new MemberUpdated(memberId, cell(cells, "nick"), cell(cells, "phone"),
                        list(cell(cells, "departmentids")), list(cell(cells, "roleids")),
                        active == null ? Boolean.TRUE : Boolean.valueOf(active)), batch);
            }
        } else {
            String departmentId = cell(cells, "departmentid");
            if (departmentId == null) {
                batch.reject(number, "departmentId", "is empty");
            } else {
                DirectoryImport.add(number, new DepartmentUpdated(departmentId, cell(cells, "parentid"),
                        cell(cells, "name")), batch);
            }
        }
    }

    private @Nullable String cell(List<String> cells, String name) {
        Integer index = columns.get(name);
        if (index == null || index >= cells.size()) {
            return null;
        }
        String value = cells.get(index).strip();
        return value.isEmpty() ? null : value;
    }

    private static List<String> list(@Nullable String cell) {
        return cell == null ? List.of() : Arrays.stream(cell.split("[;|]")).map(String::strip)
                .filter(item -> !item.isEmpty()).toList();
    }

    /** RFC 4180 fields of one line: commas, double quotes, {@code ""} for a quote; null when quotes don't close. */
    static @Nullable List<String> parseCsvLine(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        cells.add(cell.toString());
        return cells;
    }
}
