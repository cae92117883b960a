package io.switchboard.bootstrap;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import io.switchboard.application.archfixture.ApplicationThatKnowsJackson;
import io.switchboard.application.number.GetPhoneNumberService;
import io.switchboard.application.number.GetPhoneNumberUseCase;
import io.switchboard.application.port.archfixture.PortThatKnowsAFeature;
import io.switchboard.grpc.archfixture.AdapterThatKnowsAService;
import io.switchboard.grpc.archfixture.AdapterThatKnowsTheInterface;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule of docs/architecture.md, checked on the production classes of every module.
 * The rules of the inbound seam (adapters see use-case interfaces, never the services; output ports
 * know no feature package) are each also run over a deliberately wrong class from the test sources,
 * to show they can fail.
 */
class ArchitectureTest {

  private static final String DOMAIN = "io.switchboard.domain..";
  private static final String APPLICATION = "io.switchboard.application..";
  private static final String PERSISTENCE = "io.switchboard.persistence..";
  private static final String GRPC = "io.switchboard.grpc..";
  private static final String REST = "io.switchboard.rest..";
  private static final String BOOTSTRAP = "io.switchboard.bootstrap..";

  private static final String[] FRAMEWORKS = {
    "io.grpc..",
    "com.google.protobuf..",
    "org.jooq..",
    "java.sql..",
    "javax.sql..",
    "io.javalin..",
    "com.fasterxml.jackson..",
    "io.micrometer..",
    "io.switchboard.proto.."
  };

  private static final String PORT = "io.switchboard.application.port..";

  /**
   * Adapters call use cases through their interfaces: the service behind one is bootstrap's
   * business.
   */
  static final ArchRule ADAPTERS_SEE_NO_SERVICE =
      noClasses()
          .that()
          .resideInAnyPackage(PERSISTENCE, GRPC, REST)
          .should()
          .dependOnClassesThat(
              DescribedPredicate.and(resideInAPackage(APPLICATION), simpleNameEndingWith("Service"))
                  .as("application services"))
          .because(
              "an adapter is handed the …UseCase interfaces it calls, never a concrete service");

  /**
   * Output ports (and the query types next to them) depend on no feature package of the
   * application.
   */
  static final ArchRule PORTS_KNOW_NO_FEATURE =
      noClasses()
          .that()
          .resideInAPackage(PORT)
          .should()
          .dependOnClassesThat(
              DescribedPredicate.and(
                      resideInAPackage(APPLICATION), DescribedPredicate.not(resideInAPackage(PORT)))
                  .as("application classes outside port"))
          .because(
              "a port is implemented by adapters and fakes that must not need a use case's types");

  /**
   * Application depends on no adapter and no framework (jOOQ, gRPC, protobuf, Jackson, Javalin).
   */
  static final ArchRule APPLICATION_KNOWS_NO_ADAPTER_OR_FRAMEWORK =
      noClasses()
          .that()
          .resideInAPackage(APPLICATION)
          .should()
          .dependOnClassesThat(
              resideInAnyPackage(concat(FRAMEWORKS, PERSISTENCE, GRPC, REST, BOOTSTRAP)))
          .because("use cases are tested on fakes, without a database, a server or a wire format");

  private static JavaClasses classes;

  @BeforeAll
  static void importProductionClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // test-jars (the shared test-database fixture) are test code too
            .withImportOption((Location location) -> !location.contains("-tests.jar"))
            .importPackages("io.switchboard");
  }

  @Test
  void the_import_sees_the_modules() {
    assertThat(classes.contain(Main.class)).isTrue();
    assertThat(classes.stream().map(c -> c.getPackageName()).filter(p -> p.contains(".testing")))
        .isEmpty();
  }

  @Test
  void domain_and_application_know_no_frameworks() {
    check(
        noClasses()
            .that()
            .resideInAnyPackage(DOMAIN, APPLICATION)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(FRAMEWORKS)
            .because(
                "nothing in domain or application knows about protobuf, JSON, SQL, HTTP or metrics"));
  }

  @Test
  void domain_depends_on_no_other_layer() {
    check(
        noClasses()
            .that()
            .resideInAPackage(DOMAIN)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(APPLICATION, PERSISTENCE, GRPC, REST, BOOTSTRAP));
  }

  @Test
  void application_depends_on_no_adapter() {
    check(
        noClasses()
            .that()
            .resideInAPackage(APPLICATION)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(PERSISTENCE, GRPC, REST, BOOTSTRAP));
  }

  @Test
  void adapters_do_not_depend_on_each_other_or_on_bootstrap() {
    check(
        noClasses()
            .that()
            .resideInAPackage(PERSISTENCE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(GRPC, REST, BOOTSTRAP));
    check(
        noClasses()
            .that()
            .resideInAPackage(GRPC)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(PERSISTENCE, REST, BOOTSTRAP));
    check(
        noClasses()
            .that()
            .resideInAPackage(REST)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(PERSISTENCE, GRPC, BOOTSTRAP));
  }

  @Test
  void adapters_see_no_application_service() {
    check(ADAPTERS_SEE_NO_SERVICE);
  }

  @Test
  void output_ports_know_no_feature_package() {
    check(PORTS_KNOW_NO_FEATURE);
  }

  @Test
  void application_knows_no_adapter_and_no_framework() {
    check(APPLICATION_KNOWS_NO_ADAPTER_OR_FRAMEWORK);
  }

  @Test
  void an_adapter_that_takes_a_service_breaks_the_rule() {
    JavaClasses wrong =
        new ClassFileImporter()
            .importClasses(
                AdapterThatKnowsAService.class,
                GetPhoneNumberService.class,
                GetPhoneNumberUseCase.class);
    assertThat(ADAPTERS_SEE_NO_SERVICE.evaluate(wrong).hasViolation()).isTrue();
    assertThat(ADAPTERS_SEE_NO_SERVICE.evaluate(wrong).getFailureReport().getDetails())
        .anyMatch(line -> line.contains("GetPhoneNumberService"));
    JavaClasses right =
        new ClassFileImporter()
            .importClasses(AdapterThatKnowsTheInterface.class, GetPhoneNumberUseCase.class);
    assertThat(ADAPTERS_SEE_NO_SERVICE.evaluate(right).hasViolation()).isFalse();
  }

  @Test
  void a_port_that_imports_a_feature_type_breaks_the_rule() {
    JavaClasses wrong =
        new ClassFileImporter()
            .importClasses(PortThatKnowsAFeature.class, GetPhoneNumberUseCase.class);
    assertThat(PORTS_KNOW_NO_FEATURE.evaluate(wrong).hasViolation()).isTrue();
    assertThat(PORTS_KNOW_NO_FEATURE.evaluate(wrong).getFailureReport().getDetails())
        .anyMatch(line -> line.contains("GetPhoneNumberUseCase"));
  }

  @Test
  void an_application_class_that_knows_jackson_breaks_the_rule() {
    JavaClasses wrong = new ClassFileImporter().importClasses(ApplicationThatKnowsJackson.class);
    assertThat(APPLICATION_KNOWS_NO_ADAPTER_OR_FRAMEWORK.evaluate(wrong).hasViolation()).isTrue();
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }

  private static void check(ArchRule rule) {
    // a module may still be empty while it is being written; the rule holds for whatever it
    // contains
    rule.allowEmptyShould(true).check(classes);
  }
}
