package io.switchboard.bootstrap;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/** The dependency rule of ARCHITECTURE.md §1, checked on the production classes of every module. */
class ArchitectureTest {

    private static final String DOMAIN = "io.switchboard.domain..";
    private static final String APPLICATION = "io.switchboard.application..";
    private static final String PERSISTENCE = "io.switchboard.persistence..";
    private static final String GRPC = "io.switchboard.grpc..";
    private static final String REST = "io.switchboard.rest..";
    private static final String BOOTSTRAP = "io.switchboard.bootstrap..";

    private static final String[] FRAMEWORKS = {
            "io.grpc..", "com.google.protobuf..", "org.jooq..", "java.sql..", "javax.sql..",
            "io.javalin..", "com.fasterxml.jackson..", "io.micrometer..", "io.switchboard.proto.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // test-jars (the shared test-database fixture) are test code too
                .withImportOption((Location location) -> !location.contains("-tests.jar"))
                .importPackages("io.switchboard");
    }

    @Test
    void the_import_sees_the_modules() {
        assertThat(classes.contain(Main.class)).isTrue();
        assertThat(classes.stream().map(c -> c.getPackageName()).filter(p -> p.contains(".testing"))).isEmpty();
    }

    @Test
    void domain_and_application_know_no_frameworks() {
        check(noClasses().that().resideInAnyPackage(DOMAIN, APPLICATION)
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
                .because("nothing in domain or application knows about protobuf, JSON, SQL, HTTP or metrics"));
    }

    @Test
    void domain_depends_on_no_other_layer() {
        check(noClasses().that().resideInAPackage(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage(APPLICATION, PERSISTENCE, GRPC, REST, BOOTSTRAP));
    }

    @Test
    void application_depends_on_no_adapter() {
        check(noClasses().that().resideInAPackage(APPLICATION)
                .should().dependOnClassesThat().resideInAnyPackage(PERSISTENCE, GRPC, REST, BOOTSTRAP));
    }

    @Test
    void adapters_do_not_depend_on_each_other_or_on_bootstrap() {
        check(noClasses().that().resideInAPackage(PERSISTENCE)
                .should().dependOnClassesThat().resideInAnyPackage(GRPC, REST, BOOTSTRAP));
        check(noClasses().that().resideInAPackage(GRPC)
                .should().dependOnClassesThat().resideInAnyPackage(PERSISTENCE, REST, BOOTSTRAP));
        check(noClasses().that().resideInAPackage(REST)
                .should().dependOnClassesThat().resideInAnyPackage(PERSISTENCE, GRPC, BOOTSTRAP));
    }

    private static void check(ArchRule rule) {
        // a module may still be empty while it is being written; the rule holds for whatever it contains
        rule.allowEmptyShould(true).check(classes);
    }
}
