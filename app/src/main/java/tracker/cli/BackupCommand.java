package tracker.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tracker.db.Backups;
import tracker.db.DatabaseKind;

/** {@code backup FILE}: a consistent copy of a live SQLite database (the server may keep running). */
@Command(name = "backup", mixinStandardHelpOptions = true,
    description = "Write a consistent copy of the database to FILE, even while the server is writing.")
public final class BackupCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "the copy to write; must not exist yet")
  Path target;

  @Mixin
  DatabaseOptions database;

  @Override
  public Integer call() throws Exception {
    String url = database.existingJdbcUrl();
    if (DatabaseKind.of(url) != DatabaseKind.SQLITE) {
      throw new ParameterException(spec.commandLine(),
          "backup copies SQLite databases; back up PostgreSQL with pg_dump");
    }
    Path source = Backups.sqliteFile(url);
    try {
      Backups.copy(source, target);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    spec.commandLine().getOut().println("Backed up " + source + " to " + target);
    return 0;
  }
}
