package dev.uplink.cli.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.uplink.core.CaseMapping;
import dev.uplink.core.connect.Connector;
import dev.uplink.core.connect.Request;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module map and package rules of docs/architecture.md, checked over the main classes of every
 * module (this module has them all on its class path), so the map stays true as the code changes.
 */
class ArchitectureTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        // Other modules come from target/classes under 'mvn test' and from their jars under 'mvn verify';
        // test classes from target/test-classes or a -tests.jar (the shared test harnesses) are left out.
        ImportOption mainOnly = location -> !location.contains("/test-classes/") && !location.contains("-tests.jar");
        main = new ClassFileImporter().withImportOption(mainOnly).importPackages("dev.uplink");
        // A rule over an empty import passes vacuously: make sure every module was seen.
        for (String module : List.of("core", "analyzer", "sensor", "collector", "cli")) {
            assertTrue(
                    main.stream().anyMatch(c -> c.getPackageName().startsWith("dev.uplink." + module)),
                    "no main classes of module " + module + " were imported");
        }
    }

    @Test
    void dependenciesPointDownFromCliThroughTheModulesToCore() {
        ArchRule rule = layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("cli")
                .definedBy("dev.uplink.cli..")
                .layer("sensor")
                .definedBy("dev.uplink.sensor..")
                .layer("analyzer")
                .definedBy("dev.uplink.analyzer..")
                .layer("collector")
                .definedBy("dev.uplink.collector..")
                .layer("lab")
                .definedBy("dev.uplink.lab..")
                .layer("core")
                .definedBy("dev.uplink.core..")
                .whereLayer("cli")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("sensor")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("analyzer")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("collector")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("lab")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("core")
                .mayOnlyBeAccessedByLayers("cli", "sensor", "analyzer", "collector", "lab")
                .allowEmptyShould(true);
        rule.check(main);
    }

    @Test
    void coreDependsOnNoOtherModule() {
        noClasses()
                .that()
                .resideInAPackage("dev.uplink.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.uplink.analyzer..",
                        "dev.uplink.sensor..",
                        "dev.uplink.collector..",
                        "dev.uplink.lab..",
                        "dev.uplink.cli..")
                .check(main);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.uplink.(*).(*)..").should().beFreeOfCycles().check(main);
    }

    /** The collector is the service: it never reaches out through routes, proxies or PAC like a device does. */
    @Test
    void collectorHasNoDeviceSideClasses() {
        noClasses()
                .that()
                .resideInAPackage("dev.uplink.collector..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.uplink.core.call..",
                        "dev.uplink.core.connect..",
                        "dev.uplink.core.route..",
                        "dev.uplink.core.autoconfig..",
                        "dev.uplink.core.pac..",
                        "dev.uplink.core.wpad..",
                        "dev.uplink.core.config..")
                .check(main);
    }

    @Test
    void pacIsTheEngineAlone() {
        noClasses()
                .that()
                .resideInAPackage("dev.uplink.core.pac..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.uplink.core.autoconfig..",
                        "dev.uplink.core.wpad..",
                        "dev.uplink.core.call..",
                        "dev.uplink.core.connect..",
                        "dev.uplink.core.config..")
                .check(main);
    }

    @Test
    void routeResolutionDoesNotConnect() {
        noClasses()
                .that()
                .resideInAPackage("dev.uplink.core.route..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.uplink.core.connect..", "dev.uplink.core.call..")
                .check(main);
    }

    /** One owner of "resolve, connect, report back": only the routed call tries route lists. */
    @Test
    void onlyTheRoutedCallTriesRouteLists() {
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.uplink.core.call..", "dev.uplink.core.connect..")
                .should()
                .callMethod(Connector.class, "execute", Request.class, List.class)
                .orShould()
                .callMethod(Connector.class, "execute", Request.class, dev.uplink.core.route.Route.class)
                .check(main);
    }

    /** Every HTTP exchange goes through the Connector, so every failure gets a Diagnosis. */
    @Test
    void noOtherHttpClient() {
        noClasses()
                .that()
                .resideInAPackage("dev.uplink..")
                .and()
                .resideOutsideOfPackage("dev.uplink.lab..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.net.http..")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.net.HttpURLConnection")
                .check(main);
    }

    /**
     * String.toLowerCase/toUpperCase are quadratic on some outside input on Java 17 and depend on the
     * default locale without one: main code case-maps through CaseMapping
     * (docs/behaviour.md#case-mapping-of-input).
     */
    @Test
    void caseMappingGoesThroughCaseMapping() {
        noClasses()
                .that()
                .resideInAPackage("dev.uplink..")
                .and()
                .doNotHaveFullyQualifiedName(CaseMapping.class.getName())
                .should()
                .callMethod(String.class, "toLowerCase", Locale.class)
                .orShould()
                .callMethod(String.class, "toUpperCase", Locale.class)
                .orShould()
                .callMethod(String.class, "toLowerCase")
                .orShould()
                .callMethod(String.class, "toUpperCase")
                .check(main);
    }
}
