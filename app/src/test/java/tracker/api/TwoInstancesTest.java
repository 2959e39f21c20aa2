package tracker.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tracker.app.Tracker;
import tracker.api.ApiClient.Reply;
import tracker.support.EventStream;
import tracker.support.TestDatabases;
import tracker.tasks.TaskDraft;
import tracker.app.WebApp;

/** Two server instances on one PostgreSQL, as a team behind a load balancer runs them. */
class TwoInstancesTest {

  Tracker trackerA;
  Tracker trackerB;
  Javalin a;
  Javalin b;

  @BeforeEach
  void startBoth() {
    String url = TestDatabases.migratedPostgresUrl();
    trackerA = Tracker.open(url);
    trackerB = Tracker.open(url);
    a = WebApp.create(trackerA).start("127.0.0.1", 0);
    b = WebApp.create(trackerB).start("127.0.0.1", 0);
  }

  @AfterEach
  void stopBoth() {
    a.stop();
    b.stop();
    trackerA.close();
    trackerB.close();
  }

  private static String taskJson(String title) {
    return "{\"title\": \"" + title + "\", \"component_area\": \"Team\", \"phase\": 1, \"source_document\": \"s\"}";
  }

  /**
   * After another instance took the candidates a claim looked at first, claims of this instance
   * spread over the queue's head for a while (PlanService.SPREAD_NANOS); a claimer alone still
   * takes the tasks in the queue's order.
   */
  @Test
  void a_claimer_alone_keeps_the_queue_order_after_another_instance_took_its_first_candidates() throws Exception {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ids.add(trackerA.tasks().create(new TaskDraft("T" + i, null, "Team", 1, null, null, null, "s", null, null, null))
          .id());
    }
    ApiClient client = new ApiClient(a.port());
    assertThat(client.post("/api/claim", "{\"worker\": \"w\"}").json().get("id").asLong()).isEqualTo(ids.get(0));
    // taken behind the back of A's kept plan (no history entry, so A does not see it until it looks)
    trackerB.database().ebean().sqlUpdate("update tasks set status = 'in_progress' where id in (:ids)")
        .setParameter("ids", ids.subList(1, 3)).execute();
    List<Long> taken = new ArrayList<>();
    taken.add(client.post("/api/claim", "{\"worker\": \"w\"}").json().get("id").asLong()); // after a look at 1 and 2
    // a new task elsewhere makes A read its plan again, now without 1 and 2, while its claims still spread
    trackerB.tasks().create(new TaskDraft("elsewhere", null, "Other", 1, null, null, null, "s", null, null, null));
    Thread.sleep(50); // longer than A trusts its kept plan without a look (PlanService.SHARED_CLAIMS_TRUST_NANOS)
    for (int i = 4; i < 10; i++) {
      taken.add(client.post("/api/claim", "{\"worker\": \"w\"}").json().get("id").asLong());
    }
    assertThat(taken).isEqualTo(ids.subList(3, 10));
  }

  @Test
  void sixteen_claimers_spread_over_both_instances_claim_500_tasks_exactly_once() throws Exception {
    for (int i = 0; i < 500; i++) {
      trackerA.tasks().create(new TaskDraft("T" + i, null, "Team", 1 + i % 4, null, null, null, "s", null, null, null));
    }
    Set<Long> claimed = ConcurrentHashMap.newKeySet();
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    List<Thread> claimers = new ArrayList<>();
    for (int w = 0; w < 16; w++) {
      int worker = w;
      ApiClient client = new ApiClient(worker % 2 == 0 ? a.port() : b.port());
      Thread thread = new Thread(() -> {
        while (true) {
          Reply reply = client.post("/api/claim", "{\"worker\": \"w" + worker + "\"}");
          if (reply.status() == 204) {
            return;
          }
          if (reply.status() != 200) {
            problems.add(reply.status() + " " + reply.text());
            return;
          }
          long id = reply.json().get("id").asLong();
          if (!claimed.add(id)) {
            problems.add("task " + id + " claimed twice");
          }
        }
      });
      thread.start();
      claimers.add(thread);
    }
    for (Thread thread : claimers) {
      thread.join();
    }
    assertThat(problems).isEmpty();
    assertThat(claimed).hasSize(500);
    assertThat(trackerB.statistics().stats().inProgressTasks()).isEqualTo(500);
  }

  /**
   * History ids are handed out in commit order across instances: a follower that reads on from the
   * last id it saw (as /events and since_id do) misses no entry while eight writers on both
   * instances change statuses. An id drawn before an earlier one committed would show up below
   * the follower's mark and never be read.
   */
  @Test
  void a_follower_of_the_history_misses_no_entry_while_both_instances_write() throws Exception {
    List<Long> tasks = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      tasks.add(trackerA.tasks().create(new TaskDraft("W" + i, null, "Team", 1, null, null, null, "s", null, null,
          null)).id());
    }
    long start = trackerA.activity().lastId();
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < 8; w++) {
      Tracker via = w % 2 == 0 ? trackerA : trackerB;
      long task = tasks.get(w);
      Thread writer = new Thread(() -> {
        for (int i = 0; i < 60; i++) {
          via.tasks().updateStatus(task, new tracker.tasks.TaskRecords.StatusChange(
              i % 2 == 0 ? "blocked" : "in_progress", null, null, null, null, null, null, null));
        }
      });
      writer.start();
      writers.add(writer);
    }
    Set<Long> followed = new java.util.HashSet<>();
    long mark = start;
    while (writers.stream().anyMatch(Thread::isAlive) || mark < trackerB.activity().lastId()) {
      for (var entry : trackerB.activity().after(mark, 1000)) {
        followed.add(entry.id());
        mark = Math.max(mark, entry.id());
      }
    }
    for (Thread writer : writers) {
      writer.join();
    }
    List<Long> written = trackerA.database().ebean().sqlQuery("select id from activity where id > :start")
        .setParameter("start", start).mapToScalar(Long.class).findList();
    assertThat(written).hasSize(8 * 60);
    assertThat(written.stream().filter(id -> !followed.contains(id)).toList()).as("entries the follower missed")
        .isEmpty();
  }

  @Test
  void a_change_through_one_instance_reaches_an_event_stream_of_the_other_within_a_second() throws Exception {
    ApiClient viaA = new ApiClient(a.port());
    long task = viaA.post("/api/tasks", taskJson("Watched")).json().get("id").asLong();
    try (EventStream onB = new EventStream(b.port(), "", null)) {
      Thread.sleep(300); // the stream is subscribed
      long sent = System.nanoTime();
      viaA.post("/api/tasks/" + task + "/status", "{\"status\": \"in_progress\"}");
      EventStream.Event event = onB.next(1000);
      assertThat(event).as("an event within a second").isNotNull();
      assertThat(event.name()).isEqualTo("task-updated");
      assertThat(event.data()).isEqualTo(String.valueOf(task));
      assertThat((System.nanoTime() - sent) / 1_000_000).isLessThan(1000);
    }
  }

  @Test
  void a_stale_if_match_is_refused_across_instances_and_plans_see_the_other_instances_changes() {
    ApiClient viaA = new ApiClient(a.port());
    ApiClient viaB = new ApiClient(b.port());
    long task = viaA.post("/api/tasks", taskJson("Shared")).json().get("id").asLong();
    String etag = viaA.get("/api/tasks/" + task).header("ETag");

    assertThat(viaB.patch("/api/tasks/" + task, "{\"title\": \"B was first\"}", "If-Match", etag).status()).isEqualTo(200);
    Reply stale = viaA.patch("/api/tasks/" + task, "{\"title\": \"A overwrites\"}", "If-Match", etag);
    assertThat(stale.status()).isEqualTo(412);
    assertThat(viaA.get("/api/tasks/" + task).json().get("title").asText()).isEqualTo("B was first");

    assertThat(viaB.get("/api/ready").json().findValuesAsText("title")).contains("B was first");
    long second = viaA.post("/api/tasks", taskJson("Added on A")).json().get("id").asLong();
    assertThat(viaB.get("/api/ready").json().findValuesAsText("title")).contains("Added on A");
    viaA.post("/api/tasks/" + second + "/dependencies", "{\"depends_on_task_id\": " + task + "}");
    assertThat(viaB.get("/api/ready").json().findValuesAsText("title")).doesNotContain("Added on A");
  }
}
