package tracker.db;

import io.ebean.annotation.Platform;
import io.ebean.dbmigration.DbMigration;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

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

  /**
   * Generates into {@code base/dbmigration}; answers the new version, or null when the model is
   * unchanged. The index files are rewritten either way, so hand-written repeatable migrations
   * ({@code R__*.sql}, e.g. the text-search index) are listed with their checksums.
   */
  public static String generate(Path base, String name) throws IOException {
    String version = generateFromModel(base, name);
    for (String platform : new String[] {"sqlite", "postgres"}) {
      writeIndex(base.resolve("dbmigration").resolve(platform), platform);
    }
    return version;
  }

  private static String generateFromModel(Path base, String name) throws IOException {
    DbMigration migration = DbMigration.create();
    migration.setPathToResources(base.toString());
    migration.setMigrationPath("dbmigration");
    migration.addPlatform(Platform.SQLITE);
    migration.addPlatform(Platform.POSTGRES);
    migration.setName(name);
    migration.setIncludeIndex(true);
    return migration.generateMigration();
  }

  /** The index ebean-migration reads from the classpath: "checksum, file" for every migration, in order. */
  static void writeIndex(Path folder, String platform) throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(folder)) {
      files = listing.filter(f -> f.toString().endsWith(".sql")).sorted(MIGRATION_ORDER).toList();
    }
    StringBuilder index = new StringBuilder();
    for (Path file : files) {
      int checksum = checksum(Files.readString(file));
      index.append(String.format("%d, %s%n", checksum, file.getFileName()));
    }
    Files.writeString(folder.resolve("idx_" + platform + ".migrations"), index.toString());
  }

  /** Versioned migrations by version, then repeatable ones by name. */
  private static final Comparator<Path> MIGRATION_ORDER = Comparator
      .comparing((Path f) -> f.getFileName().toString().startsWith("R__"))
      .thenComparing(f -> versionKey(f.getFileName().toString()));

  private static String versionKey(String file) {
    if (file.startsWith("R__")) {
      return file;
    }
    StringBuilder key = new StringBuilder();
    for (String part : file.substring(0, file.indexOf("__")).split("\\.")) {
      key.append(String.format("%08d", Integer.parseInt(part)));
    }
    return key.toString();
  }

  /** ebean-migration's own checksum (package-private there), so the runner agrees with the index. */
  private static int checksum(String content) {
    try {
      Class<?> type = Class.forName("io.ebean.migration.runner.Checksum");
      Method calculate = type.getDeclaredMethod("calculate", String.class);
      calculate.setAccessible(true);
      return (int) calculate.invoke(null, content);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("ebean-migration's checksum is not reachable", e);
    }
  }
}
