package io.smsnotifier.worker.admin;

import io.smsnotifier.worker.admin.AdminProperties.NamedToken;
import io.smsnotifier.worker.admin.AdminProperties.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.diagnostics.FailureAnalysis;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The worker refuses a token configuration it cannot tell operators apart by, naming the property, never a token. */
class AdminTokensTests {

    // As openssl rand -hex 16 makes them, with a prefix a reader can tell apart.
    private static final String ALICE = "alice-3f9a1c7e20b84d65a9e1c3b7f5d20486";
    private static final String VIEWER = "viewer-8c2e4a6f1d3b5907e4c6a8f0b2d41357";
    private static final String LEGACY = "legacy-d47b9e2c6a01f835b7d9e3c5a1f60284";

    @Test
    void bindsNamedTokensWithTheirRolesNextToTheAdminToken() {
        AdminTokens tokens = AdminTokens.of(bind(Map.of("notifier.admin.token", LEGACY,
                "notifier.admin.tokens.ops-alice.token", ALICE, "notifier.admin.tokens.ops-alice.role", "operator",
                "notifier.admin.tokens.ops-viewer.token", VIEWER, "notifier.admin.tokens.ops-viewer.role", "viewer")));

        assertThat(tokens.authenticate(LEGACY)).isEqualTo(new AdminTokens.Operator("admin", Role.OPERATOR));
        assertThat(tokens.authenticate(ALICE)).isEqualTo(new AdminTokens.Operator("ops-alice", Role.OPERATOR));
        assertThat(tokens.authenticate(VIEWER)).isEqualTo(new AdminTokens.Operator("ops-viewer", Role.VIEWER));
        assertThat(tokens.authenticate(VIEWER.toUpperCase())).isNull();
        assertThat(tokens.authenticate(VIEWER.substring(1))).isNull();
        assertThat(tokens.authenticate("")).isNull();
    }

    @Test
    void namedTokensAloneAreEnough() {
        AdminTokens tokens = AdminTokens.of(bind(Map.of("notifier.admin.tokens.ops-viewer.token", VIEWER,
                "notifier.admin.tokens.ops-viewer.role", "VIEWER")));

        assertThat(tokens.operators()).containsExactly(new AdminTokens.Operator("ops-viewer", Role.VIEWER));
        assertThat(tokens.authenticate(LEGACY)).isNull();
    }

    @Test
    void anOperatorHasEverythingAViewerHas() {
        assertThat(new AdminTokens.Operator("a", Role.OPERATOR).authorities()).extracting(Object::toString)
                .containsExactlyInAnyOrder("ROLE_OPERATOR", "ROLE_VIEWER");
        assertThat(new AdminTokens.Operator("v", Role.VIEWER).authorities()).extracting(Object::toString)
                .containsExactly("ROLE_VIEWER");
    }

    @Test
    void refusesToStartWithoutAnyToken() {
        assertThatThrownBy(() -> AdminTokens.of(bind(Map.of())))
                .isInstanceOf(AdminTokens.Misconfigured.class)
                .hasMessageContaining("no admin token is configured")
                .hasMessageContaining("notifier.admin.token").hasMessageContaining("NOTIFIER_ADMIN_TOKEN")
                .hasMessageContaining("notifier.admin.tokens.<name>.token");
    }

    @Test
    void refusesAnEmptyAdminTokenEvenWithNamedTokens() {
        // What --notifier.admin.token= or an exported empty NOTIFIER_ADMIN_TOKEN binds to: a mistake, not "unset".
        assertThatThrownBy(() -> AdminTokens.of(bind(Map.of("notifier.admin.token", "",
                "notifier.admin.tokens.ops-viewer.token", VIEWER, "notifier.admin.tokens.ops-viewer.role", "viewer"))))
                .isInstanceOf(AdminTokens.Misconfigured.class)
                .hasMessageStartingWith("notifier.admin.token (environment NOTIFIER_ADMIN_TOKEN) is empty");
    }

