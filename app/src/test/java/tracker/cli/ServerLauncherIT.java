package tracker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar tracker.jar serve} runs the server in a JVM of its own (ServerLauncher): with a
 * class archive written by the first server and read by the next, the operator's Java options
 * passed on, SIGTERM handed over, and no server left behind when the launcher is killed.
 */
class ServerLauncherIT {

  @TempDir
  Path dir;

  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private Process start(int port, List<String> javaOptions, String... env) throws Exception {
    List<String> command = new ArrayList<>(List.of("java"));
    command.addAll(javaOptions);
    command.addAll(List.of("-jar", ServeJarIT.JAR.toAbsolutePath().toString(), "serve", "--db",
        dir.resolve("t.db").toString(), "--port", String.valueOf(port)));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve("out.log").toFile())
        .redirectError(dir.resolve("err.log").toFile());
    builder.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
    for (int i = 0; i < env.length; i += 2) {
      builder.environment().put(env[i], env[i + 1]);
    }
    Process launcher = builder.start();
    ServeJarIT.awaitHealth(http, port);
    return launcher;
  }

  private static ProcessHandle server(Process launcher) {
    return launcher.descendants().findFirst().orElseThrow(() -> new AssertionError("no server JVM under the launcher"));
  }

  private static String commandLine(ProcessHandle process) throws Exception {
    return Files.readString(Path.of("/proc", String.valueOf(process.pid()), "cmdline")).replace('\0', ' ');
  }

  private List<Path> archives() throws Exception {
    Path cache = dir.resolve("cache/implementation-tracker");
    if (!Files.isDirectory(cache)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(cache)) {
      return files.toList();
    }
  }

  @Test
  void the_first_server_writes_a_class_archive_that_the_next_one_reads() throws Exception {
    int port = ServeJarIT.freePort();
    Process first = start(port, List.of());
    assertThat(commandLine(server(first))).contains("-XX:ArchiveClassesAtExit=", "-Xms64m", "-Xmx512m",
        "-XX:+UseSerialGC");
    if (ServerLauncher.jvmHas(ServerLauncher.TRIM_NATIVE_HEAP)) { // the same java runs the server
      assertThat(commandLine(server(first))).contains("-XX:TrimNativeHeapInterval=5000");
    }
    first.destroy(); // SIGTERM to the launcher, handed to the server
    assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).isZero();
    assertThat(archives()).singleElement().satisfies(archive -> assertThat(archive.toString()).endsWith(".jsa"));

    Process second = start(port, List.of());
    try {
      ProcessHandle server = server(second);
      assertThat(commandLine(server)).contains("-XX:SharedArchiveFile=" + archives().get(0));
      assertThat(Files.readString(Path.of("/proc", String.valueOf(server.pid()), "maps")))
          .as("the archive is mapped").contains(archives().get(0).getFileName().toString());
      assertThat(Files.readString(dir.resolve("err.log"))).doesNotContain("cds", "warning");
    } finally {
      second.destroy();
      assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(second.exitValue()).isZero();
  }

  @Test
  void the_operators_java_options_win_and_a_killed_launcher_leaves_no_server() throws Exception {
    int port = ServeJarIT.freePort();
    Process launcher = start(port, List.of("-Xmx300m", "-XX:+UseG1GC"));
    ProcessHandle server = server(launcher);
    assertThat(commandLine(server)).contains("-Xmx300m", "-XX:+UseG1GC")
        .doesNotContain("-Xmx512m", "-Xms64m", "-XX:+UseSerialGC");
    assertThat(Files.readString(Path.of("/proc", String.valueOf(server.pid()), "environ")))
        .contains("MALLOC_ARENA_MAX=2");

    launcher.destroyForcibly(); // SIGKILL: no hook hands anything over
    assertThat(server.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
    Process again = start(port, List.of()); // the port is free again
    again.destroy();
    assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void one_process_serves_in_the_jvm_as_started() throws Exception {
    int port = ServeJarIT.freePort();
    Process alone = start(port, List.of(), "TRACKER_ONE_PROCESS", "true");
    try {
      assertThat(alone.descendants().count()).isZero();
    } finally {
      alone.destroy();
      assertThat(alone.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(alone.exitValue()).isZero();
  }
}
