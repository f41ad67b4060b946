package io.smsnotifier.worker.admin;

import org.jspecify.annotations.Nullable;

import java.util.HashSet;
import java.util.Set;

/**
 * Refuses tokens a person made up rather than a random generator: too short, few different characters, letters or
 * digits alone, a piece repeated, or a run along the alphabet. A token from {@code openssl rand -hex 32} (or
 * {@code -base64 32}, or a random UUID with a prefix) passes every rule with room to spare; the rules catch
 * {@code password1234...}, {@code aaaa...} and {@code abcdef...123}, not every weak token.
 */
final class TokenStrength {

    static final int MIN_LENGTH = 32;
    static final String HOW = "make one with openssl rand -hex 32";

    private static final int MIN_DISTINCT = 10;

    private TokenStrength() {
    }

    /** Why {@code token} is too weak, to follow its property's name; {@code null} when it is not. */
    static @Nullable String weakness(String token) {
        if (token.length() < MIN_LENGTH) {
            return "must be at least " + MIN_LENGTH + " characters";
        }
        if (token.chars().distinct().count() < MIN_DISTINCT) {
            return "has fewer than " + MIN_DISTINCT + " different characters";
        }
        if (token.chars().allMatch(Character::isLetter) || token.chars().allMatch(Character::isDigit)) {
            return "is letters or digits alone";
        }
        if (distinctTriples(token) * 4 < (token.length() - 2) * 3) {
            return "repeats itself";
        }
        if (steps(token) * 2 > token.length() - 1) {
            return "runs in sequence (abc, 123, 987)";
        }
        return null;
    }

    /** How many different three-character pieces: a random token's are nearly all different. */
    private static int distinctTriples(String token) {
        Set<String> triples = new HashSet<>();
        for (int i = 0; i + 3 <= token.length(); i++) {
            triples.add(token.substring(i, i + 3));
        }
        return triples.size();
    }

    /** How many neighbours are the same character or next to each other ({@code aa}, {@code ab}, {@code 98}). */
    private static int steps(String token) {
        int steps = 0;
        for (int i = 1; i < token.length(); i++) {
            if (Math.abs(token.charAt(i) - token.charAt(i - 1)) <= 1) {
                steps++;
            }
        }
        return steps;
    }
}
