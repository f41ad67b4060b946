package io.smsnotifier.worker.console;

import org.junit.jupiter.api.Test;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's forms as the admin API's documents: only the chosen type's fields, blank ones left out (so a blank
 * secret keeps the stored one), numbers as numbers, and what a form posts kept for showing it again, secrets never.
 */
class ConsoleFormsTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static MultiValueMap<String, String> posted(String... pairs) {
        MultiValueMap<String, String> posted = new LinkedMultiValueMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            posted.add(pairs[i], pairs[i + 1]);
        }
        return posted;
    }

    @Test
    void aServiceFormPostsOnlyItsTypesFieldsAndLeavesBlankSecretsOut() {
        MultiValueMap<String, String> form = posted("name", "ali-1", "type", "aliyun", "enabled", "true",
                "priority", "50", "maxQps", "", "endpoint", "http://127.0.0.1:1", "accessKey", "", "accessSecret", "",
                "signName", "Sign", "url", "http://ignored", "exclusive", "true", "testPhone", "+8613800138000");

        ObjectNode document = ConsoleServiceForm.document(form, JSON);

        assertThat(document.toString()).isEqualTo("{\"name\":\"ali-1\",\"type\":\"aliyun\",\"enabled\":true,"
                + "\"priority\":50,\"endpoint\":\"http://127.0.0.1:1\",\"signName\":\"Sign\"}");
    }

    @Test
    void aNumberThatIsNoneIsPostedAsTextForTheCatalogToName() {
        ObjectNode document = ConsoleServiceForm.document(posted("type", "sandbox", "maxQps", "lots"), JSON);

        assertThat(document.path("maxQps").isString()).isTrue();
        assertThat(document.path("enabled").booleanValue()).as("an unchecked box").isFalse();
    }

    @Test
    void webhookHeadersReplaceTheStoredOnesOnlyWhenARowIsFilledOrRemovalIsAsked() {
        ObjectNode kept = ConsoleServiceForm.document(posted("type", "webhook", "headerName0", "",
                "headerValue0", ""), JSON);
        ObjectNode replaced = ConsoleServiceForm.document(posted("type", "webhook", "headerName0", "Authorization",
                "headerValue0", "Bearer t"), JSON);
        ObjectNode removed = ConsoleServiceForm.document(posted("type", "webhook", "clearHeaders", "true"), JSON);

        assertThat(kept.has("headers")).isFalse();
        assertThat(replaced.path("headers").toString()).isEqualTo("{\"Authorization\":\"Bearer t\"}");
        assertThat(removed.path("headers").toString()).isEqualTo("{}");
    }

    @Test
    void aPostedFormKeepsWhatWasTypedButNoSecret() {
        ConsoleServiceForm form = ConsoleServiceForm.from(posted("name", "hook", "type", "WEBHOOK",
                "signature", "s3cret", "headerName0", "X-Key", "headerValue0", "v4lue", "priority", "7"));

        assertThat(form.type()).isEqualTo("webhook");
        assertThat(form.shows("webhook")).isTrue();
        assertThat(form.shows("aliyun tencent")).isFalse();
        assertThat(form.values()).containsEntry("priority", "7").doesNotContainKeys("signature", "headers")
                .doesNotContainValue("s3cret").doesNotContainValue("v4lue").doesNotContainValue("X-Key");
    }

    @Test
    void aTemplateFormReadsParametersCodesAndLineBreaksAsTheApiTakesThem() {
        ConsoleTemplateForm form = ConsoleTemplateForm.from(posted("code", " T_1 ", "content",
                "Hi ${who}\r\nbye", "params", "who,  extra", "codes", "ali=SMS_1\r\ntx: 123\r\n", "sample.who", "Ann"));

        assertThat(form.document(JSON).toString()).isEqualTo("{\"code\":\"T_1\",\"content\":\"Hi ${who}\\nbye\","
                + "\"params\":[\"who\",\"extra\"],\"codes\":{\"ali\":\"SMS_1\",\"tx\":\"123\"},\"loginCode\":false}");
        assertThat(ConsoleTemplateForm.samples(posted("sample.who", "Ann", "content", "x"))).isEqualTo(
                Map.of("who", "Ann"));
        assertThat(form.toTemplate().requiredParams()).containsExactly("who", "extra");
    }
}
