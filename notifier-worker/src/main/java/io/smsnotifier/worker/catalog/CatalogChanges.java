package io.smsnotifier.worker.catalog;

import io.smsnotifier.worker.support.LogSafe;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * How every change of the catalog is made: in one transaction that holds the catalog's lock (so that checks
 * across services and templates hold on every instance) and moves its version, then put in force here at once.
 * Thread-safe.
 */
@Component
class CatalogChanges {

    private static final Logger log = LoggerFactory.getLogger(CatalogChanges.class);

    private final CatalogTables tables;
    private final CatalogLoader loader;
    private final TransactionTemplate transaction;

    CatalogChanges(CatalogTables tables, CatalogLoader loader, TransactionTemplate transaction) {
        this.tables = tables;
        this.loader = loader;
        this.transaction = transaction;
    }

    /**
     * Runs {@code work} holding the lock, moves the version, and puts the result in force here.
     *
     * @throws CatalogErrors.NotInForce when it was stored but cannot be put in force (no service would be left);
     *                                  every instance tries again at its next poll
     */
    <T> T change(Supplier<T> work) {
        T result = transaction.execute(status -> {
            tables.lockForChange();
            T value = work.get();
            tables.changed();
            return value;
        });
        try {
            loader.reloadIfChanged();
        } catch (RuntimeException e) {
            log.error("the catalog changed but could not be put in force here: {}", LogSafe.text(e.getMessage()));
            throw new CatalogErrors.NotInForce(e.getMessage());
        }
        return result;
    }

    /**
     * The stored row a change applies to, at the version the caller read. Call inside {@link #change}.
     *
     * @param what     {@code service 'x'} or {@code template 'y'}, for messages
     * @param expected the version the caller read, or null to take whatever is stored
     * @throws CatalogErrors.NotFound when there is none
     * @throws CatalogErrors.Stale    when it is at another version
     */
    static <R> R loadForChange(String what, Optional<R> row, ToLongFunction<R> version, @Nullable Long expected) {
        R found = row.orElseThrow(() -> new CatalogErrors.NotFound("no stored " + what));
        if (expected != null && expected != version.applyAsLong(found)) {
            throw new CatalogErrors.Stale(what, expected, version.applyAsLong(found));
        }
        return found;
    }
}
