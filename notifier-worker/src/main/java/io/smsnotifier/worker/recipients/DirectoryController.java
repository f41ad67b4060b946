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

import java.io.IOException;
import java.io.InputStream;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/directory/import} (JSON lines, or CSV with {@code Content-Type: text/csv}), audited under the
 * token's name, and {@code GET /api/directory/members/{id}} with the number masked. An import past
 * {@code notifier.directory.import-max-bytes} answers 413, and one the database stops answers 503, each with the
 * report of what was stored.
 */
@RestController
class DirectoryController {

    private static final MediaType CSV = MediaType.valueOf("text/csv");

    private final DirectoryImport importer;
    private final Directory directory;

    DirectoryController(DirectoryImport importer, Directory directory) {
        this.importer = importer;
        this.directory = directory;
    }

    @PostMapping("/api/directory/import")
    ImportReport importEntries(HttpServletRequest request, Principal who) throws IOException {
        importer.checkDeclaredLength(request.getContentLengthLong());
        String contentType = request.getContentType();
        DirectoryImport.Format format = contentType != null && MediaType.parseMediaType(contentType).isCompatibleWith(CSV)
                ? DirectoryImport.Format.CSV : DirectoryImport.Format.JSON_LINES;
        try (InputStream body = request.getInputStream()) {
            return importer.importFile(body, format, who.getName());
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

    @ExceptionHandler(ImportStopped.class)
    ResponseEntity<Map<String, Object>> stopped(ImportStopped e) {
        HttpStatus status = e.stoppedBy() == ImportStopped.Cause.TOO_LARGE
                ? HttpStatus.CONTENT_TOO_LARGE : HttpStatus.SERVICE_UNAVAILABLE;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status.value());
        body.put("error", status.getReasonPhrase());
        body.put("message", e.getMessage());
        body.put("report", e.report());
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
