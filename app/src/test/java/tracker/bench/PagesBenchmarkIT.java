package tracker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import tracker.app.Tracker;

/**
 * The pages people open first, on the packaged jar with 100k tasks, 300k dependencies and the
 * plan's groups: each page's p95 over HTTP beside the same server's /ping, and the time Chromium
 * takes to load it (navigation start to the load event, median of 5).
 */
@Tag("benchmark")
class PagesBenchmarkIT {

  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  /** The pages, by what they show. */
  private static final Map<String, String> PAGES = new LinkedHashMap<>();

  static {
    PAGES.put("/ (dashboard)", "/");
    PAGES.put("/board (50 a column)", "/board");
    PAGES.put("/plan", "/plan");
    PAGES.put("/groups (first page)", "/groups");
    PAGES.put("/tasks (first page)", "/tasks");
  }

  @TempDir
  Path dir;

  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void the_first_pages_answer_and_render_quickly_at_100k_tasks() throws Exception {
    Path file = dir.resolve("big.db");
    try (Tracker tracker = Tracker.open("jdbc:sqlite:" + file)) {
      ApiBenchmark.seed(tracker);
      FootprintBenchmarkIT.seedDependencies(tracker);
    }
    Bench bench = new Bench("Pages on " + ApiBenchmark.TASKS + " tasks, " + 3 * (ApiBenchmark.TASKS - 3)
        + " dependencies and the plan's groups (the jar, SQLite)");
    JarServer server = JarServer.start(file, dir);
    try {
      server.awaitHealth(http);
      HttpResponse<String> groups = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/groups/from-plan"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(groups.statusCode()).as(groups.body()).isEqualTo(201);
      Runnable ping = () -> get(server.url() + "/ping");
      for (Map.Entry<String, String> page : PAGES.entrySet()) {
        String url = server.url() + page.getValue();
        double p95 = Bench.p95Millis(() -> get(url), 20, 200);
        bench.figure("GET " + page.getKey() + " p95", p95, "ms", "< 150", p95 < 150);
        bench.compare("GET " + page.getKey() + " (median)", "/ping", ping, page.getValue(), () -> get(url), 5, 10, 5,
            Double.POSITIVE_INFINITY);
      }
      if (new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute()) {
        renderInChromium(server.url(), bench);
      } else {
        System.out.println("Chromium is not installed: the render times are left out (apt-get install chromium"
            + " chromium-driver)");
      }
    } finally {
      server.stop();
    }
    System.out.println(bench.table());
    assertThat(bench.rows()).as("every page measured beside /ping").hasSize(PAGES.size());
  }

  /** Each page loaded 6 times in a headless Chromium; the median of the last 5 from navigation start to load. */
  private void renderInChromium(String base, Bench bench) throws IOException {
    Path profile = Files.createTempDirectory(dir, "chromium");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
        .usingAnyFreePort().build();
    WebDriver browser = new ChromeDriver(service, new ChromeOptions().setBinary(CHROMIUM).addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1300,1000",
        "--user-data-dir=" + profile));
    try {
      for (Map.Entry<String, String> page : PAGES.entrySet()) {
        double[] loads = new double[5];
        for (int i = -1; i < loads.length; i++) {
          browser.get(base + page.getValue());
          Object took = ((JavascriptExecutor) browser).executeScript(
              "const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime;");
          if (i >= 0) {
            loads[i] = ((Number) took).doubleValue();
          }
        }
        Arrays.sort(loads);
        bench.figure("Chromium loads " + page.getKey(), loads[2], "ms", "< 1000", loads[2] < 1000);
      }
    } finally {
      browser.quit();
      service.stop();
    }
  }

  private void get(String url) {
    try {
      HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html")
          .build(), HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(url + " answered " + response.statusCode());
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
