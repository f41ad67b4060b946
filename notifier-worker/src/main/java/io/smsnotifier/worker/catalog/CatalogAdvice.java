package io.smsnotifier.worker.catalog;

import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.failures.PermanentDeliveryFailure;
import io.smsnotifier.worker.failures.TransientDeliveryFailure;
import io.smsnotifier.worker.secrets.SecretsUnavailableException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The catalog API's errors as RFC 9457 problem details: 400 with one {@code errors} entry per field, 404, 409
 * (naming the templates that stand in the way, when they do, or the live instances that lack the key a re-seal
 * would seal under), 412 with the current version, 428, and 503 when
 * there is no key to seal a secret with. Messages name fields and settings, never a secret's value.
 */
@RestControllerAdvice(assignableTypes = {ServicesController.class, TemplatesController.class})
class CatalogAdvice {

    @ExceptionHandler(FieldErrors.InvalidDocument.class)
    ProblemDetail invalid(FieldErrors.InvalidDocument e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid fields", e.getMessage());
        problem.setProperty("errors", e.errors());
        return problem;
    }

    @ExceptionHandler(CatalogErrors.NotFound.class)
    ProblemDetail notFound(CatalogErrors.NotFound e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(CatalogErrors.Conflict.class)
    ProblemDetail conflict(CatalogErrors.Conflict e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "Conflict", e.getMessage());
        if (!e.templates().isEmpty()) {
            problem.setProperty("templates", e.templates());
        }
        return problem;
    }

    /** A re-seal that live instances could not follow: each named with the key it lacks. */
    @ExceptionHandler(KeyFleet.KeyNotEverywhere.class)
    ProblemDetail keyNotEverywhere(KeyFleet.KeyNotEverywhere e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "Key not held by every instance", e.getMessage());
        problem.setProperty("keyId", e.keyId());
        problem.setProperty("instances", e.lacking());
        return problem;
    }

    @ExceptionHandler(CatalogErrors.Stale.class)
    ProblemDetail stale(CatalogErrors.Stale e) {
        ProblemDetail problem = problem(HttpStatus.PRECONDITION_FAILED, "Stale version", e.getMessage());
        problem.setProperty("currentVersion", e.current());
        return problem;
    }

    @ExceptionHandler(CatalogErrors.VersionRequired.class)
    ProblemDetail versionRequired(CatalogErrors.VersionRequired e) {
        return problem(HttpStatus.PRECONDITION_REQUIRED, "Version required", e.getMessage());
    }

    @ExceptionHandler(CatalogErrors.NotInForce.class)
    ProblemDetail notInForce(CatalogErrors.NotInForce e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "Stored but not in force", e.getMessage());
    }

    @ExceptionHandler(SecretsUnavailableException.class)
    ProblemDetail noKey(SecretsUnavailableException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "Secrets cannot be sealed or opened", e.getMessage());
    }

    @ExceptionHandler({IllegalArgumentException.class, HttpMessageNotReadableException.class})
    ProblemDetail badRequest(Exception e) {
        return problem(HttpStatus.BAD_REQUEST, "Bad request", e instanceof HttpMessageNotReadableException
                ? "the body is not the JSON this endpoint takes" : e.getMessage());
    }

    /** A test send the service refused, or a template or number the request got wrong. */
    @ExceptionHandler(PermanentDeliveryFailure.class)
    ProblemDetail permanent(PermanentDeliveryFailure failure) {
        HttpStatus status = failure.errorCode() == ErrorCode.INVALID_REQUEST ? HttpStatus.BAD_REQUEST
                : HttpStatus.BAD_GATEWAY;
        return send(problem(status, "Test send failed", failure.reason()), failure.errorCode(),
                failure.providerErrorCode());
    }

    /** A test send that got no answer (the row is settled FAILED: a test is not retried). */
    @ExceptionHandler(TransientDeliveryFailure.class)
    ProblemDetail transientFailure(TransientDeliveryFailure failure) {
        HttpStatus status = failure.errorCode() == ErrorCode.VENDOR_ERROR ? HttpStatus.BAD_GATEWAY
                : failure.errorCode() == ErrorCode.INVALID_REQUEST ? HttpStatus.BAD_REQUEST
                : HttpStatus.SERVICE_UNAVAILABLE;
        return send(problem(status, "Test send failed", failure.getMessage()), failure.errorCode(),
                failure.providerErrorCode());
    }

    private static ProblemDetail send(ProblemDetail problem, ErrorCode code, @Nullable String providerErrorCode) {
        problem.setProperty("code", code.code());
        if (providerErrorCode != null) {
            problem.setProperty("providerErrorCode", providerErrorCode);
        }
        return problem;
    }

    private static ProblemDetail problem(HttpStatusCode status, String title, @Nullable String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail == null ? title : detail);
        problem.setTitle(title);
        return problem;
    }
}
