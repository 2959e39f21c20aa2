package tracker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
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
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tracker.app.Tracker;
import tracker.support.TestDatabases;
import tracker.app.WebApp;

/**
 * The JSON API on 100k tasks: GET /api/tasks/{id} throughput against the plaintext /ping of the
 * same server (target ≥ 50 %), and p95 latency of listings, search and statistics (target < 100 ms).
 */
@Tag("benchmark")
class ApiBenchmark {

  static final int TASKS = 100_000;
  static final String[] WORDS = {"schema", "migration", "cache", "service", "parser", "executor", "report",
      "index", "worker", "planner", "import", "export", "dashboard", "claim", "lease"};

  @TempDir
  Path dir;

  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void api_on_100k_tasks() throws Exception {
    try (Tracker tracker = TestDatabases.sqlite(dir)) {
      seed(tracker);
      Javalin app = WebApp.create(tracker).start("127.0.0.1", 0);
      try {
        String base = "http://127.0.0.1:" + app.port();
        Bench bench = new Bench("JSON API, SQLite, " + TASKS + " tasks");
        // Warm both up until the JIT has compiled the whole request path (on 2 cores shared with
        // the load it takes 20-30 s to reach a steady rate). Then seven rounds, each measuring
        // /ping and the task lookup back to back for 2 s: this VM's speed drifts by up to 30 %
        // within a minute, so each round's ratio compares the two at the same speed, and the
        // median of the rounds is the figure.
        IntFunction<String> pingPath = i -> "/ping";
        IntFunction<String> taskPath = i -> "/api/tasks/" + (1 + ThreadLocalRandom.current().nextInt(TASKS));
        for (int round = 0; round < 6; round++) {
          throughput(app.port(), pingPath, 2500);
          throughput(app.port(), taskPath, 2500);
        }
        int rounds = 7;
        double[] pings = new double[rounds];
        double[] tasks = new double[rounds];
        double[] ratios = new double[rounds];
        for (int round = 0; round < rounds; round++) {
          pings[round] = throughput(app.port(), pingPath, 2000);
          tasks[round] = throughput(app.port(), taskPath, 2000);
          ratios[round] = tasks[round] / pings[round];
        }
        double ratio = median(ratios);
        boolean wrk = Wrk.installed();
        bench.figure("Java client: GET /ping (plaintext baseline)", median(pings), "req/s", "-", true);
        bench.figure("Java client: GET /api/tasks/{id}", median(tasks), "req/s", "-", true);
        bench.figure("Java client: GET /api/tasks/{id} / GET /ping", 100.0 * ratio, "%",
            wrk ? "(wrk's is the figure)" : "≥ 50 %", wrk || ratio >= 0.5);
        if (wrk) {
          byIdUnderWrk(bench, base);
        } else {
          System.out.println("wrk is not installed (apt-get install wrk): the by-id ratio comes from the Java client,"
              + " whose own cost per request hides part of the server's");
        }
        p95(bench, "GET /api/tasks?limit=50", base + "/api/tasks?limit=50&offset=", true);
        p95(bench, "GET /api/tasks?status&phase&sort=priority", base
            + "/api/tasks?status=in_progress&phase=2&sort=priority&limit=50&offset=", true);
        p95(bench, "GET /api/tasks?component_area&sort=-updated_at", base
            + "/api/tasks?component_area=Area%207&sort=-updated_at&limit=50&offset=", true);
        p95(bench, "GET /api/tasks?q=<word> (text search)", base + "/api/tasks?q=planner%20wor&limit=50&offset=", true);
        p95(bench, "GET /api/tasks?q=<rare> (text search)", base + "/api/tasks?q=zz-99&limit=50&offset=", true);
        p95(bench, "GET /api/stats", base + "/api/stats?", false);
        System.out.println(bench.table());
        System.out.println("GET /api/tasks/{id} / GET /ping by round (%): " + Arrays.stream(ratios)
            .mapToObj(r -> String.format(Locale.ROOT, "%.1f", 100 * r)).collect(Collectors.joining(", ")));
        assertThat(Arrays.stream(pings).min().orElseThrow()).isPositive();
      } finally {
        app.stop();
      }
    }
  }

