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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import tracker.app.Tracker;
import tracker.support.TestDatabases;
import tracker.tasks.TaskDraft;
import tracker.app.WebApp;

/** 32 clients × 200 changes to the same 10 tasks: every change answered 2xx is stored, and no 5xx. */
@ParameterizedClass(name = "on {0}")
@ValueSource(strings = {TestDatabases.SQLITE, TestDatabases.POSTGRESQL})
class ConcurrentWritesTest {

  @Parameter
  String database;


  @TempDir
  Path dir;

  @Test
  void every_acknowledged_change_of_32_concurrent_clients_is_in_the_database() throws Exception {
    try (Tracker tracker = TestDatabases.open(database, dir)) {
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        ids.add(tracker.tasks().create(new TaskDraft("Hot " + i, null, "Load", 1, null, null, null, "s", null, null, null)).id());
      }
      Javalin app = WebApp.create(tracker).start("127.0.0.1", 0);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(java.util.concurrent.Executors.newFixedThreadPool(8)).build();
      Set<String> acknowledgedNotes = ConcurrentHashMap.newKeySet();
      Set<String> acknowledgedComments = ConcurrentHashMap.newKeySet();
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
      java.util.concurrent.atomic.AtomicInteger acknowledged = new java.util.concurrent.atomic.AtomicInteger();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> clients = new ArrayList<>();
      try {
        for (int c = 0; c < 32; c++) {
          int client = c;
          Thread thread = new Thread(() -> {
            try {
              start.await();
              for (int i = 0; i < 200; i++) {
                long task = ids.get((client + i) % ids.size());
                String mark = "c" + client + "-" + i;
                String path;
                String body;
                switch (i % 3) {
                  case 0 -> {
                    path = "/api/tasks/" + task + "/status";
                    body = "{\"status\": \"" + (i % 2 == 0 ? "in_progress" : "blocked") + "\", \"comment\": \"" + mark
                        + "\", \"progress_percentage\": " + (i % 101) + ", \"notes\": \"" + mark + "\"}";
                  }
                  case 1 -> {
                    path = "/api/tasks/" + task + "/progress";
                    body = "{\"progress_percentage\": " + (i % 101) + ", \"notes\": \"" + mark + "\"}";
                  }
                  default -> {
                    path = "/api/tasks/" + task + "/comments";
                    body = "{\"comment\": \"" + mark + "\", \"comment_type\": \"note\"}";
                  }
                }
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + app.port() + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() >= 500) {
                  failures.add(path + " " + response.statusCode() + " " + response.body());
                } else if (response.statusCode() / 100 != 2) {
                  refused.add(path + " " + response.statusCode() + " " + response.body());
                } else {
                  acknowledged.incrementAndGet();
                  if (i % 3 != 2) {
                    acknowledgedNotes.add(mark);
                  }
                  if (i % 3 != 1) {
                    acknowledgedComments.add(mark);
                  }
                }
              }
            } catch (Exception e) {
              failures.add(e.toString());
            }
          });
          thread.start();
          clients.add(thread);
        }
        start.countDown();
        for (Thread thread : clients) {
          thread.join();
        }
      } finally {
        app.stop();
      }

      assertThat(failures).isEmpty();
      var db = tracker.database().ebean();
      Set<String> storedNotes = Set.copyOf(db.sqlQuery("select notes from task_progress where notes like 'c%'")
          .mapToScalar(String.class).findList());
      Set<String> storedComments = Set.copyOf(db.sqlQuery("select comment from task_comments")
          .mapToScalar(String.class).findList());
      assertThat(storedNotes).containsAll(acknowledgedNotes);
      assertThat(storedComments).containsAll(acknowledgedComments);
      assertThat(acknowledged.get()).as("requests answered 2xx; refused: %s", refused).isEqualTo(32 * 200);
    }
  }
}
