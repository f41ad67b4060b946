package io.smsnotifier.worker;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The worker's packages as Spring Modulith modules: each top-level package beneath {@code io.smsnotifier.worker}
 * is a module whose public types are its API, and no modules depend on each other in a circle.
 */
class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(NotifierApplication.class);

    @Test
    void everyModuleUsesOnlyTheOthersPublicTypesAndNoModulesDependOnEachOtherInACircle() {
        modules.verify();
    }

    /** Rewrites {@code docs/modules} (component diagrams and one canvas per module), so that it stays true. */
    @Test
    void writesTheModuleDocumentation() {
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder("../docs/modules"))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
    }
}
