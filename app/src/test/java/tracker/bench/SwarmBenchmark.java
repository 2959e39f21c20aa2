package tracker.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tracker.app.Tracker;
import tracker.app.WebApp;
import tracker.support.TestDatabases;

/**
 * Writes under load from wrk, 32 connections, on SQLite: status changes (each request really
 * changes the status: in progress and blocked alternate per task) and claims on 10,000 ready
 * tasks, in paired rounds against the same server's /ping, each round on tasks of its own.
 * Targets (#21): claims/s ≥ 0.7 × status changes/s, claim p99 < 50 ms; status changes p99 < 50 ms.
 * Every claim took a different task: the tasks in progress after a round are as many as the
 * claims wrk saw answered 200.
 */
@Tag("benchmark")
class SwarmBenchmark {

  static final int ROUNDS = 5;
  static final int STATUS_TASKS = 4_000;
  static final int READY = 10_000;
  static final int CONNECTIONS = 32;
  static final int SECONDS = 3;
  /** Short enough that the ready tasks last at 5,000 claims/s. */
  static final int CLAIM_SECONDS = 2;

  @TempDir
  Path dir;

  @Test
  void claims_and_status_changes_under_wrk() throws Exception {
    assumeTrue(Wrk.installed(), "wrk is not installed (apt-get install wrk)");
    try (Tracker tracker = TestDatabases.sqlite(dir)) {
      seed(tracker);
      underWrk("SQLite", tracker, List.of(tracker));
    }
  }

  /**
   * The same rounds on PostgreSQL, served by one instance and then by two on one database (wrk's
   * connections split between them), each on a database of its own. A claim there is {@code FOR
   * UPDATE SKIP LOCKED} on the kept order; there is no group commit.
   */
  @Test
  void claims_and_status_changes_under_wrk_on_postgresql() throws Exception {
    assumeTrue(Wrk.installed(), "wrk is not installed (apt-get install wrk)");
    for (int instances = 1; instances <= 2; instances++) {
      String url = TestDatabases.migratedPostgresUrl();
      List<Tracker> trackers = new ArrayList<>();
      try {
        for (int i = 0; i < instances; i++) {
          trackers.add(Tracker.open(url));
        }
        seed(trackers.get(0));
        underWrk("PostgreSQL, " + instances + (instances == 1 ? " instance" : " instances"), trackers.get(0), trackers);
      } finally {
        trackers.forEach(Tracker::close);
      }
    }
  }

