package io.smsnotifier.worker.console;

import org.jspecify.annotations.Nullable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times as the console prints them, for every page: {@code ${@consoleTime.instant(t)}} (UTC, to the second: the
 * worker's logs and the API are in UTC too) and {@code ${@consoleTime.age(t)}} (how long ago, in the page's
 * language: {@code 3 min 5 s}, {@code 3 分 5 秒}). A missing time prints as {@code —}.
 */
@Component("consoleTime")
public class ConsoleTime {

    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final String NONE = "—";

    private final Clock clock;

    ConsoleTime() {
        this(Clock.systemUTC());
    }

    ConsoleTime(Clock clock) {
        this.clock = clock;
    }

    /** {@code 2026-05-01 08:30:00 UTC}. */
    public String instant(@Nullable Instant instant) {
        return instant == null ? NONE : INSTANT.format(instant);
    }

    /** How long before now {@code instant} was, in two units at most: {@code 2 d 3 h}, {@code 45 s}. */
    public String age(@Nullable Instant instant) {
        return instant == null ? NONE : duration(Duration.between(instant, clock.instant()));
    }

    /** {@code duration} in two units at most, in the page's language; negative counts as zero. */
    public String duration(Duration duration) {
        boolean chinese = ConsoleLanguage.CHINESE.equals(ConsoleLanguage.supported(LocaleContextHolder.getLocale()));
        long seconds = Math.max(0, duration.toSeconds());
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        long secs = seconds % 60;
        if (days > 0) {
            return chinese ? days + " 天 " + hours + " 小时" : days + " d " + hours + " h";
        }
        if (hours > 0) {
            return chinese ? hours + " 小时 " + minutes + " 分" : hours + " h " + minutes + " min";
        }
        if (minutes > 0) {
            return chinese ? minutes + " 分 " + secs + " 秒" : minutes + " min " + secs + " s";
        }
        return chinese ? secs + " 秒" : secs + " s";
    }
}