  /**
   * The by-id ratio as the server alone sets it: wrk (16 connections, random ids) in paired
   * rounds against the same server's /ping; its /ping rate beside the Java client's shows which
   * client was the bottleneck.
   */
  private void byIdUnderWrk(Bench bench, String base) throws Exception {
    Wrk ping = Wrk.with(dir, null);
    Wrk task = Wrk.with(dir, "return wrk.format(nil, \"/api/tasks/\" .. math.random(1, " + TASKS + "))");
    ping.run(base + "/ping", 16, 5);
    task.run(base + "/api/tasks/1", 16, 5);
    int rounds = 5;
    double[] pings = new double[rounds];
    double[] tasks = new double[rounds];
    double[] ratios = new double[rounds];
    double[] p99s = new double[rounds];
    long failed = 0;
    for (int round = 0; round < rounds; round++) {
      pings[round] = ping.run(base + "/ping", 16, 2).requestsPerSecond();
      Wrk.Run byId = task.run(base + "/api/tasks/1", 16, 2);
      tasks[round] = byId.requestsPerSecond();
      p99s[round] = byId.p99Millis();
      failed += byId.failed();
      ratios[round] = tasks[round] / pings[round];
    }
    double ratio = median(ratios);
    bench.figure("wrk: GET /ping (plaintext baseline)", median(pings), "req/s", "-", true);
    bench.figure("wrk: GET /api/tasks/{random id}", median(tasks), "req/s", "-", failed == 0);
    bench.figure("wrk: GET /api/tasks/{random id} p99", median(p99s), "ms", "-", true);
    bench.figure("wrk: GET /api/tasks/{random id} / GET /ping", 100.0 * ratio, "%", "≥ 50 %", ratio >= 0.5);
    System.out.println("wrk: GET /api/tasks/{id} / GET /ping by round (%): " + Arrays.stream(ratios)
        .mapToObj(r -> String.format(Locale.ROOT, "%.1f", 100 * r)).collect(Collectors.joining(", ")));
    assertThat(failed).as("requests wrk saw fail").isZero();
  }

  private void p95(Bench bench, String name, String url, boolean paged) {
    int[] n = {0};
    double p95 = Bench.p95Millis(() -> get(url + (paged ? String.valueOf((n[0]++ % 20) * 50) : "")), 50, 300);
    bench.figure(name + " p95", p95, "ms", "< 100 ms", p95 < 100);
  }

  private String get(String url) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** Requests per second from 4 kept-alive connections over the given time. */
  private double throughput(int port, IntFunction<String> path, long millis) throws InterruptedException {
    LongAdder done = new LongAdder();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      Thread client = new Thread(() -> {
        try (KeepAliveClient own = new KeepAliveClient(port)) {
          for (int i = 0; running.get(); i++) {
            if (own.get(path.apply(i)) != 200) {
              throw new IllegalStateException(path.apply(i) + " failed");
            }
            done.increment();
          }
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      client.start();
      clients.add(client);
    }
    long start = System.nanoTime();
    Thread.sleep(millis);
    running.set(false);
    for (Thread client : clients) {
      client.join();
    }
    return done.sum() / ((System.nanoTime() - start) / 1e9);
  }

  /** 100k tasks (a quarter in progress) with a progress record each, inserted in one transaction. */
  static void seed(Tracker tracker) throws Exception {
    try (Connection c = tracker.database().ebean().dataSource().getConnection();
        PreparedStatement task = c.prepareStatement("insert into tasks (id, created_at, updated_at, title, description,"
            + " component_area, phase, priority, complexity, status, source_document, time_estimate_hours, version)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, 'Medium', ?, 'bench.md', ?, 1)");
        PreparedStatement progress = c.prepareStatement("insert into task_progress (created_at, task_id,"
            + " progress_percentage, notes, updated_by) values (?, ?, 0, 'Task created', 'system')")) {
      Timestamp now = Timestamp.from(Instant.now());
      String[] priorities = {"Critical", "High", "Medium", "Low"};
      String[] statuses = {"not_started", "in_progress", "completed", "blocked"};
      for (int i = 1; i <= TASKS; i++) {
        task.setLong(1, i);
        task.setTimestamp(2, now);
        task.setTimestamp(3, now);
        task.setString(4, WORDS[i % WORDS.length] + " " + WORDS[(i / 7) % WORDS.length] + " task zz-" + i);
        task.setString(5, "Work on the " + WORDS[(i / 3) % WORDS.length] + " of component " + (i % 40));
        task.setString(6, "Area " + (i % 40));
        task.setInt(7, 1 + i % 4);
        task.setString(8, priorities[i % 4]);
        task.setString(9, statuses[(i / 4) % 4]);
        task.setDouble(10, 1 + i % 16);
        task.addBatch();
        progress.setTimestamp(1, now);
        progress.setLong(2, i);
        progress.addBatch();
        if (i % 5000 == 0) {
          task.executeBatch();
          progress.executeBatch();
        }
      }
      c.commit();
    }
  }
}