  /**
   * Paired rounds of /ping, status changes and claims from wrk against the servers of {@code
   * trackers} (one wrk per server, the connections split between them), after a warm-up; prints
   * the table and checks that every claim took a task of its own.
   */
  private void underWrk(String database, Tracker tracker, List<Tracker> trackers) throws Exception {
    List<Javalin> apps = new ArrayList<>();
    try {
      for (Tracker each : trackers) {
        apps.add(WebApp.create(each).start("127.0.0.1", 0));
      }
      int servers = apps.size();
      int connections = CONNECTIONS / servers;
      int span = STATUS_TASKS / (2 * servers);
      Wrk ping = Wrk.with(dir, null);
      String json = "{[\"Content-Type\"] = \"application/json\"}";
      // each of a wrk's two threads walks a span of the round's status tasks of its own (its
      // server's block, then its half), so no two requests in flight touch one task, and every
      // pass flips each task's status
      String threads = "local threads = 0\n"
          + "setup = function(thread) thread:set(\"index\", threads); threads = threads + 1 end\n"
          + "local n = 0\n"
          + "init = function(args) given = args[1]; server = tonumber(args[2]);"
          + " first = (tonumber(given) or 0) + (server * 2 + index) * " + span + " end\n";
      Wrk status = Wrk.withScript(dir, threads
          + "request = function()\n"
          + "  n = n + 1\n"
          + "  local id = first + n % " + span + "\n"
          + "  local to = (math.floor(n / " + span + ") % 2 == 0) and \"blocked\" or \"in_progress\"\n"
          + "  return wrk.format(\"POST\", \"/api/tasks/\" .. id .. \"/status\", " + json + ",\n"
          + "      '{\"status\":\"' .. to .. '\"}')\n"
          + "end\n");
      Wrk claim = Wrk.withScript(dir, threads
          + "request = function()\n"
          + "  n = n + 1\n"
          + "  return wrk.format(\"POST\", \"/api/claim\", " + json + ",\n"
          + "      '{\"worker\":\"w' .. server .. '-' .. index .. '-' .. n % 16 .. '\",\"lease_seconds\":600,"
          + "\"component_area\":\"Claims ' .. given .. '\"}')\n"
          + "end\n");
      // warm-up: the JIT compiles the write paths on tasks of no round
      together(apps, (app, server) -> status.run(base(app), connections, 10, "1", server));
      together(apps, (app, server) -> claim.run(base(app), connections, CLAIM_SECONDS, "warm-up", server));
      Bench bench = new Bench("Writes under wrk (" + CONNECTIONS + " connections, 2 threads"
          + (servers > 1 ? " per server, split over " + servers + " servers" : "") + "), " + database);
      double[] pings = new double[ROUNDS];
      double[] changes = new double[ROUNDS];
      double[] claims = new double[ROUNDS];
      double[] changeP99 = new double[ROUNDS];
      double[] claimP99 = new double[ROUNDS];
      long failed = 0;
      for (int round = 0; round < ROUNDS; round++) {
        String statusTasks = String.valueOf(statusFirst(round));
        String area = String.valueOf(round);
        pings[round] = together(apps, (app, server) -> ping.run(base(app) + "ping", connections, 2))
            .requestsPerSecond();
        Wrk.Run changed = together(apps,
            (app, server) -> status.run(base(app), connections, SECONDS, statusTasks, server));
        Wrk.Run claimed = together(apps,
            (app, server) -> claim.run(base(app), connections, CLAIM_SECONDS, area, server));
        changes[round] = changed.requestsPerSecond();
        claims[round] = claimed.requestsPerSecond();
        changeP99[round] = changed.p99Millis();
        claimP99[round] = claimed.p99Millis();
        failed += changed.failed() + claimed.failed();
        long inProgress = tracker.database().ebean().sqlQuery("select count(*) from tasks where status = 'in_progress'"
            + " and component_area = :area").setParameter("area", "Claims " + round)
            .mapToScalar(Long.class).findOne();
        // each claim took its own task: as many as wrk saw answered, and at most one more per
        // connection (wrk stops counting at the deadline, with requests in flight; a claim of an
        // empty queue is a 204, which wrk counts as answered too; a failed one, counted at the end,
        // took nothing)
        assertThat(inProgress).as("tasks claimed in round " + round + " (" + claimed.failed() + " claims failed)")
            .isBetween(Math.min(READY, claimed.requests() - claimed.failed()),
                Math.min(READY, claimed.requests() + CONNECTIONS));
      }
      double ratio = median(claims) / median(changes);
      bench.figure("GET /ping (baseline)", median(pings), "req/s", "-", true);
      bench.figure("status changes", median(changes), "/s", "-", true);
      bench.figure("status change p99", median(changeP99), "ms", "< 50 ms", median(changeP99) < 50);
      bench.figure("claims (10,000 ready)", median(claims), "/s", "-", true);
      bench.figure("claim p99", median(claimP99), "ms", "< 50 ms", median(claimP99) < 50);
      bench.figure("claims / status changes", 100 * ratio, "%", "≥ 70 %", ratio >= 0.7);
      bench.figure("status changes / ping", 100 * median(changes) / median(pings), "%", "-", true);
      System.out.println(bench.table());
      System.out.println(database + ": status changes/s by round: " + list(changes) + "; claims/s by round: "
          + list(claims) + "; claim p99 (ms) by round: " + list(claimP99));
      assertThat(failed).as("requests that failed").isZero();
    } finally {
      apps.forEach(Javalin::stop);
    }
  }

  private static String base(Javalin app) {
    return "http://127.0.0.1:" + app.port() + "/";
  }

  interface Load {
    Wrk.Run run(Javalin app, String server) throws Exception;
  }

