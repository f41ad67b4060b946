package io.smsnotifier.worker.catalog;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A template's checks: each wrong field named once, before anything is stored. */
class TemplateDocumentTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static List<String> problems(String json) {
        FieldErrors errors = new FieldErrors();
        TemplateDocument.read(JSON.readTree(json), errors).check(Set.of("aliyun-main")::contains, errors);
        List<String> fields = new ArrayList<>();
        try {
            errors.throwIfAny("the template");
        } catch (FieldErrors.InvalidDocument e) {
            e.errors().forEach(error -> fields.add(error.field() + ": " + error.message()));
        }
        return fields;
    }

    @Test
    void aTemplateWhosePlaceholdersAreItsParametersPasses() {
        assertThat(problems("""
                {"code": "ORDER_1", "content": "Order ${order} for ${name}", "params": ["name", "order"],
                 "codes": {"aliyun-main": "SMS_1"}, "loginCode": false}""")).isEmpty();
    }

    @Test
    void placeholdersMustEqualTheDeclaredParameters() {
        assertThat(problems("""
                {"code": "ORDER_1", "content": "Order ${order}", "params": ["order", "name"]}"""))
                .containsExactly("params: declares [name] that content does not use");
        assertThat(problems("""
                {"code": "ORDER_1", "content": "Order ${order} ${link}", "params": ["order"]}"""))
                .containsExactly("content: uses placeholders [link] that params does not declare");
    }

    @Test
    void everyWrongFieldIsNamedOnce() {
        assertThat(problems("""
                {"code": "no spaces", "content": "", "params": ["a", "a"], "codes": {"nowhere": "X"},
                 "loginCode": "yes", "colour": "red"}""")).extracting(problem -> problem.split(":")[0])
                .containsExactlyInAnyOrder("code", "content", "params", "codes", "loginCode", "colour");
    }

    @Test
    void aDocumentThatIsNotAnObjectIsRefusedAsAWhole() {
        FieldErrors errors = new FieldErrors();
        TemplateDocument.read(JSON.readTree("[1, 2]"), errors);
        assertThatThrownBy(() -> errors.throwIfAny("the template")).isInstanceOf(FieldErrors.InvalidDocument.class);
    }
}
