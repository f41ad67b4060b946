package io.smsnotifier.worker.catalog;

import io.smsnotifier.worker.providers.TemplateReview;
import io.smsnotifier.worker.providers.TemplateReviews;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.util.List;

/** {@code template_reviews} (V22): each template's last known review at each service. Thread-safe. */
@Repository
class TemplateReviewTable {

    private final NamedParameterJdbcTemplate jdbc;

    TemplateReviewTable(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Every stored review: a small table (templates × vendor services), read whole after each poll. */
    List<TemplateReviews.Reviewed> all() {
        return jdbc.query("""
                select service, template_code, vendor_code, status, reason, checked_at from template_reviews""",
                (rs, row) -> new TemplateReviews.Reviewed(rs.getString("service"), rs.getString("template_code"),
                        rs.getString("vendor_code"), new TemplateReview(
                        TemplateReview.Status.valueOf(rs.getString("status")), rs.getString("reason")),
                        rs.getTimestamp("checked_at").toInstant()));
    }

    void save(TemplateReviews.Reviewed reviewed) {
        jdbc.update("""
                insert into template_reviews (service, template_code, vendor_code, status, reason, checked_at)
                values (:service, :template, :vendorCode, :status, :reason, :checkedAt)
                on conflict (service, template_code) do update set vendor_code = excluded.vendor_code,
                    status = excluded.status, reason = excluded.reason, checked_at = excluded.checked_at""",
                new MapSqlParameterSource().addValue("service", reviewed.service())
                        .addValue("template", reviewed.templateCode())
                        .addValue("vendorCode", reviewed.vendorCode())
                        .addValue("status", reviewed.review().status().name())
                        .addValue("reason", reviewed.review().reason())
                        .addValue("checkedAt", Timestamp.from(reviewed.checkedAt())));
    }
}
