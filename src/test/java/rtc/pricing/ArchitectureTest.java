package rtc.pricing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Which way the imports point (README "How it works"): facts ← rule platform ← catalogue and settlement ← pricing
 * (quote, packages, advice) ← ledger ← gate, with request plumbing, problems and configuration beneath them all and
 * security beside the ledger, never importing it. No package cycles, and no class but a resource uses a resource.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importTheService() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("rtc.pricing");
    }

    @Test
    void theLayersPointOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Facts").definedBy("rtc.pricing.facts..")
                .layer("Problems").definedBy("rtc.pricing.problem..")
                .layer("Config").definedBy("rtc.pricing.config..")
                .layer("Platform").definedBy("rtc.pricing.rules..")
                .layer("Plumbing").definedBy("rtc.pricing.http..")
                .layer("Catalogue").definedBy("rtc.pricing.catalogue..", "rtc.pricing.settle..")
                .layer("Pricing").definedBy("rtc.pricing.quote..", "rtc.pricing.packages..", "rtc.pricing.advice..")
                .layer("Security").definedBy("rtc.pricing.security..")
                .layer("Ledger").definedBy("rtc.pricing.ledger..")
                .layer("Gate").definedBy("rtc.pricing.gate..")

                .whereLayer("Gate").mayNotBeAccessedByAnyLayer()
                .whereLayer("Ledger").mayOnlyBeAccessedByLayers("Gate")
                .whereLayer("Security").mayOnlyBeAccessedByLayers("Ledger", "Gate")
                .whereLayer("Pricing").mayOnlyBeAccessedByLayers("Ledger", "Gate")
                .whereLayer("Catalogue").mayOnlyBeAccessedByLayers("Pricing", "Ledger", "Gate")
                .whereLayer("Plumbing").mayOnlyBeAccessedByLayers("Pricing", "Security", "Ledger", "Gate")
                .whereLayer("Platform").mayOnlyBeAccessedByLayers("Plumbing", "Catalogue", "Pricing", "Ledger",
                        "Gate")
                // The rule platform knows no facts: the gate tells it which package the rules may use.
                .whereLayer("Facts").mayOnlyBeAccessedByLayers("Catalogue", "Pricing", "Ledger", "Gate")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("rtc.pricing.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void pricingNeverImportsTheLedger() {
        noClasses().that().resideInAnyPackage("rtc.pricing.quote..", "rtc.pricing.packages..",
                "rtc.pricing.advice..", "rtc.pricing.catalogue..", "rtc.pricing.settle..")
                .should().dependOnClassesThat().resideInAPackage("rtc.pricing.ledger..").check(classes);
    }

    @Test
    void onlyResourcesUseResources() {
        noClasses().that().haveSimpleNameNotEndingWith("Resource")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("rtc.pricing..")
                        .and(JavaClass.Predicates.simpleNameEndingWith("Resource")))
                .check(classes);
    }
}
