package io.smsnotifier.worker.console;

import io.smsnotifier.worker.catalog.ServiceDocument;
import io.smsnotifier.worker.catalog.ServiceView;
import io.smsnotifier.worker.catalog.TemplateDocument;
import io.smsnotifier.worker.providers.ServiceSetting;
import io.smsnotifier.worker.providers.ServiceSettings;
import io.smsnotifier.worker.providers.DestinationPolicy;
import io.smsnotifier.worker.providers.DestinationProperties;
import io.smsnotifier.worker.providers.ServiceTypes;
import io.smsnotifier.worker.providers.SmsProvider;
import io.smsnotifier.worker.providers.SmsProviderFactory;
import io.smsnotifier.worker.providers.SmsServicesProperties;
import io.smsnotifier.worker.providers.aliyun.AliyunProviderFactory;
import io.smsnotifier.worker.providers.tencent.TencentProviderFactory;
import io.smsnotifier.worker.providers.webhook.WebhookProviderFactory;
import org.junit.jupiter.api.Test;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.BindingResult;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The console's forms as the catalog's documents, through the settings the adapters declare: only the chosen
 * type's settings, a blank one left out (so a blank secret keeps the stored one), a flag from its checkbox,
 * headers from their rows, a number or a duration that does not read as an error next to its field; and the
 * groups the page shows each type's settings in, every setting once.
 */
class ConsoleFormsTests {

    static final DestinationPolicy POLICY = new DestinationPolicy(new DestinationProperties(List.of()));
    static final ServiceTypes TYPES = new ServiceTypes(List.of(new AliyunProviderFactory(POLICY),
            new TencentProviderFactory(POLICY), new WebhookProviderFactory(POLICY),
            new Settingless(SmsServicesProperties.Type.SANDBOX)));
    private static final ServiceForms FORMS = new ServiceForms(TYPES);

    /** A type without settings of its own, as the sandbox is (its factory is its package's). */
    record Settingless(SmsServicesProperties.Type type) implements SmsProviderFactory {

        @Override
        public List<ServiceSetting> settings() {
            return List.of();
        }

        @Override
        public SmsProvider create(ServiceSettings service) {
            throw new UnsupportedOperationException("not sent through in these tests");
        }
    }

    private static ConsoleServiceForm form(String type, String... settings) {
        ConsoleServiceForm form = ConsoleServiceForm.blank(type);
        for (int i = 0; i < settings.length; i += 2) {
            form.getSettings().put(settings[i], settings[i + 1]);
        }
        return form;
    }

    private static BindingResult errors(ConsoleServiceForm form) {
        return new BeanPropertyBindingResult(form, "form");
    }

    @Test
    void aServiceFormGivesOnlyItsTypesSettingsAndLeavesBlankOnesOut() {
        ConsoleServiceForm form = form("aliyun", "endpoint", " http://127.0.0.1:1 ", "accessKey", "",
                "accessSecret", "  ", "signName", "Sign", "url", "http://not-aliyuns", "exclusive", "true");
        form.setName(" ali-1 ");
        form.setPriority("50");
        form.setMaxQps("");
        BindingResult errors = errors(form);

        ServiceDocument document = FORMS.document(form, errors);

        assertThat(errors.hasErrors()).isFalse();
        assertThat(document.name()).isEqualTo("ali-1");
        assertThat(document.type()).isEqualTo(SmsServicesProperties.Type.ALIYUN);
        assertThat(document.enabled()).isTrue();
        assertThat(document.priority()).isEqualTo(50);
        assertThat(document.maxQps()).as("blank: the default").isNull();
        assertThat(document.settings()).as("blank secrets and account ids kept, other types' settings ignored")
                .containsExactly(Map.entry("endpoint", "http://127.0.0.1:1"), Map.entry("signName", "Sign"));
    }

