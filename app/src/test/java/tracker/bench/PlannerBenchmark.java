package tracker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tracker.app.Tracker;
import tracker.graph.PlanGraph;
import tracker.graph.Planner;
import tracker.support.TestDatabases;
import tracker.app.WebApp;

/**
 * Planning on 100k tasks and 300k dependencies: the pure planner (target < 100 ms each after
 * warm-up) and the same routes end to end over HTTP, reading the plan from SQLite.
 */
@Tag("benchmark")
class PlannerBenchmark {

  static final int TASKS = 100_000;
  static final int EDGES = 300_000;

  @TempDir
  Path dir;

  /** Random DAG: each edge points from a task to one of the 2,000 tasks before it. */
  static List<long[]> edges(Random random) {
    List<long[]> edges = new ArrayList<>(EDGES);
    java.util.Set<Long> seen = new java.util.HashSet<>();
    while (edges.size() < EDGES) {
      long task = 2 + random.nextInt(TASKS - 1);
      long prerequisite = Math.max(1, task - 1 - random.nextInt(2000));
      if (prerequisite < task && seen.add(task * 1_000_000L + prerequisite)) {
        edges.add(new long[] {task, prerequisite});
      }
    }
    return edges;
  }

  static PlanGraph.Status status(int i) {
    return i % 10 < 3 ? PlanGraph.Status.COMPLETED : i % 10 < 9 ? PlanGraph.Status.NOT_STARTED : PlanGraph.Status.IN_PROGRESS;
  }

  @Test
  void planning_100k_tasks_and_300k_edges() throws Exception {
    Random random = new Random(42);
    List<long[]> edges = edges(random);
    List<PlanGraph.Node> nodes = new ArrayList<>();
    for (int i = 1; i <= TASKS; i++) {
      nodes.add(new PlanGraph.Node(i, 1 + random.nextInt(16), status(i), i % 4, "Area " + i % 40, null));
    }
    List<PlanGraph.Edge> graphEdges = edges.stream().map(e -> new PlanGraph.Edge(e[0], e[1])).toList();
    Bench bench = new Bench("Planner, " + TASKS + " tasks, " + EDGES + " edges");
    PlanGraph[] g = {null};
    double build = Bench.medianMillis(() -> g[0] = new PlanGraph(nodes, graphEdges), 5, 9);
    double cpm = Bench.medianMillis(() -> Planner.criticalPath(g[0], false), 5, 9);
    double ready = Bench.medianMillis(() -> Planner.readyQueue(g[0]), 5, 9);
    double waves = Bench.medianMillis(() -> Planner.schedule(g[0], 5), 5, 9);
    double cycle = Bench.medianMillis(() -> g[0].findCycle(), 5, 9);
    bench.figure("build the graph", build, "ms", "-", true);
    bench.figure("critical path (CPM)", cpm, "ms", "< 100 ms", cpm < 100);
    bench.figure("ready set", ready, "ms", "< 100 ms", ready < 100);
    bench.figure("waves + makespan, limit 5", waves, "ms", "< 100 ms", waves < 100);
    bench.figure("cycle check", cycle, "ms", "-", true);

    try (Tracker tracker = TestDatabases.sqlite(dir)) {
      seed(tracker, nodes, edges);
      Javalin app = WebApp.create(tracker).start("127.0.0.1", 0);
      try {
        String base = "http://127.0.0.1:" + app.port();
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        for (String route : List.of("/api/critical-path", "/api/ready?limit=100", "/api/plan?max_parallel_tasks=5")) {
          double p95 = Bench.p95Millis(() -> {
            try {
              var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + route)).build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
              if (response.statusCode() != 200) {
                throw new IllegalStateException(route + " " + response.statusCode());
              }
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }, 5, 30);
          bench.figure("GET " + route + " p95 (HTTP)", p95, "ms", "< 100 ms", p95 < 100);
        }
      } finally {
        app.stop();
      }
    }
    System.out.println(bench.table());
    assertThat(g[0].size()).isEqualTo(TASKS);
  }

  static void seed(Tracker tracker, List<PlanGraph.Node> nodes, List<long[]> edges) throws Exception {
    try (Connection c = tracker.database().ebean().dataSource().getConnection();
        PreparedStatement task = c.prepareStatement("insert into tasks (id, created_at, updated_at, title,"
            + " component_area, phase, priority, complexity, status, source_document, time_estimate_hours, version)"
            + " values (?, ?, ?, ?, ?, 1, ?, 'Medium', ?, 'bench.md', ?, 1)");
        PreparedStatement dep = c.prepareStatement("insert into task_dependencies (created_at, task_id,"
            + " depends_on_task_id, dependency_type) values (?, ?, ?, 'blocks')")) {
      Timestamp now = Timestamp.from(Instant.now());
      String[] priorities = {"Critical", "High", "Medium", "Low"};
      for (PlanGraph.Node n : nodes) {
        task.setLong(1, n.id());
        task.setTimestamp(2, now);
        task.setTimestamp(3, now);
        task.setString(4, "Task " + n.id());
        task.setString(5, n.componentArea());
        task.setString(6, priorities[n.priorityRank()]);
        task.setString(7, n.status().name().toLowerCase());
        task.setDouble(8, n.hours());
        task.addBatch();
      }
      task.executeBatch();
      for (long[] e : edges) {
        dep.setTimestamp(1, now);
        dep.setLong(2, e[0]);
        dep.setLong(3, e[1]);
        dep.addBatch();
      }
      dep.executeBatch();
      c.commit();
    }
  }
}
