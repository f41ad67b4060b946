package io.smsnotifier.worker.templates;

import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.failures.PermanentDeliveryFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TemplateRegistryTests {

    private final TemplateRegistry registry = new TemplateRegistry(new TemplateProperties(Map.of(
            "SMS_APPROVAL", new TemplateProperties.Definition(
                    "${userNick} submitted ${processTitle}, please approve", List.of("processTitle", "userNick"),
                    Map.of("tencent-main", "1234567"), false),
            "SMS_LOGIN_1", new TemplateProperties.Definition(
                    "Your login code is ${code}. It expires in 5 minutes.", List.of("code"), null, true))));

    @Test
    void findsRegisteredTemplatesByCode() {
        SmsTemplate template = registry.find("SMS_APPROVAL");

        assertThat(template).isNotNull();
        assertThat(template.paramNames()).containsExactly("processTitle", "userNick");
        assertThat(template.serviceCodes()).containsEntry("tencent-main", "1234567");
        assertThat(registry.find("SMS_LOGIN_1").serviceCodes()).isEmpty();
        assertThat(registry.find("NOPE")).isNull();
        assertThat(registry.all()).extracting(SmsTemplate::code)
                .containsExactlyInAnyOrder("SMS_APPROVAL", "SMS_LOGIN_1");
    }

    @Test
    void knowsNoTemplatesWhenNoneAreConfigured() {
        assertThat(new TemplateRegistry(new TemplateProperties(null)).all()).isEmpty();
    }

    @Test
    void rendersATemplateWithItsParametersInDeclaredOrder() {
        RenderedMessage message = registry.render("SMS_APPROVAL",
                Map.of("userNick", "Alice", "processTitle", "Expense claim #42", "extra", "ignored"));

        assertThat(message.template().code()).isEqualTo("SMS_APPROVAL");
        assertThat(message.text()).isEqualTo("Alice submitted Expense claim #42, please approve");
        assertThat(message.params()).containsExactly(Map.entry("processTitle", "Expense claim #42"),
                Map.entry("userNick", "Alice"));
    }

    @Test
    void rejectsTemplateWithMissingParameters() {
        PermanentDeliveryFailure failure = catchThrowableOfType(PermanentDeliveryFailure.class,
                () -> registry.render("SMS_APPROVAL", Map.of("userNick", "  ")));

        assertThat(failure.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(failure.errorCode().code()).isEqualTo("46001");
        assertThat(failure.reason()).contains("SMS_APPROVAL").contains("[processTitle, userNick]");
    }

    @Test
    void rejectsUnknownTemplateNamingIt() {
        PermanentDeliveryFailure failure = catchThrowableOfType(PermanentDeliveryFailure.class,
                () -> registry.render("SMS_UNKNOWN", Map.of()));

        assertThat(failure.errorCode().code()).isEqualTo("46001");
        assertThat(failure.reason()).contains("SMS_UNKNOWN").contains("notifier.templates");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\t"})
    void rejectsMissingTemplateCode(String code) {
        PermanentDeliveryFailure failure = catchThrowableOfType(PermanentDeliveryFailure.class,
                () -> registry.render(code, Map.of("code", "482913")));

        assertThat(failure.errorCode().code()).isEqualTo("46001");
        assertThat(failure.reason()).isEqualTo("templateCode is missing");
    }

    @Test
    void neverShowsParameterValuesInARenderedMessagesToString() {
        RenderedMessage message = registry.render("SMS_LOGIN_1", Map.of("code", "482913"));

        assertThat(message.text()).contains("482913");
        assertThat(message.toString()).doesNotContain("482913").contains("SMS_LOGIN_1").contains("code");
    }

    @Test
    void neverShowsParameterValuesInAFailureReason() {
        PermanentDeliveryFailure failure = catchThrowableOfType(PermanentDeliveryFailure.class,
                () -> registry.render("SMS_APPROVAL", Map.of("processTitle", "secret-title")));

        assertThat(failure.reason()).doesNotContain("secret-title").contains("[userNick]");
    }
}
