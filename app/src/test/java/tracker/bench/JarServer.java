package tracker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The packaged jar serving a file, as {@code java -jar tracker.jar serve --db FILE} with nothing else. */
record JarServer(Process process, String url) {

  static final Path JAR = Path.of("target", "tracker.jar").toAbsolutePath();

  static JarServer start(Path file, Path dir) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command = new ArrayList<>(List.of("java"));
    String options = System.getProperty("bench.serverJvm", "").strip(); // e.g. -Xmx256m, to compare settings
    if (!options.isEmpty()) {
      command.addAll(List.of(options.split("\\s+")));
    }
    command.addAll(List.of("-jar", JAR.toString(), "serve", "--db", file.toString(), "--port", String.valueOf(port)));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString()); // its class archive: this run's own
    Process process = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(dir.resolve("server.err").toFile()).start();
    return new JarServer(process, "http://127.0.0.1:" + port);
  }

  void awaitHealth(HttpClient http) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        if (http.send(HttpRequest.newBuilder(URI.create(url + "/health")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        assertThat(System.nanoTime()).as("the server answers /health within 60 s").isLessThan(deadline);
      }
      Thread.sleep(10);
    }
  }

  /** The resident memory of the launcher and the server's own JVM together (shared pages counted in each). */
  double residentMegabytes() throws IOException {
    return sum("status", "VmRSS:");
  }

  /** Their proportional set size: pages the two share (the JVM's library, the JDK's archive) counted once. */
  double proportionalMegabytes() throws IOException {
    return sum("smaps_rollup", "Pss:");
  }

  private double sum(String file, String field) throws IOException {
    double megabytes = 0;
    for (long pid : Stream.concat(Stream.of(process.toHandle()), process.descendants()).map(ProcessHandle::pid).toList()) {
      megabytes += kilobytes(pid, file, field) / 1024.0;
    }
    return megabytes;
  }

  private static long kilobytes(long pid, String file, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), file))) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no " + field + " in /proc/" + pid + "/" + file);
  }

  void stop() throws InterruptedException {
    process.destroy();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }
}
