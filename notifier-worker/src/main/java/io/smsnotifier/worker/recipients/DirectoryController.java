package io.smsnotifier.worker.recipients;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code POST /api/directory/import} (JSON lines, or CSV with {@code Content-Type: text/csv}) and
 * {@code GET /api/directory/members/{id}} with the number masked.
 */
@RestController
class DirectoryController {

    private final DirectoryImport importer;
    private final Directory directory;

    DirectoryController(DirectoryImport importer, Directory directory) {
        this.importer = importer;
        this.directory = directory;
    }

    @PostMapping("/api/directory/import")
    ImportReport importEntries(HttpServletRequest request) throws IOException {
        try (BufferedReader body = new BufferedReader(
                new InputStreamReader(request.getInputStream(), StandardCharsets.UTF_8))) {
            String contentType = request.getContentType();
            return contentType != null && MediaType.parseMediaType(contentType).isCompatibleWith(MediaType.valueOf("text/csv"))
                    ? importer.importCsv(body) : importer.importJsonLines(body);
        }
    }

    @GetMapping("/api/directory/members/{memberId}")
    ResponseEntity<DirectoryMemberView> member(@PathVariable String memberId) {
        return ResponseEntity.of(directory.findMember(memberId));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, Object>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST)
                .body(Map.of("status", 400, "error", "Bad Request", "message", e.getMessage()));
    }
}
