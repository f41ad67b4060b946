package io.smsnotifier.worker.console;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The console's language: {@link ConsoleLanguage} resolves it (it replaces Spring Boot's Accept-Language-only
 * resolver; the API's JSON has no localized text, so nothing else changes), and {@code ?lang=en} or
 * {@code ?lang=zh-CN} on any console page switches it and remembers the choice in a cookie.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleWebConfiguration implements WebMvcConfigurer {

    /** The name is what the DispatcherServlet looks up. */
    @Bean
    LocaleResolver localeResolver() {
        return new ConsoleLanguage();
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor switcher = new LocaleChangeInterceptor();
        switcher.setParamName("lang");
        switcher.setIgnoreInvalidLocale(true);
        registry.addInterceptor(switcher).addPathPatterns("/console", "/console/**");
    }
}
