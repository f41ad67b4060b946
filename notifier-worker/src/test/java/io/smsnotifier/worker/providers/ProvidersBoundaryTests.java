package io.smsnotifier.worker.providers;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The adapters depend on the port and nothing else of the root; the root names no adapter. Read from the
 * sources, so that a new dependency shows up here before it becomes a loop.
 */
class ProvidersBoundaryTests {

    private static final Path ROOT = Path.of("src/main/java/io/smsnotifier/worker/providers");
    private static final Set<String> ADAPTERS = Set.of("aliyun", "tencent", "webhook", "sandbox");
    /** What an adapter may use of the root. */
    private static final Set<String> PORT = Set.of("SmsProvider", "SmsProviderFactory", "ServiceSettings", "ServiceSetting",
            "SmsServicesProperties", "OutgoingSms", "SendResult", "ProviderFailure", "FailureClass", "OutId",
            "ParamLimits", "VendorEndpoint", "DestinationPolicy",
            "HandsetReports", "SentMessage", "PulledReport", "ReceiptMode", "TemplateReview");
    private static final Pattern ROOT_TYPE = Pattern.compile("io\\.smsnotifier\\.worker\\.providers\\.([A-Z]\\w*)");
    private static final Pattern ADAPTER_TYPE =
            Pattern.compile("io\\.smsnotifier\\.worker\\.providers\\.(aliyun|tencent|webhook|sandbox)\\.");

    @Test
    void adaptersUseOnlyThePortOfTheRoot() throws IOException {
        List<String> violations = new ArrayList<>();
        for (String adapter : ADAPTERS) {
            for (Path source : sources(ROOT.resolve(adapter))) {
                Matcher used = ROOT_TYPE.matcher(Files.readString(source));
                while (used.find()) {
                    if (!PORT.contains(used.group(1))) {
                        violations.add(source.getFileName() + " uses " + used.group(1));
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void theRootNamesNoAdapter() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.list(ROOT)) {
            for (Path source : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                String text = Files.readString(source);
                if (ADAPTER_TYPE.matcher(text).find()) {
                    violations.add(source.getFileName().toString());
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    private static List<Path> sources(Path directory) throws IOException {
        assertThat(directory).isDirectory();
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(path -> path.toString().endsWith(".java")).toList();
        }
    }
}
