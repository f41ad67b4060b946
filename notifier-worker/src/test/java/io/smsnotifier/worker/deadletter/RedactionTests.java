package io.smsnotifier.worker.deadletter;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTests {

    private static final String LOGIN_CODE = """
            {"eventId":"lc-9","phone":"+8613800138000","code":"482913","templateCode":"SMS_LOGIN_1"}""";

    @Test
    void aLoginCodesDeadLetterKeepsEverythingButTheCode() {
        String kept = new String(Redaction.withoutCode(bytes(LOGIN_CODE)), StandardCharsets.UTF_8);

        assertThat(kept)
                .isEqualTo("{\"eventId\":\"lc-9\",\"phone\":\"+8613800138000\",\"templateCode\":\"SMS_LOGIN_1\"}");
    }

    @Test
    void aLoginCodeValueThatIsNotAJsonObjectIsNotKept() {
        assertThat(Redaction.withoutCode(bytes("code=482913"))).isNull();
        assertThat(Redaction.withoutCode(bytes("[\"482913\"]"))).isNull();
        assertThat(Redaction.withoutCode(null)).isNull();
    }

    @Test
    void aShownValueHasNoCodeAtAnyDepthAndItsNumbersMasked() {
        JsonNode shown = (JsonNode) Redaction.shown(bytes("""
                {"code":"1","nested":{"code":"2","mobile":"13800138000"},
                 "recipients":{"phones":["+8613900139000"]},"note":"138 0013 8000","templateCode":"T_1"}"""));

        assertThat(shown.toString()).doesNotContain("\"code\"").doesNotContain("13800138000")
                .doesNotContain("8613900139000").doesNotContain("0013 8000").contains("\"templateCode\":\"T_1\"");
    }

    @Test
    void aShownValueThatIsNotJsonIsOnlyItsSize() {
        assertThat(Redaction.shown(bytes("code=482913"))).isEqualTo("(11 bytes, not JSON)");
        assertThat(Redaction.shown(null)).isEqualTo("(no value kept)");
    }

    @Test
    void aReasonKeepsItsWordsButNotTheNumbersInIt() {
        assertThat(Redaction.phonesMasked("asked by 13800138000 and +86 139 0013 9000, ticket 4711"))
                .isEqualTo("asked by 138****8000 and +86139****9000, ticket 4711");
        assertThat(Redaction.phonesMasked("template retired")).isEqualTo("template retired");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
