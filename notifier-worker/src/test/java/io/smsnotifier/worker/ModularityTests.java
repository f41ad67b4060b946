package io.smsnotifier.worker;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The worker's packages as Spring Modulith modules: each top-level package beneath {@code io.smsnotifier.worker}
 * is a module whose public types are its API, and no modules depend on each other in a circle.
 */
class ModularityTests {

    private static final Path GENERATED = Path.of("target/modules");
    private static final Path DOCS = Path.of("../docs/modules");

    private final ApplicationModules modules = ApplicationModules.of(NotifierApplication.class);

    @Test
    void everyModuleUsesOnlyTheOthersPublicTypesAndNoModulesDependOnEachOtherInACircle() {
        modules.verify();
    }

    /** Rewrites {@code docs/modules} (component diagrams and one canvas per module), so that it stays true. */
    @Test
    void writesTheModuleDocumentation() throws IOException {
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder(GENERATED.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
        Files.createDirectories(DOCS);
        try (Stream<Path> files = Files.list(GENERATED)) {
            for (Path file : files.toList()) {
                Files.write(DOCS.resolve(file.getFileName()), inStableOrder(Files.readAllLines(file)));
            }
        }
    }

    /**
     * Components and relations come in the order the classes were scanned; each run of them sorted, the documents
     * change only with the code.
     */
    private static List<String> inStableOrder(List<String> lines) {
        List<String> sorted = new ArrayList<>(lines.size());
        List<String> run = new ArrayList<>();
        for (String line : lines) {
            if (sortable(line) && (run.isEmpty() || kind(run.getFirst()).equals(kind(line)))) {
                run.add(line);
                continue;
            }
            run.sort(null);
            sorted.addAll(run);
            run.clear();
            if (sortable(line)) {
                run.add(line);
            } else {
                sorted.add(line);
            }
        }
        run.sort(null);
        sorted.addAll(run);
        return sorted;
    }

    private static boolean sortable(String line) {
        return line.startsWith("Rel(") || line.strip().startsWith("Component(");
    }

    private static String kind(String line) {
        return line.strip().substring(0, line.strip().indexOf('('));
    }
}
