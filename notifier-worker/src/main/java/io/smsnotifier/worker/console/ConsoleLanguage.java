package io.smsnotifier.worker.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;

import java.time.Duration;
import java.util.Collections;
import java.util.Locale;

/**
 * The console's two languages, English and Simplified Chinese, and how a request gets one: the {@code lang}
 * cookie that the {@code ?lang=} switch sets, else the first of the browser's languages (Accept-Language) that
 * is one of the two, else English. Any Chinese the browser asks for is shown in Simplified Chinese, the only
 * Chinese there is; any other language, in English.
 */
final class ConsoleLanguage implements LocaleResolver {

    static final Locale ENGLISH = Locale.ENGLISH;
    static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;
    static final String COOKIE = "notifier-console-lang";

    private final CookieLocaleResolver cookie = new CookieLocaleResolver(COOKIE);

    ConsoleLanguage() {
        cookie.setCookiePath("/console");
        cookie.setCookieMaxAge(Duration.ofDays(365));
        cookie.setCookieHttpOnly(true);
        cookie.setCookieSameSite("Strict");
        cookie.setDefaultLocaleFunction(ConsoleLanguage::fromBrowser);
    }

    /** {@code en} or {@code zh-CN}: what the pages' {@code lang} attribute and switch say. */
    static String tag(Locale locale) {
        return supported(locale).toLanguageTag();
    }

    /** One of the two languages: Chinese for any Chinese, else English. */
    static Locale supported(@Nullable Locale locale) {
        return locale != null && "zh".equals(locale.getLanguage()) ? CHINESE : ENGLISH;
    }

    private static Locale fromBrowser(HttpServletRequest request) {
        if (request.getHeader("Accept-Language") == null) {
            return ENGLISH;
        }
        // In the browser's order of preference (the servlet container sorts by q).
        for (Locale locale : Collections.list(request.getLocales())) {
            if ("zh".equals(locale.getLanguage())) {
                return CHINESE;
            }
            if ("en".equals(locale.getLanguage())) {
                return ENGLISH;
            }
        }
        return ENGLISH;
    }

    @Override
    public Locale resolveLocale(HttpServletRequest request) {
        return supported(cookie.resolveLocale(request));
    }

    @Override
    public void setLocale(HttpServletRequest request, @Nullable HttpServletResponse response,
                          @Nullable Locale locale) {
        cookie.setLocale(request, response, locale == null ? null : supported(locale));
    }
}