  /**
   * One wrk per server at once: their rates, answered and failed requests summed, the worst of
   * their percentiles.
   */
  private static Wrk.Run together(List<Javalin> apps, Load load) throws Exception {
    if (apps.size() == 1) {
      return load.run(apps.get(0), "0");
    }
    List<java.util.concurrent.CompletableFuture<Wrk.Run>> runs = new ArrayList<>();
    for (int server = 0; server < apps.size(); server++) {
      Javalin app = apps.get(server);
      String name = String.valueOf(server);
      runs.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          return load.run(app, name);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    List<Wrk.Run> done = runs.stream().map(java.util.concurrent.CompletableFuture::join).toList();
    return new Wrk.Run(done.stream().mapToDouble(Wrk.Run::requestsPerSecond).sum(),
        done.stream().mapToDouble(Wrk.Run::p50Millis).max().orElseThrow(),
        done.stream().mapToDouble(Wrk.Run::p99Millis).max().orElseThrow(),
        done.stream().mapToLong(Wrk.Run::requests).sum(), done.stream().mapToLong(Wrk.Run::failed).sum());
  }

  static final int SWARM = 32;
  static final int LAYERS = 50;
  static final int WIDTH = 200;

  /**
   * 32 workers, each doing claim → heartbeat → finish over the JSON API until a plan of 10,000
   * tasks with dependencies (50 layers; each task needs two of the layer before) is done: tasks
   * finished per second, each exactly once. The workers are Java HTTP clients, one blocking
   * request at a time each, as agents are; their own /ping rate beside wrk's shows how much of
   * the figure is theirs.
   */
  @Test
  void a_swarm_of_32_workers_finishes_a_plan_with_dependencies() throws Exception {
    assumeTrue(Wrk.installed(), "wrk is not installed (apt-get install wrk)");
    try (Tracker tracker = TestDatabases.sqlite(dir)) {
      int total = seedLayers(tracker, LAYERS, WIDTH);
      Javalin app = WebApp.create(tracker).start("127.0.0.1", 0);
      try {
        String base = "http://127.0.0.1:" + app.port();
        Wrk ping = Wrk.with(dir, null);
        // warm-up: the JIT compiles the paths of the swarm and of the pings; the plan is done once
        ping.run(base + "/ping", SWARM, 3);
        javaClientPings(base, 2);
        AgentSwarmBenchmark.run(total, SWARM, worker -> new AgentSwarmBenchmark.ApiAgent(base));
        double wrkPing = ping.run(base + "/ping", SWARM, 2).requestsPerSecond();
        double clientPing = javaClientPings(base, 2);
        double[] rates = new double[2];
        for (int round = 0; round < rates.length; round++) {
          AgentSwarmBenchmark.reset(tracker);
          rates[round] = AgentSwarmBenchmark.run(total, SWARM, worker -> new AgentSwarmBenchmark.ApiAgent(base));
        }
        long done = tracker.database().ebean().sqlQuery("select count(*) from tasks where status = 'completed'")
            .mapToScalar(Long.class).findOne();
        double tasksPerSecond = Arrays.stream(rates).average().orElseThrow();
        Bench bench = new Bench("A swarm of " + SWARM + " workers: claim → heartbeat → finish, " + total
            + " tasks with dependencies, SQLite (after a warm-up run; two runs, mean)");
        bench.figure("tasks finished", tasksPerSecond, "/s", "report", done == total);
        bench.figure("API calls (three per task)", 3 * tasksPerSecond, "/s", "report", true);
        bench.figure("GET /ping, wrk (" + SWARM + " connections)", wrkPing, "req/s", "-", true);
        bench.figure("GET /ping, the workers' Java client (" + SWARM + " threads)", clientPing, "req/s", "-", true);
        System.out.println(bench.table());
        System.out.println("tasks finished/s by run: " + list(rates));
        assertThat(done).as("tasks completed").isEqualTo(total);
      } finally {
        app.stop();
      }
    }
  }

  /** GET /ping from {@link #SWARM} threads with the agents' HTTP client, for {@code seconds}: requests per second. */
  private static double javaClientPings(String base, int seconds) throws Exception {
    AtomicLong answered = new AtomicLong();
    long until = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < SWARM; t++) {
      Thread thread = new Thread(() -> {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest ping = HttpRequest.newBuilder(URI.create(base + "/ping")).build();
        try {
          while (System.nanoTime() < until) {
            if (http.send(ping, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
              answered.incrementAndGet();
            }
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    return answered.get() / (double) seconds;
  }

  /**
   * {@code layers} layers of {@code width} tasks not started (ids from 1, eight component areas),
   * each needing two tasks of the layer before, one by blocks and one by requires.
   */
  static int seedLayers(Tracker tracker, int layers, int width) throws Exception {
    try (Connection c = tracker.database().ebean().dataSource().getConnection();
        PreparedStatement task = c.prepareStatement("insert into tasks (id, created_at, updated_at, title, description,"
            + " component_area, phase, priority, complexity, status, source_document, time_estimate_hours, version)"
            + " values (?, ?, ?, ?, 'swarm task', ?, 1, 'Medium', 'Medium', ?, 'bench.md', ?, 1)");
        PreparedStatement progress = c.prepareStatement("insert into task_progress (created_at, task_id,"
            + " progress_percentage, notes, updated_by) values (?, ?, 0, 'Task created', 'system')");
        PreparedStatement dependency = c.prepareStatement("insert into task_dependencies (created_at, task_id,"
            + " depends_on_task_id, dependency_type) values (?, ?, ?, ?)")) {
      Timestamp now = Timestamp.from(Instant.now());
      for (int layer = 0; layer < layers; layer++) {
        for (int i = 0; i < width; i++) {
          long id = 1 + (long) layer * width + i;
          task.setDouble(7, 1.0 + i % 5);
          add(task, progress, id, now, "Area " + i % 8, "not_started");
          if (layer > 0) {
            long previous = 1 + (long) (layer - 1) * width;
            for (Object[] needs : new Object[][] {{previous + i, "blocks"}, {previous + (i + 1) % width, "requires"}}) {
              dependency.setTimestamp(1, now);
              dependency.setLong(2, id);
              dependency.setLong(3, (Long) needs[0]);
              dependency.setString(4, (String) needs[1]);
              dependency.addBatch();
            }
          }
        }
      }
      task.executeBatch();
      progress.executeBatch();
      dependency.executeBatch();
      c.commit();
    }
    return layers * width;
  }

  private static String list(double[] values) {
    return Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%.0f", v)).collect(Collectors.joining(", "));
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** The first id of a round's status tasks; the warm-up's come before them. */
  private static long statusFirst(int round) {
    return 1 + (long) (round + 1) * STATUS_TASKS;
  }

  /**
   * Status tasks (in progress) for the warm-up and each round, then the ready tasks (not started,
   * no dependencies) of the warm-up and of each round in a component of their own, with a
   * progress record each.
   */
  static void seed(Tracker tracker) throws Exception {
    try (Connection c = tracker.database().ebean().dataSource().getConnection();
        PreparedStatement task = c.prepareStatement("insert into tasks (id, created_at, updated_at, title, description,"
            + " component_area, phase, priority, complexity, status, source_document, time_estimate_hours, version)"
            + " values (?, ?, ?, ?, 'swarm task', ?, 1, 'Medium', 'Medium', ?, 'bench.md', 2, 1)");
        PreparedStatement progress = c.prepareStatement("insert into task_progress (created_at, task_id,"
            + " progress_percentage, notes, updated_by) values (?, ?, 0, 'Task created', 'system')")) {
      Timestamp now = Timestamp.from(Instant.now());
      long id = 0;
      for (int block = 0; block <= ROUNDS; block++) {
        for (int i = 0; i < STATUS_TASKS; i++) {
          add(task, progress, ++id, now, "Status", "in_progress");
        }
      }
      for (int round = -1; round < ROUNDS; round++) {
        for (int i = 0; i < READY; i++) {
          add(task, progress, ++id, now, "Claims " + (round < 0 ? "warm-up" : round), "not_started");
        }
      }
      task.executeBatch();
      progress.executeBatch();
      c.commit();
    }
  }

  private static void add(PreparedStatement task, PreparedStatement progress, long id, Timestamp now, String area,
      String status) throws Exception {
    task.setLong(1, id);
    task.setTimestamp(2, now);
    task.setTimestamp(3, now);
    task.setString(4, area + " task " + id);
    task.setString(5, area);
    task.setString(6, status);
    task.addBatch();
    progress.setTimestamp(1, now);
    progress.setLong(2, id);
    progress.addBatch();
  }
}
