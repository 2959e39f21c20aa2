package tracker.db;

import io.ebean.annotation.Platform;
import io.ebean.dbmigration.DbMigration;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the next schema migration for SQLite and PostgreSQL from the entity model into
 * {@code dbmigration/}, diffing against {@code dbmigration/model}. Run on request (see README):
 * {@code mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=tracker.db.GenerateMigration -Dexec.args="NAME"}.
 */
public final class GenerateMigration {

  private GenerateMigration() {}

  public static void main(String[] args) throws IOException {
    String name = args.length > 0 ? args[0] : "change";
    String version = generate(Path.of("."), name);
    System.out.println(version == null ? "No change in the model: nothing generated." : "Generated migration " + version);
  }

  /** Generates into {@code base/dbmigration}; answers the new version, or null when the model is unchanged. */
  public static String generate(Path base, String name) throws IOException {
    DbMigration migration = DbMigration.create();
    migration.setPathToResources(base.toString());
    migration.setMigrationPath("dbmigration");
    migration.addPlatform(Platform.SQLITE);
    migration.addPlatform(Platform.POSTGRES);
    migration.setName(name);
    migration.setIncludeIndex(true);
    return migration.generateMigration();
  }
}
