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
import tracker.Tracker;
import tracker.db.DataTransfer;

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

    @Override
    public Integer call() throws Exception {
      try (Tracker tracker = Tracker.open(database.jdbcUrl())) {
        spec.commandLine().getOut().println(run(new DataTransfer(tracker.database())));
        return 0;
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
    String run(DataTransfer transfer) throws Exception {
      if (Files.exists(file)) {
        throw new IllegalArgumentException(file + " already exists; choose a new file");
      }
      return "Exported " + transfer.export(file) + " rows to " + file;
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Read a FILE.json written by export, in one transaction. Into an empty database the ids are"
          + " kept; into one with data the rows are added with new ids.")
  public static final class Import extends Transfer {
    @Override
    String run(DataTransfer transfer) throws Exception {
      return "Imported " + transfer.importFrom(file) + " rows from " + file;
    }
  }
}