    @Test
    void aNumberOrADurationThatDoesNotReadIsAnErrorNextToItsField() {
        ConsoleServiceForm form = form("sandbox");
        form.setMaxQps("lots");
        form.setWeight("2.5");
        form.setConnectTimeout("3s");
        form.setReadTimeout("soon");
        BindingResult errors = errors(form);

        ServiceDocument document = FORMS.document(form, errors);

        assertThat(errors.getFieldErrors()).extracting(error -> error.getField() + ": " + error.getDefaultMessage())
                .containsExactly("weight: must be a whole number", "maxQps: must be a whole number",
                        "readTimeout: must be a duration such as 3s or 500ms");
        assertThat(errors.getFieldError("maxQps").getRejectedValue()).as("shown again as typed").isEqualTo("lots");
        assertThat(document.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void anUnknownTypeIsAnErrorAtTheTypeAndGivesNoSettings() {
        ConsoleServiceForm form = form("fax", "endpoint", "x");
        BindingResult errors = errors(form);

        ServiceDocument document = FORMS.document(form, errors);

        assertThat(errors.getFieldError("type").getDefaultMessage())
                .isEqualTo("must be one of aliyun, tencent, webhook, sandbox");
        assertThat(document.type()).isNull();
        assertThat(document.settings()).isEmpty();
    }

    @Test
    void webhookHeadersReplaceTheStoredOnesOnlyWhenARowIsFilledOrRemovalIsAskedAndAFlagIsItsCheckbox() {
        ConsoleServiceForm kept = form("webhook");
        ConsoleServiceForm replaced = form("webhook", "exclusive", "true");
        replaced.getHeaderRows().get(1).setName(" Authorization ");
        replaced.getHeaderRows().get(1).setValue("Bearer t");
        ConsoleServiceForm removed = form("webhook");
        removed.setClearHeaders(true);

        assertThat(FORMS.document(kept, errors(kept)).settings()).containsExactly(Map.entry("exclusive", false));
        assertThat(FORMS.document(replaced, errors(replaced)).settings()).containsExactly(
                Map.entry("headers", Map.of("Authorization", "Bearer t")), Map.entry("exclusive", true));
        assertThat(FORMS.document(removed, errors(removed)).settings()).containsEntry("headers", Map.of());
    }

    @Test
    void eachSettingIsOneFieldInTheGroupOfTheTypesThatDeclareIt() {
        assertThat(FORMS.groups()).extracting(ServiceFieldGroup::dataTypes).containsExactly(
                "aliyun tencent", "aliyun", "tencent", "webhook", "sandbox");
        assertThat(FORMS.groups().getFirst().fields()).extracting(ServiceFieldGroup.Field::name)
                .containsExactly("endpoint", "region", "signName", "receipts");
        assertThat(FORMS.groups().get(3).fields()).extracting(field -> field.name() + " " + field.input())
                .containsExactly("url text", "headers headers", "signature password", "exclusive checkbox");
        assertThat(FORMS.groups().get(1).fields()).extracting(ServiceFieldGroup.Field::keptHelp)
                .containsExactly("services.kept.accountId", "services.kept.secret");
        assertThat(FORMS.groups().getLast().fields()).as("the sandbox: its legend and help only").isEmpty();
    }

    @Test
    void settingsOfOneNameDeclaredAsTwoKindsCannotBeOneField() {
        ServiceTypes clashing = new ServiceTypes(List.of(new AliyunProviderFactory(POLICY), new SmsProviderFactory() {
            @Override
            public SmsServicesProperties.Type type() {
                return SmsServicesProperties.Type.TENCENT;
            }

            @Override
            public List<ServiceSetting> settings() {
                return List.of(ServiceSetting.flag("endpoint"));
            }

            @Override
            public SmsProvider create(ServiceSettings service) {
                throw new UnsupportedOperationException();
            }
        }));

        assertThatThrownBy(() -> new ServiceForms(clashing)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("endpoint");
    }

    @Test
    void theCatalogsFieldsArePlacedAtTheFormsFields() {
        assertThat(FORMS.pathOf("priority")).isEqualTo("priority");
        assertThat(FORMS.pathOf("accessKey")).isEqualTo("settings[accessKey]");
        assertThat(FORMS.pathOf("phone")).as("the test's number").isEqualTo("testPhone");
        assertThat(FORMS.pathOf("colour")).as("shown above the form").isNull();
    }

    @Test
    void anEditStartsWithThePlainSettingsAndNothingNeverShownInFull() {
        ServiceView view = new ServiceView("ali-1", ServiceView.DATABASE, 3L, "aliyun", false, 10, 2, 30, null,
                "3000ms", "10000ms", false, Map.of("region", "cn-shanghai", "accessKey", "LTAI****",
                "signName", "Sign"), List.of("accessSecret"), "LTAI****", null, false, null, null, null, null,
                null, null, null);

        ConsoleServiceForm form = ConsoleServiceForm.of(view, TYPES.settings(SmsServicesProperties.Type.ALIYUN));

        assertThat(form.getSettings()).containsOnly(Map.entry("region", "cn-shanghai"), Map.entry("signName", "Sign"));
        assertThat(form.getVersion()).isEqualTo("3");
        assertThat(form.isEnabled()).isFalse();
        assertThat(form.getReadTimeout()).isEqualTo("10000ms");
    }

    @Test
    void aTemplateFormReadsParametersCodesAndLineBreaksAsTheCatalogTakesThem() {
        ConsoleTemplateForm form = new ConsoleTemplateForm();
        form.setCode(" T_1 ");
        form.setContent("Hi ${who}\r\nbye");
        form.setParams("who,  extra");
        form.setCodes("ali=SMS_1\r\ntx: 123\r\n");

        assertThat(form.document()).isEqualTo(new TemplateDocument("T_1", "Hi ${who}\nbye", List.of("who", "extra"),
                Map.of("ali", "SMS_1", "tx", "123"), false, null));
        assertThat(form.toTemplate().requiredParams()).containsExactly("who", "extra");
        assertThat(new ConsoleTemplateForm().document().content()).as("blank: not given, the catalog names it")
                .isNull();
    }
}
