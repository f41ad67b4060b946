package io.smsnotifier.worker.console;

import io.smsnotifier.worker.audit.AuditLog;
import io.smsnotifier.worker.console.OperationsForms.Problems;
import io.smsnotifier.worker.recipients.Directory;
import io.smsnotifier.worker.recipients.DirectoryImport;
import io.smsnotifier.worker.recipients.ImportReport;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Locale;
import java.util.Map;

import static io.smsnotifier.worker.console.OperationsForms.given;

/**
 * The directory page: look a member up by id (number masked, as {@code GET /api/directory/members/{id}} shows it)
 * and, for operators, import a CSV or JSON-lines file ({@link DirectoryImport}; a {@code .csv} name or a
 * {@code text/csv} type is read as CSV, anything else as JSON lines) and see its report. An import is a change:
 * the audit log records who imported what counts, never a line of the file (it holds phone numbers). The size of
 * a file is bounded by {@code spring.servlet.multipart.max-file-size}.
 */
@Controller
class ConsoleDirectoryController {

    private final Directory directory;
    private final DirectoryImport importer;
    private final AuditLog audit;

    ConsoleDirectoryController(Directory directory, DirectoryImport importer, AuditLog audit) {
        this.directory = directory;
        this.importer = importer;
        this.audit = audit;
    }

    @GetMapping("/console/directory")
    String lookUp(@RequestParam(required = false) @Nullable String memberId, Model model) {
        Problems problems = new Problems();
        String id = OperationsForms.text("memberId", given(memberId), problems);
        model.addAttribute("memberId", given(memberId));
        model.addAttribute("problems", problems.byField());
        if (id != null) {
            model.addAttribute("looked", true);
            model.addAttribute("member", directory.findMember(id).orElse(null));
        }
        return "console/directory";
    }

    @PostMapping("/console/directory/import")
    String importFile(@RequestParam(required = false) @Nullable MultipartFile file, Principal who, Model model)
            throws IOException {
        model.addAttribute("problems", Map.of());
        if (file == null || file.isEmpty()) {
            model.addAttribute("importProblem", "directory.import.no-file");
            return "console/directory";
        }
        boolean csv = isCsv(file);
        ImportReport report;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(file.getInputStream(),
                StandardCharsets.UTF_8))) {
            report = csv ? importer.importCsv(lines) : importer.importJsonLines(lines);
        } catch (IllegalArgumentException e) {
            model.addAttribute("importProblem", "directory.import.refused");
            model.addAttribute("importDetail", e.getMessage());
            return "console/directory";
        }
        audit.record(who.getName(), "directory.import", "directory", Map.of("format", csv ? "csv" : "json-lines",
                "inserted", report.inserted(), "updated", report.updated(), "rejected", report.rejected()));
        model.addAttribute("report", report);
        model.addAttribute("format", csv ? "CSV" : "JSON lines");
        return "console/directory";
    }

    private static boolean isCsv(MultipartFile file) {
        String name = file.getOriginalFilename();
        String type = file.getContentType();
        return (name != null && name.toLowerCase(Locale.ROOT).endsWith(".csv"))
                || (type != null && type.toLowerCase(Locale.ROOT).startsWith("text/csv"));
    }
}
