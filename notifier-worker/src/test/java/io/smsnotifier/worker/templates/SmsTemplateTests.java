package io.smsnotifier.worker.templates;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SmsTemplateTests {

    private final SmsTemplate approval = new SmsTemplate("SMS_APPROVAL",
            "${userNick} submitted ${processTitle}, please approve by ${deadline}",
            List.of("processTitle", "userNick"), Map.of());

    @Test
    void rendersEveryPlaceholder() {
        String text = approval.render(Map.of("userNick", "Alice", "processTitle", "Expense claim #42",
                "deadline", "Friday"));

        assertThat(text).isEqualTo("Alice submitted Expense claim #42, please approve by Friday");
    }

    @Test
    void rendersTheSamePlaceholderEveryTimeItAppears() {
        SmsTemplate twice = new SmsTemplate("T", "${a}-${a}", List.of(), Map.of());

        assertThat(twice.render(Map.of("a", "x"))).isEqualTo("x-x");
    }

    @Test
    void insertsDollarSignsAndBackslashesLiterally() {
        String text = approval.render(Map.of("userNick", "C:\\Users\\$1", "processTitle", "Pay $100 ${deadline}",
                "deadline", "\\$0"));

        assertThat(text).isEqualTo("C:\\Users\\$1 submitted Pay $100 ${deadline}, please approve by \\$0");
    }

    @Test
    void leavesTextWithoutPlaceholdersUnchanged() {
        SmsTemplate plain = new SmsTemplate("T", "Your order has shipped. Cost: $5 {not a placeholder}", List.of(),
                Map.of());

        assertThat(plain.render(Map.of("unused", "x"))).isEqualTo("Your order has shipped. Cost: $5 {not a placeholder}");
    }

    @Test
    void requiresDeclaredParametersFirstThenThoseOnlyInTheContent() {
        assertThat(approval.requiredParams()).containsExactly("processTitle", "userNick", "deadline");
    }

    @Test
    void reportsMissingAndBlankParametersInDeclaredOrder() {
        Map<String, String> params = new HashMap<>();
        params.put("userNick", " ");
        params.put("deadline", null);

        assertThat(approval.missingParams(params)).containsExactly("processTitle", "userNick", "deadline");
    }

    @Test
    void reportsNothingMissingWhenEveryParameterIsGiven() {
        assertThat(approval.missingParams(Map.of("userNick", "Alice", "processTitle", "T", "deadline", "Friday")))
                .isEmpty();
    }

    @Test
    void ordersParametersAsDeclaredAndDropsExtras() {
        Map<String, String> given = new HashMap<>();
        given.put("extra", "dropped");
        given.put("deadline", "Friday");
        given.put("userNick", "Alice");
        given.put("processTitle", "T");

        assertThat(approval.orderedParams(given)).containsExactly(Map.entry("processTitle", "T"),
                Map.entry("userNick", "Alice"), Map.entry("deadline", "Friday"));
    }

    @Test
    void copiesItsListsSoLaterChangesDoNotLeakIn() {
        List<String> names = new java.util.ArrayList<>(List.of("a"));
        SmsTemplate template = new SmsTemplate("T", "${a}", names, Map.of());

        names.add("b");

        assertThat(template.paramNames()).containsExactly("a");
    }
}
