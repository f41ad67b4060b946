package io.smsnotifier.it;

import io.smsnotifier.worker.NotifierApplication;
import io.smsnotifier.worker.providers.sandbox.SandboxMessage;
import io.smsnotifier.worker.providers.sandbox.SandboxOutbox;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.List;

/**
 * The worker as it runs in production, on a real Kafka broker (KRaft, in this JVM) and real PostgreSQL, with
 * the sandbox SMS service and the templates of {@code application-it.yaml}. Every subclass shares one context
 * (one broker, one database): tests keep apart by using their own event ids. The console tests
 * ({@code io.smsnotifier.it.console.ConsoleBrowserTest}) share it too.
 */
@SpringBootTest(classes = NotifierApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@ActiveProfiles("it")
public abstract class WorkerIntegrationTest extends EmbeddedWorkerTest {

    @Autowired
    protected SandboxOutbox sandbox;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestPostgres::freshDatabaseUrl);
    }

    /** What the sandbox services were given for {@code eventId}. */
    protected List<SandboxMessage> sandboxMessages(String eventId) {
        return sandbox.newestFirst(Integer.MAX_VALUE).stream()
                .filter(message -> message.eventId().equals(eventId))
                .toList();
    }
}
