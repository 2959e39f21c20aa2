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
import java.util.concurrent.TimeUnit;

/** The packaged jar serving a file, as {@code java -jar tracker.jar serve --db FILE} with nothing else. */
record JarServer(Process process, String url) {

  static final Path JAR = Path.of("target", "tracker.jar").toAbsolutePath();

  static JarServer start(Path file, Path dir) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process process = new ProcessBuilder("java", "-jar", JAR.toString(), "serve", "--db", file.toString(), "--port",
        String.valueOf(port)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
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

  double residentMegabytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new IllegalStateException("no VmRSS for " + process.pid());
  }

  void stop() throws InterruptedException {
    process.destroy();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }
}
