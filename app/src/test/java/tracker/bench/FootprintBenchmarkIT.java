package tracker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tracker.app.Tracker;

/**
 * The packaged jar, started as a user starts it ({@code java -jar}, default settings), on a
 * 100k-task SQLite file with 300k dependencies: start to the first answer of /health, the
 * dashboard's p95, and the resident memory after a mixed API load.
 */
@Tag("benchmark")
class FootprintBenchmarkIT {

    static final int TASKS = ApiBenchmark.TASKS;

  @TempDir
  Path dir;

  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void a_100k_plan_starts_quickly_draws_its_dashboard_quickly_and_stays_light() throws Exception {
    Path file = dir.resolve("big.db");
    try (Tracker tracker = Tracker.open("jdbc:sqlite:" + file)) {
      ApiBenchmark.seed(tracker);
      seedDependencies(tracker);
    }
    Bench bench = new Bench("The jar on " + TASKS + " tasks and " + 3 * (TASKS - 3) + " dependencies (SQLite)");
    double[] starts = new double[6]; // the first writes the class archive the later ones read
    for (int i = 0; i < starts.length; i++) {
      long begun = System.nanoTime();
      JarServer server = JarServer.start(file, dir);
      try {
        server.awaitHealth(http);
        starts[i] = (System.nanoTime() - begun) / 1e9;
      } finally {
        server.stop();
      }
    }
    bench.figure("first start to /health (then writes the class archive)", starts[0], "s", "-", true);
    double[] later = Arrays.copyOfRange(starts, 1, starts.length);
    Arrays.sort(later);
    double start = later[later.length / 2];
    bench.figure("start to the first /health (median of the next 5)", start, "s", "< 1.5", start < 1.5);

    JarServer server = JarServer.start(file, dir);
    try {
      server.awaitHealth(http);
      String dashboard = server.url() + "/";
      double p95 = Bench.p95Millis(() -> get(dashboard, "text/html"), 50, 200);
      bench.figure("GET / (dashboard) p95, 200 after 50", p95, "ms", "< 100", p95 < 100);
      bench.figure("resident memory after the dashboard (PSS)", server.proportionalMegabytes(), "MB", "-", true);
      long requests = load(server.url(), 8, 30);
      bench.figure("mixed API load, 8 clients × 30 s", requests / 30.0, "req/s", "-", true);
      double afterLoad = server.proportionalMegabytes();
      bench.figure("resident memory after the API load (PSS)", afterLoad, "MB", "< 300", afterLoad < 300);
      bench.figure("  the same as RSS, shared pages counted twice", server.residentMegabytes(), "MB", "-", true);
      Thread.sleep(15_000);
      double idle = server.proportionalMegabytes();
      bench.figure("resident memory 15 s later, idle (PSS)", idle, "MB", "< 300", idle < 300);
    } finally {
      server.stop();
    }
    System.out.println(bench.table());
    assertThat(start).isPositive();
  }

  /** Mixed reads and some status changes from {@code clients} threads for {@code seconds}; answers the requests made. */
  private long load(String url, int clients, int seconds) throws InterruptedException {
    AtomicBoolean running = new AtomicBoolean(true);
    LongAdder done = new LongAdder();
    List<Thread> threads = new ArrayList<>();
    String[] statuses = {"in_progress", "not_started"};
    for (int c = 0; c < clients; c++) {
      Thread thread = new Thread(() -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (running.get()) {
          int pick = random.nextInt(20);
          long id = 1 + random.nextInt(TASKS);
          if (pick < 8) {
            get(url + "/api/tasks/" + id, "application/json");
          } else if (pick < 13) {
            get(url + "/api/tasks?limit=50&offset=" + random.nextInt(TASKS - 50), "application/json");
          } else if (pick < 16) {
            get(url + "/api/ready?limit=20", "application/json");
          } else if (pick < 18) {
            get(url + "/api/stats", "application/json");
          } else {
            send(url + "/api/tasks/" + id + "/status", "{\"status\": \"" + statuses[random.nextInt(2)] + "\"}");
          }
          done.increment();
        }
      });
      thread.start();
      threads.add(thread);
    }
    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
    running.set(false);
    for (Thread thread : threads) {
      thread.join();
    }
    return done.sum();
  }

  private void get(String url, String accept) {
    try {
      HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", accept).build(),
          HttpResponse.BodyHandlers.discarding());
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

  /** A status change; a refusal by the task's rules (a completed or blocked task) is part of the load. */
  private void send(String url, String body) {
    try {
      HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() >= 500) {
        throw new IllegalStateException(url + " answered " + response.statusCode());
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Each task after the third waits for three of the 500 before it: 300k dependencies, no cycle. */
  static void seedDependencies(Tracker tracker) throws Exception {
    try (Connection c = tracker.database().ebean().dataSource().getConnection();
        PreparedStatement dependency = c.prepareStatement("insert into task_dependencies (created_at, task_id,"
            + " depends_on_task_id, dependency_type) values (?, ?, ?, 'blocks')")) {
      Timestamp now = Timestamp.from(Instant.now());
      java.util.Random random = new java.util.Random(7);
      for (int task = 4; task <= TASKS; task++) {
        java.util.Set<Integer> chosen = new java.util.TreeSet<>();
        while (chosen.size() < 3) {
          chosen.add(Math.max(1, task - 1 - random.nextInt(Math.min(task - 1, 500))));
        }
        for (int prerequisite : chosen) {
          dependency.setTimestamp(1, now);
          dependency.setLong(2, task);
          dependency.setLong(3, prerequisite);
          dependency.addBatch();
        }
        if (task % 5000 == 0) {
          dependency.executeBatch();
        }
      }
      dependency.executeBatch();
      c.commit();
    }
  }
}
