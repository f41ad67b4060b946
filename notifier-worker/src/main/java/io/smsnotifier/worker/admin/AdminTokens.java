package io.smsnotifier.worker.admin;

import io.smsnotifier.worker.admin.AdminProperties.NamedToken;
import io.smsnotifier.worker.admin.AdminProperties.Role;
import io.smsnotifier.worker.support.LogSafe;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The configured admin tokens, checked once at start-up, each with its name and role. Only SHA-256 digests are
 * kept: a presented token is digested and compared with every configured digest ({@link MessageDigest#isEqual},
 * no early exit), so neither which token nor how much of one matched shows in the time an answer takes.
 * Immutable and thread-safe. Public for the console, whose sign-in exchanges one of these tokens for a session.
 */
public final class AdminTokens {

    /** The name {@code notifier.admin.token} authenticates as. */
    static final String LEGACY_NAME = "admin";
    static final int MIN_LENGTH = TokenStrength.MIN_LENGTH;
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private static final String PREFIX = "notifier.admin.tokens.";

    /** Who a token is: the principal's name and what it may do. */
    public record Operator(String name, Role role) {

        /** {@code ROLE_VIEWER}, and {@code ROLE_OPERATOR} as well for an operator. */
        public List<GrantedAuthority> authorities() {
            return role == Role.OPERATOR ? AuthorityUtils.createAuthorityList("ROLE_OPERATOR", "ROLE_VIEWER")
                    : AuthorityUtils.createAuthorityList("ROLE_VIEWER");
        }
    }

    /** A token configuration the worker refuses to start with; the message names the property. */
    static final class Misconfigured extends RuntimeException {
        Misconfigured(String message) {
            super(message);
        }
    }

    private record Entry(Operator operator, String property, byte[] digest) {
    }

    private final List<Entry> entries;

    private AdminTokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Checks {@code properties}: at least one token; names as {@link #NAME} says; every token without spaces, strong
     * as {@link TokenStrength} has it (at least {@value #MIN_LENGTH} characters, no made-up pattern), and none
     * shared by two names.
     *
     * @throws Misconfigured naming the first property at fault (never its value)
     */
    static AdminTokens of(AdminProperties properties) {
        List<Entry> entries = new ArrayList<>();
        if (properties.token() != null) {
            String token = properties.token();
            if (token.isBlank()) {
                throw new Misconfigured("notifier.admin.token (environment NOTIFIER_ADMIN_TOKEN) is empty: give it "
                        + "a token of at least " + MIN_LENGTH + " characters, or leave it unset and configure "
                        + PREFIX + "<name>.token and .role");
            }
            entries.add(entry("notifier.admin.token", token, new Operator(LEGACY_NAME, Role.OPERATOR)));
        }
        for (Map.Entry<String, NamedToken> named : properties.tokens().entrySet()) {
            String name = named.getKey();
            if (!NAME.matcher(name).matches()) {
                throw new Misconfigured(PREFIX + LogSafe.key(name) + ": a token name must match " + NAME.pattern()
                        + " (lower-case letters, digits, '.', '_', '-'); it is who the audit log names");
            }
            if (name.equals(LEGACY_NAME) && properties.token() != null) {
                throw new Misconfigured(PREFIX + LEGACY_NAME + ": the name '" + LEGACY_NAME + "' belongs to "
                        + "notifier.admin.token; choose another name or leave notifier.admin.token unset");
            }
            NamedToken token = named.getValue();
            String property = PREFIX + name + ".token";
            if (token.token() == null || token.token().isBlank()) {
                throw new Misconfigured(property + " must be set: the bearer token of '" + name + "'");
            }
            if (token.role() == null) {
                throw new Misconfigured(PREFIX + name + ".role must be set: viewer or operator");
            }
            entries.add(entry(property, token.token(), new Operator(name, token.role())));
        }
        if (entries.isEmpty()) {
            throw new Misconfigured("no admin token is configured: set notifier.admin.token (environment "
                    + "NOTIFIER_ADMIN_TOKEN), or " + PREFIX + "<name>.token and " + PREFIX + "<name>.role; "
                    + "the tokens protect the admin API");
        }
        for (int i = 0; i < entries.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (MessageDigest.isEqual(entries.get(i).digest(), entries.get(j).digest())) {
                    throw new Misconfigured(entries.get(i).property() + " is the same token as "
                            + entries.get(j).property() + ": every name needs a token of its own, or the audit "
                            + "log cannot tell who did what");
                }
            }
        }
        return new AdminTokens(entries);
    }

    /** Who {@code presented} belongs to, or {@code null} for no configured token. */
    public @Nullable Operator authenticate(String presented) {
        byte[] digest = sha256(presented);
        Operator found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), digest)) {
                found = entry.operator();
            }
        }
        return found;
    }

    /** The names configured, in the order checked, for the start-up log line. */
    List<Operator> operators() {
        return entries.stream().map(Entry::operator).toList();
    }

    private static Entry entry(String property, String token, Operator operator) {
        if (token.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new Misconfigured(property + " must not contain spaces or control characters: it travels in "
                    + "an HTTP header");
        }
        String weakness = TokenStrength.weakness(token);
        if (weakness != null) {
            // A guessable token is a way in: refuse it at start-up, saying why but never what it is.
            throw new Misconfigured(property + " " + weakness + ": " + TokenStrength.HOW);
        }
        return new Entry(operator, property, sha256(token));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "AdminTokens" + operators();
    }
}
