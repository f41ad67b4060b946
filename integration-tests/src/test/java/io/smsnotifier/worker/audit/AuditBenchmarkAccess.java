package io.smsnotifier.worker.audit;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The audit log on a template of the caller's, for benchmarks in other packages (its constructor is the module's). */
public final class AuditBenchmarkAccess {

    private AuditBenchmarkAccess() {
    }

    public static AuditLog auditLog(NamedParameterJdbcTemplate jdbc) {
        return new AuditLog(jdbc, JsonMapper.builder().build());
    }
}
