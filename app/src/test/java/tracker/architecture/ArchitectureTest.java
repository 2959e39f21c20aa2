package tracker.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The house's shape: packages form no cycle; the app assembly ({@code tracker.app}, the command
 * line) sits on top, features below it, and the pure code at the bottom imports nothing of the app.
 */
class ArchitectureTest {

  static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("tracker");

  @Test
  void the_packages_form_no_cycle() {
    slices().matching("tracker.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void services_and_pure_code_never_import_javalin() {
    noClasses().that().haveSimpleNameEndingWith("Service").or().resideInAnyPackage("tracker.graph..",
            "tracker.core..", "tracker.domain..", "tracker.db..")
        .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..")
        .check(CLASSES);
  }

  @Test
  void the_graph_imports_nothing_of_the_app() {
    noClasses().that().resideInAPackage("tracker.graph..")
        .should().dependOnClassesThat().resideInAnyPackage("tracker.app..", "tracker.web..", "tracker.tasks..",
            "tracker.plan..", "tracker.groups..", "tracker.activity..", "tracker.db..", "tracker.domain..",
            "tracker.core..", "tracker.cli..", "tracker.client..", "tracker.legacy..", "tracker.transfer..",
            "io.ebean..", "io.javalin..")
        .check(CLASSES);
  }

  @Test
  void entities_import_nothing_above_them() {
    noClasses().that().resideInAPackage("tracker.domain..")
        .should().dependOnClassesThat().resideInAnyPackage("tracker.app..", "tracker.web..", "tracker.tasks..",
            "tracker.plan..", "tracker.groups..", "tracker.activity..", "tracker.db..", "tracker.core..",
            "tracker.cli..", "tracker.client..", "tracker.legacy..", "tracker.transfer..", "tracker.team..")
        .check(CLASSES);
  }

  @Test
  void nothing_below_the_assembly_depends_on_it() {
    noClasses().that().resideOutsideOfPackages("tracker.app..", "tracker.cli..")
        .should().dependOnClassesThat().resideInAnyPackage("tracker.app..", "tracker.cli..")
        .check(CLASSES);
  }

  @Test
  void the_web_helpers_know_no_feature() {
    noClasses().that().resideInAPackage("tracker.web..")
        .should().dependOnClassesThat().resideInAnyPackage("tracker.tasks..", "tracker.plan..", "tracker.groups..",
            "tracker.activity..", "tracker.legacy..", "tracker.transfer..", "tracker.team..")
        .check(CLASSES);
  }
}
