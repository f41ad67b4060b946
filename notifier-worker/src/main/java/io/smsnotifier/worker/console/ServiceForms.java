package io.smsnotifier.worker.console;

import io.smsnotifier.worker.catalog.ServiceDocument;
import io.smsnotifier.worker.providers.ServiceSetting;
import io.smsnotifier.worker.providers.ServiceTypes;
import io.smsnotifier.worker.providers.SmsServicesProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.stereotype.Component;
import org.springframework.validation.Errors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The service form as the adapters' settings declare it ({@link ServiceTypes}): the field groups the page shows
 * (one per set of types that share settings, so that each field is on the page once and keeps its id), and the
 * one way a posted form becomes a {@link ServiceDocument}. Thread-safe.
 */
@Component
class ServiceForms {

    /** The settings every service has, as the form and the document name them. */
    static final List<String> COMMON = List.of("name", "type", "enabled", "priority", "weight", "maxQps",
            "maxParamLength", "connectTimeout", "readTimeout");

    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?\\d{1,9}");

    private final ServiceTypes types;
    private final List<ServiceFieldGroup> groups;
    private final Set<String> settingNames;

    ServiceForms(ServiceTypes types) {
        this.types = types;
        this.groups = ServiceFieldGroup.of(types);
        this.settingNames = ServiceFieldGroup.settingNames(groups);
    }

    /** The field groups in page order: the shared ones first, then one per type (a type without settings too). */
    List<ServiceFieldGroup> groups() {
        return groups;
    }

    /** The type names a new service may take ({@code aliyun}, ...), in the adapters' order. */
    List<String> typeNames() {
        return types.types().stream().map(ServiceTypes::name).toList();
    }

    /** The type a new-service page starts with: {@code asked} when there is such a type, else the first. */
    String typeOrFirst(@Nullable String asked) {
        SmsServicesProperties.Type type = ServiceTypes.parse(asked);
        return type != null && types.types().contains(type) ? ServiceTypes.name(type) : typeNames().getFirst();
    }

    List<ServiceSetting> settings(String type) {
        SmsServicesProperties.Type parsed = ServiceTypes.parse(type);
        return parsed == null ? List.of() : types.settings(parsed);
    }

    /**
     * Where the form shows the error of a document's {@code field}: its property path ({@code priority},
     * {@code settings[accessKey]}, the test's {@code testPhone} for {@code phone}), or null when the form has no
     * such field (the error is shown above the form).
     */
    @Nullable String pathOf(String field) {
        if (COMMON.contains(field)) {
            return field;
        }
        if (settingNames.contains(field)) {
            return "settings[" + field + "]";
        }
        return field.equals("phone") ? "testPhone" : null;
    }

    /** Every field's error slot as the test's fragment clears or fills it: its element id and property path. */
    List<ErrorSlot> errorSlots() {
        List<ErrorSlot> slots = new ArrayList<>();
        COMMON.forEach(field -> slots.add(new ErrorSlot(field, field)));
        settingNames.forEach(setting -> slots.add(new ErrorSlot(setting, "settings[" + setting + "]")));
        slots.add(new ErrorSlot("testPhone", "testPhone"));
        return slots;
    }

    /** An error's place on the page: {@code error-<id>}, for the error of the form's {@code path}. */
    record ErrorSlot(String id, String path) {
    }

    /**
     * The document the form makes, through the chosen type's settings: a blank text is left out (which keeps a
     * stored secret, account id or sealed URL), a flag is its checkbox, headers are the filled rows (all rows
     * blank keeps the stored ones, unless "remove" is ticked). A number or a duration that does not read is
     * rejected in {@code errors} next to its field, and left out of the document.
     */
    ServiceDocument document(ConsoleServiceForm form, Errors errors) {
        SmsServicesProperties.Type type = ServiceTypes.parse(form.getType());
        if (type == null && given(form.getType()) != null) {
            errors.rejectValue("type", "services.error.type", new Object[] {types.names()},
                    "must be one of " + types.names());
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        for (ServiceSetting setting : type == null ? List.<ServiceSetting>of() : types.settings(type)) {
            Object value = switch (setting.kind()) {
                case FLAG -> "true".equals(form.getSettings().get(setting.name()));
                case HEADERS -> headers(form);
                case TEXT, ENDPOINT, URL -> given(form.getSettings().get(setting.name()));
            };
            if (value != null) {
                settings.put(setting.name(), value);
            }
        }
        return new ServiceDocument(given(form.getName()), type, form.isEnabled(),
                number(errors, "priority", form.getPriority()), number(errors, "weight", form.getWeight()),
                number(errors, "maxQps", form.getMaxQps()), number(errors, "maxParamLength", form.getMaxParamLength()),
                duration(errors, "connectTimeout", form.getConnectTimeout()),
                duration(errors, "readTimeout", form.getReadTimeout()), settings, null);
    }

    private static @Nullable Map<String, String> headers(ConsoleServiceForm form) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (ConsoleServiceForm.HeaderRow row : form.getHeaderRows()) {
            String header = given(row.getName());
            if (header != null) {
                headers.put(header, row.getValue() == null ? "" : row.getValue());
            }
        }
        return !headers.isEmpty() || form.isClearHeaders() ? headers : null;
    }

    private static @Nullable Integer number(Errors errors, String field, @Nullable String typed) {
        String value = given(typed);
        if (value == null) {
            return null;
        }
        if (!WHOLE_NUMBER.matcher(value).matches()) {
            errors.rejectValue(field, "services.error.number", "must be a whole number");
            return null;
        }
        return Integer.parseInt(value);
    }

    private static @Nullable Duration duration(Errors errors, String field, @Nullable String typed) {
        String value = given(typed);
        if (value == null) {
            return null;
        }
        try {
            return DurationStyle.detectAndParse(value);
        } catch (IllegalArgumentException e) {
            errors.rejectValue(field, "services.error.duration", "must be a duration such as 3s or 500ms");
            return null;
        }
    }

    /** What was typed, stripped; null when nothing was. */
    private static @Nullable String given(@Nullable String typed) {
        return typed == null || typed.isBlank() ? null : typed.strip();
    }
}