    @Test
    void refusesAShortTokenNamingItsPropertyNotItsValue() {
        assertThatThrownBy(() -> AdminTokens.of(properties(null, "ops-alice", "short-0123456", Role.OPERATOR)))
                .isInstanceOf(AdminTokens.Misconfigured.class)
                .hasMessageStartingWith("notifier.admin.tokens.ops-alice.token must be at least 32 characters")
                .message().doesNotContain("short-0123456");
        assertThatThrownBy(() -> AdminTokens.of(new AdminProperties("short-0123456", Map.of(), 20)))
                .hasMessageStartingWith("notifier.admin.token must be at least 32 characters");
        assertThat(AdminTokens.of(properties(null, "ops-alice", "9f3c1a7e5b2d8064f1e3a5c7b9d02468", Role.OPERATOR))
                .operators()).as("exactly 32 characters").hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "exactly-16-chars",                              // what was accepted before: 16 characters
            "it-admin-token-0123456789",                     // a test token of old: 25
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",      // one character
            "abcdefghijabcdefghijabcdefghijabcdefghij",      // letters only, repeated
            "1234567890123456789012345678901234567890",      // digits only
            "correcthorsebatterystaplecorrecthorsebattery",  // letters only
            "passwordpasswordpasswordpassword1234",          // a word repeated
            "abcdefghijklmnopqrstuvwxyz0123456789ABCD",      // a run along the keyboard's order
            "zyxwvutsrqponmlkjihgfedcba9876543210ZYXW",      // the same backwards
            "ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12"})     // a short unit repeated
    void refusesAWeakTokenSayingWhyAndHowToMakeOneWithoutItsValue(String weak) {
        assertThatThrownBy(() -> AdminTokens.of(properties(null, "ops-alice", weak, Role.OPERATOR)))
                .isInstanceOf(AdminTokens.Misconfigured.class)
                .hasMessageStartingWith("notifier.admin.tokens.ops-alice.token ")
                .hasMessageContaining("openssl rand -hex 32")
                .message().doesNotContain(weak);
        assertThatThrownBy(() -> AdminTokens.of(new AdminProperties(weak, Map.of(), 20)))
                .hasMessageStartingWith("notifier.admin.token ");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "5be0c3f1e9a27d4486b1f0c2e7a95d3368c4b1e0f2a79d5c3e81b6a4f0d2c975",  // openssl rand -hex 32
            "q3Vx9mK2pLr7T0bWz8YhN4cJ6uFdA1sGeR5oIkE2vXw=",                      // openssl rand -base64 32
            "local-0f8e2b6c-4d1a-4c9e-8b37-5a2d9e1f6c04"})                        // the local profile's
    void acceptsTokensThatOpensslOrARandomUuidMake(String strong) {
        assertThat(AdminTokens.of(properties(null, "ops-alice", strong, Role.OPERATOR)).authenticate(strong))
                .isEqualTo(new AdminTokens.Operator("ops-alice", Role.OPERATOR));
    }

    @Test
    void refusesTwoNamesSharingATokenNamingBothProperties() {
        Map<String, NamedToken> tokens = new LinkedHashMap<>();
        tokens.put("ops-alice", new NamedToken(ALICE, Role.OPERATOR));
        tokens.put("ops-bob", new NamedToken(ALICE, Role.VIEWER));

        assertThatThrownBy(() -> AdminTokens.of(new AdminProperties(null, tokens, 20)))
                .isInstanceOf(AdminTokens.Misconfigured.class)
                .hasMessageStartingWith("notifier.admin.tokens.ops-bob.token is the same token as "
                        + "notifier.admin.tokens.ops-alice.token")
                .message().doesNotContain(ALICE);
    }

    @Test
    void refusesANamedTokenThatIsTheAdminToken() {
        assertThatThrownBy(() -> AdminTokens.of(properties(LEGACY, "ops-alice", LEGACY, Role.VIEWER)))
                .hasMessageStartingWith("notifier.admin.tokens.ops-alice.token is the same token as "
                        + "notifier.admin.token")
                .message().doesNotContain(LEGACY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Alice", "-alice", ".alice", "_alice", "al ice", "alice/bob", "álice", "alice\n",
            "a123456789b123456789c123456789d123456789e123456789f123456789g1234", ""})
    void refusesANameThatIsNotLowerCaseLettersDigitsDotsDashesAndUnderscores(String name) {
        assertThatThrownBy(() -> AdminTokens.of(properties(null, name, ALICE, Role.OPERATOR)))
                .isInstanceOf(AdminTokens.Misconfigured.class)
                .hasMessageStartingWith("notifier.admin.tokens.")
                .hasMessageContaining("a token name must match [a-z0-9][a-z0-9._-]{0,63}")
                .message().doesNotContain("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "0", "ops-alice", "ci.bot_1", "grafana",
            "a123456789b123456789c123456789d123456789e123456789f123456789g123"})
    void acceptsNamesOfUpTo64LowerCaseCharacters(String name) {
        assertThat(AdminTokens.of(properties(null, name, ALICE, Role.OPERATOR)).authenticate(ALICE))
                .isEqualTo(new AdminTokens.Operator(name, Role.OPERATOR));
    }

    @Test
    void refusesTheNameAdminWhileTheAdminTokenIsSet() {
        assertThatThrownBy(() -> AdminTokens.of(properties(LEGACY, "admin", ALICE, Role.OPERATOR)))
                .hasMessageStartingWith("notifier.admin.tokens.admin: the name 'admin' belongs to notifier.admin.token");
        assertThat(AdminTokens.of(properties(null, "admin", ALICE, Role.VIEWER)).authenticate(ALICE))
                .isEqualTo(new AdminTokens.Operator("admin", Role.VIEWER));
    }

    @Test
    void refusesANamedTokenWithoutItsTokenOrItsRole() {
        assertThatThrownBy(() -> AdminTokens.of(bind(Map.of("notifier.admin.tokens.ops-alice.role", "operator"))))
                .hasMessageStartingWith("notifier.admin.tokens.ops-alice.token must be set");
        assertThatThrownBy(() -> AdminTokens.of(bind(Map.of("notifier.admin.tokens.ops-alice.token", ALICE))))
                .hasMessageStartingWith("notifier.admin.tokens.ops-alice.role must be set: viewer or operator");
    }

    @Test
    void refusesATokenWithSpaces() {
        assertThatThrownBy(() -> AdminTokens.of(properties(null, "ops-alice", "alice token 3f9a1c7e20b84d65a9e1c3b7f5d20486",
                Role.OPERATOR)))
                .hasMessageStartingWith("notifier.admin.tokens.ops-alice.token must not contain spaces");
    }

    @Test
    void theStartUpReportNamesThePropertyAndTheWayOut() {
        AdminTokens.Misconfigured failure = new AdminTokens.Misconfigured("notifier.admin.tokens.x.token must be set");

        FailureAnalysis analysis = new AdminTokensFailureAnalyzer().analyze(new IllegalStateException(failure));

        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).isEqualTo("notifier.admin.tokens.x.token must be set");
        assertThat(analysis.getAction()).contains("notifier.admin.tokens.<name>.role (viewer or operator)");
    }

    @Test
    void neitherThePropertiesNorTheTokensShowATokenAsText() {
        AdminProperties properties = properties(LEGACY, "ops-alice", ALICE, Role.OPERATOR);

        assertThat(properties.toString()).doesNotContain(LEGACY).doesNotContain(ALICE).contains("ops-alice");
        assertThat(AdminTokens.of(properties).toString()).doesNotContain(LEGACY).doesNotContain(ALICE)
                .contains("ops-alice");
    }

    private static AdminProperties properties(String legacy, String name, String token, Role role) {
        return new AdminProperties(legacy, Map.of(name, new NamedToken(token, role)), 20);
    }

    private static AdminProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("notifier.admin", AdminProperties.class);
    }
}
