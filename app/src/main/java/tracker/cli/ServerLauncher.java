package tracker.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs {@code serve} in a JVM of its own, started with what a running JVM cannot give itself:
 * <ul>
 *   <li>a class-data archive (Java's AppCDS) of the classes the server loads, kept per jar and JDK in
 *       the user's cache and written by the first server when it stops: later starts map some 6,000
 *       classes from it instead of reading and verifying them from the jar;</li>
 *   <li>memory settings for a local tool: the serial collector, a heap that starts small and grows
 *       to at most 512 MB, two malloc arenas, and native memory handed back to the system every few
 *       seconds, so that memory a burst took goes back.</li>
 * </ul>
 * Options the operator gives Java come after these and win. This process only waits: it hands the
 * server SIGTERM and Ctrl-C and exits with its code, and the server stops at once if this process is
 * killed (its standard input, a pipe from here, ends). {@code TRACKER_ONE_PROCESS=true} serves in
 * this JVM as it was started.
 */
final class ServerLauncher {

  /** Set on the server's JVM, so that it serves rather than launching again. */
  static final String LAUNCHED = "tracker.launched";
  /**
   * The heap a server gets unless the operator chose its size: room for 100k tasks under load,
   * starting small. The live data of 100k tasks is about 50 MB; the JVM's default start, a 64th of
   * the machine's memory (384 MB here), let the heap's young half alone reach 128 MB.
   */
  static final List<String> DEFAULT_HEAP = List.of("-Xms64m", "-Xmx512m");
  /**
   * The collector unless the operator chose one. On a heap this size the serial collector's
   * pauses are a few milliseconds (a whole collection, rare, some 70 ms) and it keeps no
   * per-region tables: G1's took 50 MB, and its heap under the same load grew to 380 MB.
   */
  static final String DEFAULT_COLLECTOR = "-XX:+UseSerialGC";
  /**
   * Hands memory that malloc holds free back to the system: added where this JVM offers the flag
   * (a product flag in recent JDK 17 updates such as 17.0.15; where it is still experimental and
   * locked, it is left out).
   */
  static final String TRIM_NATIVE_HEAP = "TrimNativeHeapInterval";

  private ServerLauncher() {}

  /** The server's exit code once it has run in its own JVM; empty when it should run in this one. */
  static OptionalInt launch(String[] args) {
    if (System.getProperty(LAUNCHED) != null || "true".equalsIgnoreCase(System.getenv("TRACKER_ONE_PROCESS"))) {
      return OptionalInt.empty();
    }
    Path jar = runningJar();
    Path launcherJava = Path.of(System.getProperty("java.home"), "bin", "java");
    if (jar == null || !Files.isExecutable(launcherJava)) {
      return OptionalInt.empty(); // from classes (the tests), or a JDK laid out unlike any we know
    }
    List<String> chosen = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
    List<String> command = new ArrayList<>(List.of(launcherJava.toString(), "-D" + LAUNCHED + "=true"));
    Archive archive = chosen.stream().anyMatch(o -> o.startsWith("-Xshare") || o.contains("SharedArchiveFile")
        || o.contains("ArchiveClassesAtExit")) ? null : Archive.of(jar);
    if (archive != null) {
      command.addAll(archive.options());
    }
    if (chosen.stream().noneMatch(o -> o.startsWith("-Xmx") || o.startsWith("-Xms") || o.contains("HeapSize")
        || o.contains("RAMPercentage") || o.contains("RAMFraction") || o.contains("MaxRAM"))) {
      command.addAll(DEFAULT_HEAP);
    }
    if (chosen.stream().noneMatch(o -> o.matches("-XX:[+-]Use(Serial|Parallel|ParallelOld|G1|Z|Shenandoah|Epsilon"
        + "|ConcMarkSweep)GC"))) {
      command.add(DEFAULT_COLLECTOR);
    }
    command.addAll(chosen);
    // after the operator's options: where the flag is still experimental, their unlock comes first
    if (chosen.stream().noneMatch(o -> o.contains(TRIM_NATIVE_HEAP)) && jvmHas(TRIM_NATIVE_HEAP)) {
      command.add("-XX:" + TRIM_NATIVE_HEAP + "=5000");
    }
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.INHERIT)
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    Map<String, String> environment = builder.environment();
    environment.putIfAbsent("MALLOC_ARENA_MAX", "2");
    Process server;
    try {
      server = builder.start();
    } catch (IOException cannot) {
      return OptionalInt.empty();
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // SIGTERM, through the handle: Process.destroy() would also close the pipe, which the server takes for a kill
      server.toHandle().destroy(); // the server stops as it would on its own (requests finish, the WAL is checkpointed)
      try {
        if (!server.waitFor(60, TimeUnit.SECONDS)) {
          server.destroyForcibly();
        }
        int code = server.waitFor();
        if (archive != null) {
          archive.keep(code);
        }
        Runtime.getRuntime().halt(code);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "server-stop"));
    try {
      return OptionalInt.of(server.waitFor());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalInt.of(1);
    }
  }

  /** Whether this JVM (the same java the server runs on) knows the option. */
  static boolean jvmHas(String option) {
    try {
      java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
          .getVMOption(option);
      return true;
    } catch (IllegalArgumentException unknown) {
      return false;
    }
  }

  /** The jar this class was loaded from, or null when it was not loaded from a jar. */
  private static Path runningJar() {
    try {
      Path location = Path.of(ServerLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isRegularFile(location) && location.toString().endsWith(".jar") ? location.toAbsolutePath() : null;
    } catch (Exception unknown) {
      return null;
    }
  }

  /**
   * When the server was launched, it stops if the launcher goes: its standard input is a pipe from
   * the launcher, which ends only when the launcher's process does (killed, say, with SIGKILL).
   */
  static void stopWithTheLauncher() {
    if (System.getProperty(LAUNCHED) == null) {
      return;
    }
    Thread watch = new Thread(() -> {
      try (InputStream launcher = System.in) {
        while (launcher.read() >= 0) {
          // the launcher writes nothing: any byte is ignored
        }
      } catch (IOException ended) {
        // as good as the end
      }
      Runtime.getRuntime().halt(137); // as the launcher went: at once, like SIGKILL (acknowledged writes are committed)
    }, "launcher-watch");
    watch.setDaemon(true);
    watch.start();
  }

  /** The class-data archive of one jar on one JDK. */
  private record Archive(Path file, Path writing) {

    /** Null when the user's cache cannot hold one or the JDK has no base archive to build on. */
    static Archive of(Path jar) {
      Path home = Path.of(System.getProperty("java.home"));
      if (!Files.isRegularFile(home.resolve("lib/server/classes.jsa"))) {
        return null; // a dynamic archive extends the JDK's own; without it the JVM would not start
      }
      String cache = System.getenv("XDG_CACHE_HOME");
      Path dir = cache != null && !cache.isBlank() ? Path.of(cache)
          : Path.of(System.getProperty("user.home"), ".cache");
      dir = dir.resolve("implementation-tracker");
      try {
        Files.createDirectories(dir);
        String identity = jar + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis() + "|"
            + home + "|" + System.getProperty("java.vm.version");
        String name = "server-" + prefix(jar) + "-" + Integer.toHexString(identity.hashCode()) + ".jsa";
        return new Archive(dir.resolve(name), dir.resolve(name + "." + ProcessHandle.current().pid() + ".writing"));
      } catch (IOException | RuntimeException unusable) {
        return null;
      }
    }

    /** Names the archive's jar, so that a new version of the jar replaces the old one's archive. */
    private static String prefix(Path jar) {
      return Integer.toHexString(jar.toString().hashCode());
    }

    /** Read the archive when there is one; else write one when the server stops. */
    List<String> options() {
      List<String> options = new ArrayList<>(List.of("-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
      options.add(Files.isRegularFile(file) ? "-XX:SharedArchiveFile=" + file : "-XX:ArchiveClassesAtExit=" + writing);
      return options;
    }

    /** After a clean stop, the archive written becomes the one read; older ones of the same jar go. */
    void keep(int exitCode) {
      try {
        if (exitCode == 0 && Files.size(writing) > 0) {
          Files.move(writing, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
          String same = file.getFileName().toString().substring(0, file.getFileName().toString().lastIndexOf('-'));
          try (Stream<Path> others = Files.list(file.getParent())) {
            others.filter(p -> p.getFileName().toString().startsWith(same) && !p.equals(file)
                && p.getFileName().toString().endsWith(".jsa")).forEach(Archive::delete);
          }
        }
      } catch (IOException | RuntimeException notWritten) {
        // the next start writes one again
      } finally {
        delete(writing);
      }
    }

    private static void delete(Path path) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException ignored) {
        // a leftover file in a cache folder
      }
    }
  }
}
