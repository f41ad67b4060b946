package io.smsnotifier.worker;

import io.smsnotifier.events.DepartmentUpdated;
import io.smsnotifier.events.MemberUpdated;
import io.smsnotifier.events.Topics;
import io.smsnotifier.worker.admin.AdminProperties;
import io.smsnotifier.worker.recipients.Directory;
import io.smsnotifier.worker.secrets.SecretBox;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Runs the worker in profile {@code local} with everything it needs in one process: a Kafka broker on
 * {@code localhost:9092}, an embedded PostgreSQL, the sandbox SMS service, sample templates and members.
 * Started by the README's run command ({@code ./mvnw -pl notifier-worker -am spring-boot:test-run}).
 */
public final class LocalNotifierApplication {

    private static final String KAFKA_PORT_ARGUMENT = "--notifier.local.kafka-port=";

    private LocalNotifierApplication() {
    }

    public static void main(String[] args) {
        int kafkaPort = 9092;
        for (String arg : args) {
            if (arg.startsWith(KAFKA_PORT_ARGUMENT)) {
                kafkaPort = Integer.parseInt(arg.substring(KAFKA_PORT_ARGUMENT.length()));
            }
        }
        run(kafkaPort, args);
    }

    /** Starts the local worker; {@code kafkaPort} 0 picks a free port (tests). */
    public static ConfigurableApplicationContext run(int kafkaPort, String... args) {
        LocalInfrastructure infrastructure = LocalInfrastructure.start(kafkaPort);
        List<String> arguments = new ArrayList<>(List.of(args));
        arguments.add("--spring.kafka.bootstrap-servers=" + infrastructure.bootstrapServers());
        arguments.add("--spring.datasource.url=" + infrastructure.jdbcUrl());
        arguments.add("--spring.datasource.username=postgres");

        SpringApplication application = new SpringApplication(NotifierApplication.class);
        application.setAdditionalProfiles("local");
        // A fresh secrets key per start, as the admin token is: default properties are the last place Spring looks,
        // so NOTIFIER_SECRETS_KEY or notifier.secrets.key set anywhere else wins. The embedded PostgreSQL is new
        // each start too, so no value sealed under an earlier key is left to open.
        application.setDefaultProperties(Map.of("notifier.secrets.key", randomSecretsKey()));
        // Registered first, destroyed last: the broker and the database outlive the listeners that use them.
        application.addInitializers(context -> ((DefaultListableBeanFactory) context.getBeanFactory())
                .registerDisposableBean("localInfrastructure", infrastructure));
        ConfigurableApplicationContext context;
        try {
            context = application.run(arguments.toArray(String[]::new));
        } catch (RuntimeException e) {
            try {
                infrastructure.destroy();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        loadSampleDirectory(context.getBean(Directory.class));
        printBanner(context, infrastructure);
        return context;
    }

    /** 32 random bytes in base64, as {@code openssl rand -base64 32} prints them. */
    static String randomSecretsKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static void loadSampleDirectory(Directory directory) {
        directory.saveDepartments(List.of(new DepartmentUpdated("d-1", null, "Headquarters"),
                new DepartmentUpdated("d-9", "d-1", "Finance")));
        directory.saveMembers(List.of(
                new MemberUpdated("u-1", "Bob", "+8613900139000", List.of("d-9"), List.of("finance"), true),
                new MemberUpdated("u-2", "Carol", "+8613700137001", List.of("d-9"), List.of(), true),
                new MemberUpdated("u-3", "Dave", null, List.of("d-1"), List.of(), true)));
    }

    private static void printBanner(ConfigurableApplicationContext context, LocalInfrastructure infrastructure) {
        String token = context.getBean(AdminProperties.class).token();
        SecretBox secrets = context.getBean(SecretBox.class);
        String secretsKey = secrets.canSeal() ? "id " + secrets.currentKeyId() : "none";
        String port = context.getEnvironment().getProperty("local.server.port", "8080");
        String banner = """

                ==================================================================================
                 sms-notifier is running (profile local)
                 Kafka broker     %s   (publish to %s, %s, %s, %s)
                 PostgreSQL       %s
                 SMS service      sandbox: nothing leaves this machine
                 Console          http://localhost:%s/console   (sign in with the admin token)
                 Admin token      %s
                 Secrets key      %s (random per start unless NOTIFIER_SECRETS_KEY is set)
                 Sample directory u-1 Bob, u-2 Carol (department d-9 Finance), u-3 Dave (d-1 Headquarters, no phone);
                                  u-1 holds role finance

                 Publish a sample event of each kind (from another terminal):
                   ./mvnw -q -pl notifier-events exec:java -Dexec.args=all
                 See what was sent:
                   curl -s -H 'Authorization: Bearer %s' http://localhost:%s/api/sandbox/messages
                 Health: http://localhost:%s/actuator/health      Stop: Ctrl+C
                ==================================================================================
                """.formatted(infrastructure.bootstrapServers(), Topics.APPROVAL_REACHED, Topics.APPROVAL_CC,
                Topics.LOGIN_CODE, Topics.SMS_NOTIFY, infrastructure.jdbcUrl().replaceAll("password=[^&]*", "password=****"),
                port, token, secretsKey, token, port, port);
        System.out.println(banner);
    }
}
