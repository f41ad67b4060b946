package io.smsnotifier.worker.templates;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.util.List;
import java.util.Map;

/**
 * {@code notifier.templates.<code>}: each template's content with {@code ${name}} placeholders, its parameter
 * names in order (positional vendors take them in this order) and optionally its codes at other SMS services.
 */
@Validated
@ConfigurationProperties("notifier")
record TemplateProperties(Map<String, @Valid Definition> templates) {

    TemplateProperties {
        templates = templates == null ? Map.of() : Map.copyOf(templates);
    }

    /** @param loginCode the template carries a login code: sends of it through the API obey the login-code policy */
    record Definition(@NotBlank String content, @NotNull List<String> params, Map<String, String> codes,
                      @DefaultValue("false") boolean loginCode) {

        Definition {
            params = params == null ? List.of() : List.copyOf(params);
            codes = codes == null ? Map.of() : Map.copyOf(codes);
        }
    }
}
