package io.smsnotifier.worker.recipients;

import io.smsnotifier.events.DepartmentUpdated;
import io.smsnotifier.events.EventJson;
import io.smsnotifier.events.MemberUpdated;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bulk import of directory entries for bootstrap: JSON lines of {@code directory.members} /
 * {@code directory.departments} records (told apart by {@code memberId} / {@code departmentId}), or CSV with a
 * header row ({@code memberId,nick,phone,departmentIds,roleIds,active} with {@code ;} between list items, or
 * {@code departmentId,parentId,name}). Entries replace what is stored, so importing a file twice changes
 * nothing the second time. Bad lines are rejected with their number and reason; the rest is imported. Callers
 * read the input themselves and close it; nothing is audited here (the caller knows who imports).
 */
@Component
public class DirectoryImport {

    static final int MAX_LISTED_REJECTIONS = 1_000;
    private static final int CHUNK = 1_000;

    private final Directory directory;

    DirectoryImport(Directory directory) {
        this.directory = directory;
    }

    /** Imports JSON lines, one member or department per line; blank lines are skipped. */
    public ImportReport importJsonLines(BufferedReader lines) throws IOException {
        Batch batch = new Batch();
        String line;
        long number = 0;
        while ((line = lines.readLine()) != null) {
            number++;
            if (number == 1) {
                line = line.replace("\uFEFF", "");
            }
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = EventJson.mapper().readTree(line);
                if (node.has("memberId")) {
                    MemberUpdated member = EventJson.mapper().treeToValue(node, MemberUpdated.class);
                    if (member.memberId() == null || member.memberId().isBlank()) {
                        batch.reject(number, "memberId is empty");
                    } else {
                        batch.add(member);
                    }
                } else if (node.has("departmentId")) {
                    DepartmentUpdated department = EventJson.mapper().treeToValue(node, DepartmentUpdated.class);
                    if (department.departmentId() == null || department.departmentId().isBlank()) {
                        batch.reject(number, "departmentId is empty");
                    } else {
                        batch.add(department);
                    }
                } else {
                    batch.reject(number, "neither a member (memberId) nor a department (departmentId)");
                }
            } catch (JacksonException e) {
                batch.reject(number, e instanceof tools.jackson.core.exc.StreamReadException
                        ? "not valid JSON" : "a field has the wrong type");
            }
        }
        return batch.finish();
    }

    /**
     * Imports a CSV file of members or of departments, as its header row says.
     *
     * @throws IllegalArgumentException when the file is empty or its header names neither kind of entry
     */
    public ImportReport importCsv(BufferedReader lines) throws IOException {
        String header = lines.readLine();
        if (header == null) {
            throw new IllegalArgumentException("the CSV is empty: expected a header row");
        }
        Map<String, Integer> columns = new HashMap<>();
        List<String> names = parseCsvLine(header.replace("\uFEFF", ""));
        for (int i = 0; i < names.size(); i++) {
            columns.put(names.get(i).strip().toLowerCase(Locale.ROOT), i);
        }
        boolean memberFile = columns.containsKey("memberid");
        if (!memberFile && !columns.containsKey("departmentid")) {
            throw new IllegalArgumentException("the CSV header must name a memberId column (members) or a "
                    + "departmentId column (departments)");
        }
        Batch batch = new Batch();
        String line;
        long number = 1;
        while ((line = lines.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            List<String> cells = parseCsvLine(line);
            if (cells == null) {
                batch.reject(number, "unbalanced quotes");
                continue;
            }
            if (memberFile) {
                String memberId = cell(cells, columns, "memberid");
                if (memberId == null) {
                    batch.reject(number, "memberId is empty");
                    continue;
                }
                String active = cell(cells, columns, "active");
                if (active != null && !active.equalsIgnoreCase("true") && !active.equalsIgnoreCase("false")) {
                    batch.reject(number, "active must be true or false");
                    continue;
                }
                batch.add(new MemberUpdated(memberId, cell(cells, columns, "nick"), cell(cells, columns, "phone"),
                        list(cell(cells, columns, "departmentids")), list(cell(cells, columns, "roleids")),
                        active == null ? Boolean.TRUE : Boolean.valueOf(active)));
            } else {
                String departmentId = cell(cells, columns, "departmentid");
                if (departmentId == null) {
                    batch.reject(number, "departmentId is empty");
                    continue;
                }
                batch.add(new DepartmentUpdated(departmentId, cell(cells, columns, "parentid"),
                        cell(cells, columns, "name")));
            }
        }
        return batch.finish();
    }

    private static @Nullable String cell(List<String> cells, Map<String, Integer> columns, String name) {
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

    /** Collects entries and stores them a chunk at a time. */
    private final class Batch {

        private final List<MemberUpdated> members = new ArrayList<>();
        private final List<DepartmentUpdated> departments = new ArrayList<>();
        private final List<ImportReport.Rejection> rejections = new ArrayList<>();
        private int rejected;
        private SaveCounts counts = SaveCounts.NONE;

        void add(MemberUpdated member) {
            members.add(member);
            if (members.size() == CHUNK) {
                flush();
            }
        }

        void add(DepartmentUpdated department) {
            departments.add(department);
            if (departments.size() == CHUNK) {
                flush();
            }
        }

        void reject(long line, String reason) {
            rejected++;
            if (rejections.size() < MAX_LISTED_REJECTIONS) {
                rejections.add(new ImportReport.Rejection(line, reason));
            }
        }

        private void flush() {
            counts = counts.plus(directory.saveDepartments(departments)).plus(directory.saveMembers(members));
            departments.clear();
            members.clear();
        }

        ImportReport finish() {
            flush();
            return new ImportReport(counts.inserted(), counts.updated(), rejected, List.copyOf(rejections));
        }
    }
}
