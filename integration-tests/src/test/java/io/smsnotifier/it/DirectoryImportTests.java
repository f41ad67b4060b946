package io.smsnotifier.it;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.EventJson;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.worker.recipients.DirectoryMemberView;
import io.smsnotifier.worker.recipients.ImportReport;
import io.smsnotifier.worker.recipients.ImportReport.Rejection;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** {@code POST /api/directory/import}: bootstrap the directory from JSON lines or CSV, bad lines reported. */
class DirectoryImportTests extends DirectoryIntegrationTest {

    private static final String NDJSON = "application/x-ndjson";
    private static final String CSV = "text/csv";

    @Test
    void importsJsonLinesReportingBadLinesByNumberAndImportingAgainOnlyUpdates() throws Exception {
        String s = suffix();
        String department = "imp-json-d-" + s;
        String first = "imp-json-1-" + s;
        String second = "imp-json-2-" + s;
        String firstPhone = mobile();
        String secondPhone = mobile();
        String body = String.join("\n",
                "{\"departmentId\": \"" + department + "\", \"parentId\": null, \"name\": \"Imported\"}",
                "{\"memberId\": \"" + first + "\", \"nick\": \"One\", \"phone\": \"" + firstPhone
                        + "\", \"departmentIds\": [\"" + department + "\"], \"roleIds\": [], \"active\": true}",
                "",
                "{\"memberId\": \"" + second + "\", \"phone\": \"" + secondPhone.substring(3)
                        + "\", \"departmentIds\": [\"" + department + "\"]}",
                "{this is not json",
                "{\"nick\": \"nobody\", \"phone\": \"" + mobile() + "\"}",
                "{\"memberId\": \"imp-json-bad-" + s + "\", \"departmentIds\": {\"not\": \"a list\"}}") + "\n";

        ImportReport firstImport = importReport(admin().importDirectory(NDJSON, body));
        ImportReport secondImport = importReport(admin().importDirectory(NDJSON, body));

        assertThat(firstImport.inserted()).isEqualTo(3);
        assertThat(firstImport.updated()).isZero();
        assertThat(firstImport.rejected()).isEqualTo(3);
        assertThat(firstImport.rejections()).extracting(Rejection::line, Rejection::field, Rejection::reason)
                .containsExactly(
                        tuple(5L, null, "not valid JSON"),
                        tuple(6L, null, "neither a member (memberId) nor a department (departmentId)"),
                        tuple(7L, "departmentIds", "has the wrong type"));
        assertThat(secondImport).isEqualTo(new ImportReport(7, 0, 3, 3, firstImport.rejections(), 0));
        assertThat(directory.findMember("imp-json-bad-" + s)).isEmpty();

        String eventId = notify(departments(department));
        assertThat(outcomes(eventId, 2)).extracting(SmsDelivered::memberId, SmsDelivered::status)
                .containsExactlyInAnyOrder(tuple(first, DeliveryStatus.SENT), tuple(second, DeliveryStatus.SENT));
        assertThat(smsPhones(eventId)).containsExactlyInAnyOrder(masked(firstPhone), masked(secondPhone));
    }

    @Test
    void importsCsvOfDepartmentsAndMembersReportingBadRowsByLineNumber() throws Exception {
        String s = suffix();
        String east = "imp-csv-east-" + s;
        String north = "imp-csv-north-" + s;
        String quoted = "imp-csv-1-" + s;
        String plain = "imp-csv-2-" + s;
        String quotedPhone = mobile();
        String plainPhone = mobile();
        String departments = "departmentId,parentId,name\r\n"
                + east + ",,\"Sales, East\"\r\n"
                + north + "," + east + ",North\r\n";
        String members = "memberId,nick,phone,departmentIds,roleIds,active\n"
                + quoted + ",\"Li, Lei\"," + quotedPhone + "," + east + ";" + north + ",imp-csv-role-" + s + ",true\n"
                + plain + ",Han Meimei," + plainPhone.substring(3) + "," + north + ",,\n"
                + "imp-csv-bad-" + s + ",Bad," + mobile() + "," + east + ",,maybe\n"
                + ",No id," + mobile() + "," + east + ",,true\n";

        ImportReport departmentImport = importReport(admin().importDirectory(CSV, departments));
        ImportReport memberImport = importReport(admin().importDirectory("text/csv; charset=utf-8", members));
        ImportReport memberImportAgain = importReport(admin().importDirectory(CSV, members));

        assertThat(departmentImport).isEqualTo(new ImportReport(3, 2, 0, 0, List.of(), 0));
        assertThat(memberImport.inserted()).isEqualTo(2);
        assertThat(memberImport.updated()).isZero();
        assertThat(memberImport.rejections()).extracting(Rejection::line, Rejection::field, Rejection::reason)
                .containsExactly(tuple(4L, "active", "must be true or false"), tuple(5L, "memberId", "is empty"));
        assertThat(memberImport.rejected()).isEqualTo(2);
        assertThat(memberImportAgain).isEqualTo(new ImportReport(5, 0, 2, 2, memberImport.rejections(), 0));
        assertThat(directory.findMember("imp-csv-bad-" + s)).isEmpty();

        HttpResponse<String> shown = admin().member(quoted);
        DirectoryMemberView member = EventJson.mapper().readValue(shown.body(), DirectoryMemberView.class);
        assertThat(member.nick()).isEqualTo("Li, Lei");
        assertThat(member.departmentIds()).containsExactlyInAnyOrder(east, north);
        assertThat(member.roleIds()).containsExactly("imp-csv-role-" + s);
        assertThat(member.active()).isTrue();

        String eventId = notify(departments(east));
        assertThat(outcomes(eventId, 2)).extracting(SmsDelivered::memberId, SmsDelivered::status)
                .containsExactlyInAnyOrder(tuple(quoted, DeliveryStatus.SENT), tuple(plain, DeliveryStatus.SENT));
        assertThat(smsPhones(eventId)).containsExactlyInAnyOrder(masked(quotedPhone), masked(plainPhone));
    }

    @Test
    void csvWithoutAnIdColumnAnswers400() throws Exception {
        HttpResponse<String> response = admin().importDirectory(CSV, "nick,phone\nBob," + mobile() + "\n");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("memberId").contains("departmentId");
    }

    @Test
    void importAnswers401WithoutTheTokenAndStoresNothing() throws Exception {
        String memberId = "imp-401-" + suffix();
        String line = "{\"memberId\": \"" + memberId + "\", \"phone\": \"" + mobile() + "\"}\n";

        assertThat(admin().anonymous().importDirectory(NDJSON, line).statusCode()).isEqualTo(401);
        assertThat(admin().withToken("wrong-token-0123456789").importDirectory(CSV,
                "memberId,phone\n" + memberId + ",13900000000\n").statusCode()).isEqualTo(401);
        assertThat(directory.findMember(memberId)).isEmpty();
    }

    private static ImportReport importReport(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return EventJson.mapper().readValue(response.body(), ImportReport.class);
    }
}
