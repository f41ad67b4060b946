package io.smsnotifier.it;

import io.smsnotifier.events.EventJson;
import io.smsnotifier.events.MemberUpdated;
import io.smsnotifier.worker.recipients.DirectoryMemberView;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/directory/members/{id}}: what the worker knows about a member, the number masked. */
class DirectoryMemberApiTests extends DirectoryIntegrationTest {

    @Test
    void showsTheMemberWithThePhoneMaskedAndNeverWhole() throws Exception {
        String s = suffix();
        String memberId = "api-" + s;
        String phone = mobile();
        directory.saveMember(new MemberUpdated(memberId, "Bob", phone, List.of("api-d-" + s), List.of("api-r-" + s),
                true));

        HttpResponse<String> response = admin().member(memberId);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain(phone).doesNotContain(phone.substring(3));
        DirectoryMemberView member = EventJson.mapper().readValue(response.body(), DirectoryMemberView.class);
        assertThat(member.memberId()).isEqualTo(memberId);
        assertThat(member.nick()).isEqualTo("Bob");
        assertThat(member.phone()).isEqualTo("+86139****" + phone.substring(phone.length() - 4));
        assertThat(member.phoneStatus()).isEqualTo("valid");
        assertThat(member.active()).isTrue();
        assertThat(member.departmentIds()).containsExactly("api-d-" + s);
        assertThat(member.roleIds()).containsExactly("api-r-" + s);
    }

    @Test
    void showsWhyAMembersNumberCannotBeUsedWithoutRepeatingIt() throws Exception {
        String memberId = "api-invalid-" + suffix();
        directory.saveMember(new MemberUpdated(memberId, "Eve", "139123456", List.of(), List.of(), true));

        HttpResponse<String> response = admin().member(memberId);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("139123456");
        assertThat(EventJson.mapper().readValue(response.body(), DirectoryMemberView.class).phoneStatus())
                .isEqualTo("invalid phone number");
    }

    @Test
    void answers404ForAnUnknownMember() throws Exception {
        assertThat(admin().member(uniqueId("nobody")).statusCode()).isEqualTo(404);
    }

    @Test
    void answers401WithoutTheToken() throws Exception {
        String memberId = "api-401-" + suffix();
        String phone = mobile();
        directory.saveMember(new MemberUpdated(memberId, "Mallory", phone, List.of(), List.of(), true));

        HttpResponse<String> response = admin().anonymous().member(memberId);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).doesNotContain(memberId).doesNotContain(phone.substring(phone.length() - 4));
        assertThat(admin().withToken("wrong-token-0123456789").member(memberId).statusCode()).isEqualTo(401);
    }
}
