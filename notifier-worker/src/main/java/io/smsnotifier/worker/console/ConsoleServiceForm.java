package io.smsnotifier.worker.console;

import io.smsnotifier.worker.catalog.ServiceView;
import io.smsnotifier.worker.providers.ServiceSetting;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The service form as posted and as shown: the settings every service has, as typed (a number that is none stays
 * on the page with its error), the type's own settings by name ({@code settings[accessKey]}), the header rows of
 * a HEADERS setting, and the "Send Test SMS" inputs. {@link ServiceForms} turns it into a document. Mutable, as
 * data binding needs; one per request.
 */
class ConsoleServiceForm {

    /** Rows of header name and value on the form. */
    static final int HEADER_ROWS = 3;

    private @Nullable String name;
    private @Nullable String type;
    private boolean enabled;
    private @Nullable String priority;
    private @Nullable String weight;
    private @Nullable String maxQps;
    private @Nullable String maxParamLength;
    private @Nullable String connectTimeout;
    private @Nullable String readTimeout;
    private Map<String, String> settings = new LinkedHashMap<>();
    private List<HeaderRow> headerRows = new ArrayList<>();
    private boolean clearHeaders;
    private @Nullable String version;
    private @Nullable String testPhone;
    private @Nullable String testTemplate;
    private @Nullable String testParams;

    public ConsoleServiceForm() {
        for (int row = 0; row < HEADER_ROWS; row++) {
            headerRows.add(new HeaderRow());
        }
    }

    /** An empty form for a new service of {@code type}, with what a new service starts with. */
    static ConsoleServiceForm blank(String type) {
        ConsoleServiceForm form = new ConsoleServiceForm();
        form.type = type;
        form.enabled = true;
        form.priority = "100";
        form.weight = "1";
        form.maxQps = "100";
        return form;
    }

    /**
     * The form for editing a stored service: its plain settings as they are. What is never shown in full (a secret,
     * an account id, a sealed URL, header values) starts blank, which keeps it.
     */
    static ConsoleServiceForm of(ServiceView view, List<ServiceSetting> schema) {
        ConsoleServiceForm form = new ConsoleServiceForm();
        form.name = view.name();
        form.type = view.type();
        form.enabled = view.enabled();
        form.priority = String.valueOf(view.priority());
        form.weight = String.valueOf(view.weight());
        form.maxQps = String.valueOf(view.maxQps());
        form.maxParamLength = view.maxParamLength() == null ? null : String.valueOf(view.maxParamLength());
        form.connectTimeout = view.connectTimeout();
        form.readTimeout = view.readTimeout();
        form.version = view.version() == null ? null : String.valueOf(view.version());
        for (ServiceSetting setting : schema) {
            Object value = view.setting(setting.name());
            if (value != null && setting.secrecy() == ServiceSetting.Secrecy.PLAIN
                    && setting.kind() != ServiceSetting.Kind.HEADERS) {
                form.settings.put(setting.name(), String.valueOf(value));
            }
        }
        return form;
    }

    /** One header of a HEADERS setting: a row of the form, its value a secret that is never shown again. */
    static class HeaderRow {

        private @Nullable String name;
        private @Nullable String value;

        public @Nullable String getName() {
            return name;
        }

        public void setName(@Nullable String name) {
            this.name = name;
        }

        public @Nullable String getValue() {
            return value;
        }

        public void setValue(@Nullable String value) {
            this.value = value;
        }
    }

    // Accessors for data binding and the page.

    public @Nullable String getName() {
        return name;
    }

    public void setName(@Nullable String name) {
        this.name = name;
    }

    public @Nullable String getType() {
        return type;
    }

    public void setType(@Nullable String type) {
        this.type = type;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public @Nullable String getPriority() {
        return priority;
    }

    public void setPriority(@Nullable String priority) {
        this.priority = priority;
    }

    public @Nullable String getWeight() {
        return weight;
    }

    public void setWeight(@Nullable String weight) {
        this.weight = weight;
    }

    public @Nullable String getMaxQps() {
        return maxQps;
    }

    public void setMaxQps(@Nullable String maxQps) {
        this.maxQps = maxQps;
    }

    public @Nullable String getMaxParamLength() {
        return maxParamLength;
    }

    public void setMaxParamLength(@Nullable String maxParamLength) {
        this.maxParamLength = maxParamLength;
    }

    public @Nullable String getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(@Nullable String connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public @Nullable String getReadTimeout() {
        return readTimeout;
    }

    public void setReadTimeout(@Nullable String readTimeout) {
        this.readTimeout = readTimeout;
    }

    /** The type's own settings as typed, by name; a checkbox that is not ticked is absent. */
    public Map<String, String> getSettings() {
        return settings;
    }

    public void setSettings(Map<String, String> settings) {
        this.settings = settings;
    }

    public List<HeaderRow> getHeaderRows() {
        return headerRows;
    }

    public void setHeaderRows(List<HeaderRow> headerRows) {
        this.headerRows = headerRows;
    }

    /** "Remove the stored headers": with every row blank, empties them rather than keeping them. */
    public boolean isClearHeaders() {
        return clearHeaders;
    }

    public void setClearHeaders(boolean clearHeaders) {
        this.clearHeaders = clearHeaders;
    }

    /** The stored version the form was read at ({@code If-Match}); null for a new service. */
    public @Nullable String getVersion() {
        return version;
    }

    public void setVersion(@Nullable String version) {
        this.version = version;
    }

    public @Nullable String getTestPhone() {
        return testPhone;
    }

    public void setTestPhone(@Nullable String testPhone) {
        this.testPhone = testPhone;
    }

    public @Nullable String getTestTemplate() {
        return testTemplate;
    }

    public void setTestTemplate(@Nullable String testTemplate) {
        this.testTemplate = testTemplate;
    }

    /** The test's template parameters, {@code name=value} a line. */
    public @Nullable String getTestParams() {
        return testParams;
    }

    public void setTestParams(@Nullable String testParams) {
        this.testParams = testParams;
    }
}
