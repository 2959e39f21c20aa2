package tracker.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tracker.app.Tracker;
import tracker.transfer.DataTransfer;

/** {@code export FILE.json} and {@code import FILE.json}: the whole database as JSON and back. */
public final class TransferCommands {

  private TransferCommands() {}

  /** Shared by both commands: the file, the database, and the way errors are reported. */
  abstract static class Transfer implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.json")
    Path file;

    @Mixin
    DatabaseOptions database;

    abstract String run(DataTransfer transfer) throws Exception;

    /** The database to work on; export reads an existing one only. */
    abstract String jdbcUrl();

    /** What to check before the database is opened. */
    void before() throws Exception {
    }

    @Override
    public Integer call() throws Exception {
      try {
        before();
        try (Tracker tracker = Tracker.open(jdbcUrl())) {
          spec.commandLine().getOut().println(run(tracker.transfer()));
          return 0;
        }
      } catch (DataTransfer.Refused refused) {
        spec.commandLine().getErr().println("tracker: " + refused.getMessage());
        refused.problems().forEach(problem -> spec.commandLine().getErr().println("  " + problem));
        return 1;
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
  }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Write the whole database (tasks, dependencies, progress, comments, groups, group tasks, logs)"
          + " to FILE.json, with a format version.")
  public static final class Export extends Transfer {
    @Override
    String jdbcUrl() {
      return database.existingJdbcUrl();
    }

    @Override
    String run(DataTransfer transfer) throws Exception {
      if (Files.exists(file)) {
        throw new IllegalArgumentException(file + " already exists; choose a new file");
      }
      return "Exported " + transfer.export(file) + " rows to " + file;
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Read a FILE.json written by export, in one transaction, after checking it by the rules of the"
          + " API (a file that breaks one is refused whole, naming the rows). Into an empty database the ids are"
          + " kept; into one with data the rows are added with new ids and each task gets an 'imported' entry.")
  public static final class Import extends Transfer {
    private DataTransfer.Checked checked;

    @Override
    String jdbcUrl() {
      return database.jdbcUrl();
    }

    @Override
    void before() throws Exception {
      checked = DataTransfer.read(file);
    }

    @Override
    String run(DataTransfer transfer) throws Exception {
      return "Imported " + transfer.importFrom(checked) + " rows from " + file;
    }
  }
}
