package io.smsnotifier.worker.console;

import io.smsnotifier.worker.console.OperationsForms.Problems;
import io.smsnotifier.worker.recipients.Directory;
import io.smsnotifier.worker.recipients.DirectoryImport;
import io.smsnotifier.worker.recipients.DirectoryImport.Format;
import io.smsnotifier.worker.recipients.ImportStopped;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.io.InputStream;
import java.security.Principal;
import java.util.Locale;
import java.util.Map;

import static io.smsnotifier.worker.console.OperationsForms.given;

/**
 * The directory page: look a member up by id (number masked, as {@code GET /api/directory/members/{id}} shows it)
 * and, for operators, import a CSV or JSON-lines file ({@link DirectoryImport}; a {@code .csv} name or a
 * {@code text/csv} type is read as CSV, anything else as JSON lines) and see its report. The import audits itself
 * under the operator's name, as the API's does. A file is bounded by {@code spring.servlet.multipart.max-file-size}
 * and by {@code notifier.directory.import-max-bytes}; an import that stops part-way shows what it stored.
 */
@Controller
class ConsoleDirectoryController {

    private final Directory directory;
    private final DirectoryImport importer;

    ConsoleDirectoryController(Directory directory, DirectoryImport importer) {
        this.directory = directory;
        this.importer = importer;
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
        model.addAttribute("format", csv ? "CSV" : "JSON lines");
        try (InputStream body = file.getInputStream()) {
            importer.checkDeclaredLength(file.getSize());
            model.addAttribute("report", importer.importFile(body, csv ? Format.CSV : Format.JSON_LINES,
                    who.getName()));
        } catch (IllegalArgumentException e) {
            model.addAttribute("importProblem", "directory.import.refused");
            model.addAttribute("importDetail", e.getMessage());
        } catch (ImportStopped e) {
            model.addAttribute("importProblem", "directory.import.stopped");
            model.addAttribute("importDetail", e.getMessage());
            model.addAttribute("report", e.report());
        }
        return "console/directory";
    }

    private static boolean isCsv(MultipartFile file) {
        String name = file.getOriginalFilename();
        String type = file.getContentType();
        return (name != null && name.toLowerCase(Locale.ROOT).endsWith(".csv"))
                || (type != null && type.toLowerCase(Locale.ROOT).startsWith("text/csv"));
    }
}
