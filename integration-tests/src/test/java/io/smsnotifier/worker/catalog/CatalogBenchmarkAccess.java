package io.smsnotifier.worker.catalog;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Statements of the catalog that read the ledger, on a template of the caller's, for benchmarks in other packages. */
public final class CatalogBenchmarkAccess {

    private CatalogBenchmarkAccess() {
    }

    /** What every service change runs after keeping the replaced version: the purge of versions nobody needs. */
    public static Runnable purgeServiceVersions(NamedParameterJdbcTemplate jdbc) {
        return new ServiceRevisions(jdbc, null, null)::purge;
    }
}
