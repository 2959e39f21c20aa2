package tracker.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import tracker.app.Tracker;
import tracker.support.TestDatabases;
import tracker.tasks.TaskDraft;
import tracker.app.WebApp;

/** Parallel workers over HTTP: claims are exactly-once, and a whole plan runs through claims. */
@ParameterizedClass(name = "on {0}")
@ValueSource(strings = {TestDatabases.SQLITE, TestDatabases.POSTGRESQL})
class ClaimConcurrencyTest {

  @Parameter
  String database;


  @TempDir
  Path dir;

  static final Pattern ID = Pattern.compile("^\\{\"id\":(\\d+)");

  static HttpResponse<String> post(HttpClient http, int port, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Runs {@code workers} threads of {@code work} and answers what went wrong. */
  static List<String> runWorkers(int workers, WorkerBody work) throws InterruptedException {
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      int worker = w;
      Thread thread = new Thread(() -> {
        try {
          work.run(worker, failures);
        } catch (Exception e) {
          failures.add(e.toString());
        }
      });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    return List.copyOf(failures);
  }

  interface WorkerBody {
    void run(int worker, ConcurrentLinkedQueue<String> failures) throws Exception;
  }

  @Test
  void sixteen_claimers_take_each_of_500_ready_tasks_exactly_once() throws Exception {
    try (Tracker tracker = TestDatabases.open(database, dir)) {
      for (int i = 0; i < 500; i++) {
        tracker.tasks().create(new TaskDraft("T" + i, null, "Claims", 1 + i % 4, null, null, null, "s", null, null, null));
      }
      Javalin app = WebApp.create(tracker).start("127.0.0.1", 0);
      Map<Long, String> claimedBy = new ConcurrentHashMap<>();
      List<String> failures;
      try {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        failures = runWorkers(16, (worker, problems) -> {
          while (true) {
            HttpResponse<String> response = post(http, app.port(), "/api/claim", "{\"worker\": \"w" + worker + "\"}");
            if (response.statusCode() == 204) {
              return;
            }
            if (response.statusCode() != 200) {
              problems.add(response.statusCode() + " " + response.body());
              return;
            }
            Matcher m = ID.matcher(response.body());
            assertThat(m.find()).isTrue();
            String previous = claimedBy.put(Long.parseLong(m.group(1)), "w" + worker);
            if (previous != null) {
              problems.add("task " + m.group(1) + " claimed twice");
            }
          }
        });
      } finally {
        app.stop();
      }
      assertThat(failures).isEmpty();
      assertThat(claimedBy).hasSize(500);
      assertThat(tracker.statistics().stats().inProgressTasks()).isEqualTo(500);
      long claimNotes = tracker.database().ebean()
          .sqlQuery("select count(*) as n from task_progress where notes like 'Claimed by %'").findOne().getLong("n");
      assertThat(claimNotes).isEqualTo(500);
    }
  }

  /**
   * As many claimers as ready tasks, at once, round after round: each gets a task, none hears
   * "nothing ready" while one is left (on PostgreSQL the claimers of one process reserve the
   * candidates they look at; one that finds them all reserved must still look at them).
   */
  @Test
  void as_many_claimers_as_ready_tasks_each_get_one() throws Exception {
    try (Tracker tracker = TestDatabases.open(database, dir)) {
      Javalin app = WebApp.create(tracker).start("127.0.0.1", 0);
      try {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int round = 0; round < 20; round++) {
          for (int i = 0; i < 16; i++) {
            tracker.tasks().create(new TaskDraft("R" + round + " T" + i, null, "Round " + round, 1, null, null, null,
                "s", null, null, null));
          }
          String area = "Round " + round;
          Map<Long, Integer> claimed = new ConcurrentHashMap<>();
          List<String> failures = runWorkers(16, (worker, problems) -> {
            HttpResponse<String> response = post(http, app.port(), "/api/claim",
                "{\"worker\": \"w" + worker + "\", \"component_area\": \"" + area + "\"}");
            Matcher m = ID.matcher(response.body());
            if (response.statusCode() != 200 || !m.find()) {
              problems.add(response.statusCode() + " " + response.body());
            } else if (claimed.put(Long.parseLong(m.group(1)), worker) != null) {
              problems.add("task " + m.group(1) + " claimed twice");
            }
          });
          assertThat(failures).as("round " + round).isEmpty();
          assertThat(claimed).as("round " + round).hasSize(16);
        }
      } finally {
        app.stop();
      }
    }
  }

  @Test
  void four_workers_run_a_whole_plan_through_claims_heartbeats_and_status_changes() throws Exception {
    try (Tracker tracker = TestDatabases.open(database, dir)) {
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        long id = tracker.tasks().create(new TaskDraft("Step " + i, null, "Run", 1, null, null, null, "s", null, null, null)).id();
        if (i >= 3) {
          tracker.tasks().addDependency(id, ids.get(i - 3), "blocks"); // three chains, interleaved
        }
        ids.add(id);
      }
      Javalin app = WebApp.create(tracker).start("127.0.0.1", 0);
      List<String> failures;
      try {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        failures = runWorkers(4, (worker, problems) -> {
          int idle = 0;
          while (idle < 20) {
            HttpResponse<String> claim = post(http, app.port(), "/api/claim",
                "{\"worker\": \"w" + worker + "\", \"lease_seconds\": 30}");
            if (claim.statusCode() == 204) {
              idle++; // others may still be finishing prerequisites
              Thread.sleep(20);
              continue;
            }
            idle = 0;
            Matcher m = ID.matcher(claim.body());
            assertThat(m.find()).as(claim.body()).isTrue();
            String id = m.group(1);
            int beat = post(http, app.port(), "/api/tasks/" + id + "/heartbeat", "{\"worker\": \"w" + worker + "\"}").statusCode();
            int done = post(http, app.port(), "/api/tasks/" + id + "/status",
                "{\"status\": \"completed\", \"progress_percentage\": 100, \"updated_by\": \"w" + worker + "\"}").statusCode();
            if (beat != 200 || done != 200) {
              problems.add("task " + id + ": heartbeat " + beat + ", status " + done);
            }
          }
        });
      } finally {
        app.stop();
      }
      assertThat(failures).isEmpty();
      assertThat(tracker.statistics().stats().completedTasks()).isEqualTo(60);
    }
  }
}
