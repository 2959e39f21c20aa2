package tracker.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tracker.app.Tracker;
import tracker.core.Actor;
import tracker.legacy.LegacyImporter;

/** {@code import-legacy OLD.db}: the legacy raw-SQL tracker's data, in one transaction, with a report. */
@Command(name = "import-legacy", mixinStandardHelpOptions = true,
    description = {"Import a legacy implementation_tracker.db (opened read-only, never changed) in one transaction.",
        "Rows that cannot be imported are skipped and listed with their table, old id and reason;",
        "the report ends with '<table>: <imported> imported, <skipped> skipped' for each table.",
        "Exit 0 on success, 1 when the import failed or was aborted (nothing is written then)."})
public final class ImportLegacyCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "OLD.db", description = "the legacy database file")
  Path legacyFile;

  @Option(names = "--dry-run", description = "Write nothing; print the same report.")
  boolean dryRun;

  @Option(names = "--strict", description = "Abort at the first row that cannot be imported; nothing is written.")
  boolean strict;

  @Mixin
  DatabaseOptions database;

  @Override
  public Integer call() throws Exception {
    String url = database.jdbcUrl();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Actor.set("import-legacy");
    try (Tracker tracker = Tracker.open(url)) {
      LegacyImporter.Outcome outcome = tracker.legacy().run(legacyFile, dryRun, strict,
          new ProgressPrinter(err, System.console() != null));
      outcome.report().text().forEach(out::println);
      out.flush();
      if (strict && !outcome.written() && !dryRun) {
        err.println("tracker: import aborted (--strict) at " + outcome.abortedBecause() + "; nothing was written");
        return 1;
      }
      if (dryRun) {
        out.println("Dry run: nothing was written.");
      }
      return 0;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
