package tracker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static tracker.api.PlanApiTest.depends;
import static tracker.api.PlanApiTest.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tracker.plan.PlanService;
import tracker.support.ApiTests;

/** What a worker agent relies on: readiness along the hierarchy, its reasons, the claim order, fencing, leases. */
class AgentClaimsTest extends ApiTests {

  static long subtask(ApiClient api, String title, long parent) {
    return api.post("/api/tasks", "{\"title\": \"" + title + "\", \"component_area\": \"X\", \"phase\": 1,"
        + " \"source_document\": \"s\", \"parent_task_id\": " + parent + "}").json().get("id").asLong();
  }

  /** An epic that waits for a prerequisite, with a part under it and a deeper task under that. */
  record Hierarchy(long prerequisite, long epic, long part, long deeper) {
    static Hierarchy waiting(ApiClient api) {
      long prerequisite = task(api, "prerequisite", 1, "Low", "X");
      long epic = task(api, "epic", 1, "Low", "X");
      long part = subtask(api, "part", epic);
      long deeper = subtask(api, "deeper", part);
      depends(api, epic, prerequisite, "blocks");
      return new Hierarchy(prerequisite, epic, part, deeper);
    }
  }

  static JsonNode status(ApiClient api, long id, String body) {
    ApiClient.Reply reply = api.post("/api/tasks/" + id + "/status", body);
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    return reply.json();
  }

  @Test
  void a_container_is_never_ready_its_subtasks_wait_for_its_prerequisites_and_it_follows_them() {
    api(api -> {
      long setup = task(api, "setup", 1, "Low", "X");
      long epic = task(api, "epic", 1, "High", "X");
      long first = subtask(api, "first", epic);
      long second = subtask(api, "second", epic);
      depends(api, epic, setup, "requires");

      assertThat(api.get("/api/ready").json().findValuesAsText("title")).containsExactly("setup");
      JsonNode why = api.get("/api/tasks/" + first + "/readiness").json();
      assertThat(why.get("ready").asBoolean()).isFalse();
      assertThat(why.get("reasons").get(0).get("kind").asText()).isEqualTo("ancestor_dependency");
      assertThat(why.get("reasons").get(0).get("via_task_id").asLong()).isEqualTo(epic);
      assertThat(why.get("reasons").get(0).get("task_id").asLong()).isEqualTo(setup);
      JsonNode epicWhy = api.get("/api/tasks/" + epic + "/readiness").json();
      assertThat(epicWhy.get("reasons").findValuesAsText("kind")).containsExactly("container", "dependency");
      assertThat(epicWhy.get("reasons").get(0).get("open_subtasks").asInt()).isEqualTo(2);

      JsonNode claimed = api.post("/api/claim", "{\"worker\": \"w1\", \"lease_seconds\": 600}").json();
      assertThat(claimed.get("id").asLong()).isEqualTo(setup);
      JsonNode held = api.get("/api/tasks/" + setup + "/readiness").json().get("reasons").get(0);
      assertThat(held.get("kind").asText()).isEqualTo("claimed");
      assertThat(held.get("claimed_by").asText()).isEqualTo("w1");
      assertThat(held.get("lease_expires_at").asText()).isEqualTo(claimed.get("lease_expires_at").asText());
      assertThat(api.get("/api/tasks/" + first + "/readiness").json().get("reasons").get(0).get("claimed_by")
          .asText()).isEqualTo("w1");
      status(api, setup, "{\"status\": \"completed\"}");

      assertThat(api.get("/api/ready").json().findValuesAsText("title")).containsExactlyInAnyOrder("first", "second");
      assertThat(api.get("/api/tasks/" + first + "/readiness").json().get("ready").asBoolean()).isTrue();
      for (int i = 0; i < 2; i++) {
        long taken = api.post("/api/claim", "{\"worker\": \"w" + i + "\"}").json().get("id").asLong();
        assertThat(taken).isIn(first, second);
      }
      assertThat(api.post("/api/claim", "{\"worker\": \"w9\"}").status()).isEqualTo(204); // never the epic

      status(api, first, "{\"status\": \"completed\"}");
      assertThat(api.get("/api/tasks/" + epic).json().get("status").asText()).isEqualTo("not_started");
      status(api, second, "{\"status\": \"completed\"}");
      assertThat(api.get("/api/tasks/" + epic).json().get("status").asText()).isEqualTo("completed");
      assertThat(api.get("/api/tasks/" + epic + "/history").json().findValuesAsText("action"))
          .contains("completed_with_subtasks");

      status(api, second, "{\"status\": \"in_progress\"}");
      assertThat(api.get("/api/tasks/" + epic).json().get("status").asText()).isEqualTo("in_progress");
      assertThat(api.get("/api/tasks/" + epic + "/history").json().findValuesAsText("action"))
          .contains("reopened_by_subtask");
      assertThat(api.get("/api/tasks/" + setup + "/readiness").json().get("reasons").get(0).get("message").asText())
          .isEqualTo("already completed");
    });
  }

  @Test
  void a_container_is_complete_only_when_its_subtasks_are_whatever_route_changes_them() {
    api(api -> {
      long parent = task(api, "parent", 1, "Low", "X");
      long child = subtask(api, "child", parent);
      long waiting = task(api, "waiting", 1, "Low", "X");
      depends(api, waiting, parent, "blocks");

      ApiClient.Reply early = api.post("/api/tasks/" + parent + "/status", "{\"status\": \"completed\"}");
      assertThat(early.status()).as(early.text()).isEqualTo(409);
      assertThat(early.text()).contains("1 open subtask");
      assertThat(api.patch("/api/tasks/" + parent, "{\"status\": \"completed\"}").status()).isEqualTo(409);
      assertThat(api.post("/api/tasks/" + parent + "/progress", "{\"progress_percentage\": 100}").status())
          .as("completing by progress too").isIn(409, 201);
      assertThat(api.get("/api/tasks/" + parent).json().get("status").asText()).isNotEqualTo("completed");
      assertThat(api.get("/api/tasks/" + waiting + "/readiness").json().get("ready").asBoolean()).isFalse();

      status(api, child, "{\"status\": \"completed\"}");
      assertThat(api.get("/api/tasks/" + parent).json().get("status").asText()).isEqualTo("completed");
      long late = subtask(api, "late", parent);
      assertThat(api.get("/api/tasks/" + parent).json().get("status").asText()).as("a new open subtask reopens it")
          .isEqualTo("in_progress");
      status(api, late, "{\"status\": \"completed\"}");
      assertThat(api.get("/api/tasks/" + parent).json().get("status").asText()).isEqualTo("completed");

      long other = task(api, "other", 1, "Low", "X");
      long open = subtask(api, "open", other);
      long done = task(api, "done", 1, "Low", "X");
      status(api, done, "{\"status\": \"completed\"}");
      assertThat(api.patch("/api/tasks/" + open, "{\"parent_task_id\": " + done + "}").status()).isEqualTo(200);
      assertThat(api.get("/api/tasks/" + done).json().get("status").asText()).as("moved under a completed one")
          .isEqualTo("in_progress");
    });
  }

  @Test
  void no_route_through_the_hierarchy_leaves_a_task_waiting_for_itself() {
    api(api -> {
      long parent = task(api, "parent", 1, "Low", "X");
      long child = subtask(api, "child", parent);
      ApiClient.Reply onOwnSubtask = api.post("/api/tasks/" + parent + "/dependencies",
          "{\"depends_on_task_id\": " + child + "}");
      assertThat(onOwnSubtask.status()).as(onOwnSubtask.text()).isEqualTo(422);
      assertThat(onOwnSubtask.text()).contains("would wait for itself");

      long third = task(api, "third", 1, "Low", "X");
      depends(api, third, child, "blocks");
      ApiClient.Reply throughThird = api.post("/api/tasks/" + parent + "/dependencies",
          "{\"depends_on_task_id\": " + third + "}");
      assertThat(throughThird.status()).as(throughThird.text()).isEqualTo(422);
      assertThat(api.post("/api/tasks/" + parent + "/dependencies", "{\"depends_on_task_id\": " + third
          + ", \"dependency_type\": \"enhances\"}").status()).as("enhances never holds anything back").isEqualTo(201);

      long a = task(api, "a", 1, "Low", "X");
      long b = task(api, "b", 1, "Low", "X");
      depends(api, b, a, "blocks");
      ApiClient.Reply moved = api.patch("/api/tasks/" + a, "{\"parent_task_id\": " + b + "}");
      assertThat(moved.status()).as(moved.text()).isEqualTo(422);
      assertThat(moved.text()).contains("parent_task_id", "would wait for itself");
      assertThat(api.get("/api/tasks/" + a).json().get("parent_task_id").isNull()).isTrue();

      ApiClient.Reply bulk = api.post("/api/tasks/bulk", "{\"tasks\": ["
          + "{\"ref\": \"p\", \"title\": \"p\", \"component_area\": \"X\", \"phase\": 1, \"source_document\": \"s\","
          + " \"depends_on\": [{\"ref\": \"c\"}]},"
          + "{\"ref\": \"c\", \"parent_ref\": \"p\", \"title\": \"c\", \"component_area\": \"X\", \"phase\": 1,"
          + " \"source_document\": \"s\"}]}");
      assertThat(bulk.status()).as(bulk.text()).isEqualTo(422);
      assertThat(bulk.text()).as("the new tasks by place: their ids were rolled back").contains("tasks[1]")
          .doesNotContainPattern("task \\d");
      ApiClient.Reply onAncestor = api.post("/api/tasks/bulk", "{\"tasks\": ["
          + "{\"ref\": \"p\", \"title\": \"p\", \"component_area\": \"X\", \"phase\": 1, \"source_document\": \"s\"},"
          + "{\"parent_ref\": \"p\", \"title\": \"c\", \"component_area\": \"X\", \"phase\": 1,"
          + " \"source_document\": \"s\", \"depends_on\": [{\"ref\": \"p\"}]}]}");
      assertThat(onAncestor.status()).as(onAncestor.text()).isEqualTo(422);
      assertThat(onAncestor.text()).contains("tasks[1].depends_on", "tasks[1] would wait for its ancestor tasks[0]");
      ApiClient.Reply underExisting = api.post("/api/tasks/bulk", "{\"tasks\": [{\"title\": \"n\", \"component_area\": \"X\","
          + " \"phase\": 1, \"source_document\": \"s\", \"parent_task_id\": " + b + ", \"depends_on\": [{\"task_id\": " + a + "}]}]}");
      assertThat(underExisting.status()).as("a subtask may wait for what its parent waits for").isEqualTo(201);
      ApiClient.Reply loop = api.post("/api/tasks/bulk", "{\"tasks\": [{\"title\": \"m\", \"component_area\": \"X\","
          + " \"phase\": 1, \"source_document\": \"s\", \"parent_task_id\": " + a + ", \"depends_on\": [{\"task_id\": " + b + "}]}]}");
      assertThat(loop.status()).as("under a, waiting for b, which waits for a: " + loop.text()).isEqualTo(422);
      assertThat(api.get("/api/tasks?limit=500").json().get("total").asInt()).isEqualTo(6);
    });
  }

  /**
   * Claims take candidates from the kept plan without asking the database while this process
   * only claimed since; anything else this process commits (a completion, by status or by a
   * progress of 100 %) is seen by the very next claim, which takes the task that became ready.
   */
  @Test
  void the_claim_right_after_a_completion_takes_the_task_it_made_ready() {
    api(api -> {
      for (String completion : new String[] {"status", "progress"}) {
        String area = "Chain " + completion;
        long first = task(api, "first", 10, "Low", area);
        long second = task(api, "second", 10, "Low", area);
        task(api, "short one", 1, "Critical", area);
        task(api, "short two", 1, "Critical", area);
        depends(api, second, first, "requires");
        String claim = "{\"worker\": \"w\", \"component_area\": \"" + area + "\"}";
        assertThat(api.post("/api/claim", claim).json().get("id").asLong()).as("the critical path first").isEqualTo(first);
        ApiClient.Reply done = completion.equals("status")
            ? api.post("/api/tasks/" + first + "/status", "{\"status\": \"completed\"}")
            : api.post("/api/tasks/" + first + "/progress", "{\"progress_percentage\": 100}");
        assertThat(done.status()).as(done.text()).isIn(200, 201);
        assertThat(api.get("/api/tasks/" + first).json().get("status").asText()).isEqualTo("completed");
        assertThat(api.post("/api/claim", claim).json().get("id").asLong()).as("after a completion by " + completion)
            .isEqualTo(second);
      }
    });
  }

  /**
   * The claim's one statement refuses what the plan would not offer, for when the plan a claim
   * takes its candidates from is behind: a task whose ancestor waits, a container, a task taken.
   */
  @Test
  void the_claim_statement_itself_refuses_a_task_whose_ancestor_waits_a_container_and_a_taken_task() {
    api(api -> {
      Hierarchy plan = Hierarchy.waiting(api);
      long deeper = plan.deeper();
      assertThat(claimDirectly(deeper)).as("its grandparent waits for the prerequisite").isEmpty();
      assertThat(claimDirectly(plan.part())).as("a container").isEmpty();

      status(api, plan.prerequisite(), "{\"status\": \"completed\"}");
      assertThat(claimDirectly(deeper)).hasValueSatisfying(task -> assertThat(task.claimedBy()).isEqualTo("w1"));
      assertThat(claimDirectly(deeper)).as("taken").isEmpty();
      assertThat(api.get("/api/tasks/" + deeper).json().get("claimed_by").asText()).isEqualTo("w1");
    });
  }

  private java.util.Optional<tracker.tasks.TaskView> claimDirectly(long id) {
    return tracker.database().transactions().write(() -> tracker.tasks().transitions().claim(id, "w1", 60));
  }

  @Test
  void the_hierarchy_cannot_be_used_to_get_around_a_prerequisite_or_to_lock_work() {
    api(api -> {
      Hierarchy plan = Hierarchy.waiting(api);
      long prerequisite = plan.prerequisite();
      long epic = plan.epic();
      long part = plan.part();
      long deeper = plan.deeper();

      ApiClient.Reply early = api.post("/api/tasks/" + deeper + "/status", "{\"status\": \"completed\"}");
      assertThat(early.status()).isEqualTo(409);
      assertThat(early.json().get("detail").asText()).contains("#" + prerequisite, "for ancestor #" + epic);
      assertThat(api.get("/api/tasks/" + epic).json().get("status").asText()).isEqualTo("not_started");

      for (long ancestor : new long[] {epic, part}) {
        ApiClient.Reply onAncestor = api.post("/api/tasks/" + deeper + "/dependencies",
            "{\"depends_on_task_id\": " + ancestor + "}");
        assertThat(onAncestor.status()).isEqualTo(422);
        assertThat(onAncestor.text()).contains("ancestor");
      }
      long loose = task(api, "loose", 1, "Low", "X");
      depends(api, loose, epic, "blocks");
      ApiClient.Reply moved = api.patch("/api/tasks/" + loose, "{\"parent_task_id\": " + part + "}");
      assertThat(moved.status()).isEqualTo(422);
      assertThat(api.get("/api/tasks/" + loose).json().get("parent_task_id").isNull()).isTrue();
      ApiClient.Reply bulk = api.post("/api/tasks/bulk", "{\"tasks\": [{\"title\": \"b\", \"component_area\": \"X\","
          + " \"phase\": 1, \"source_document\": \"s\", \"parent_task_id\": " + epic + ", \"depends_on\": [{\"task_id\": " + epic + "}]}]}");
      assertThat(bulk.status()).as(bulk.text()).isEqualTo(422);

      status(api, deeper, "{\"status\": \"completed\", \"force\": true}");
      assertThat(api.get("/api/tasks/" + epic).json().get("status").asText()).isEqualTo("completed");
      // reopened by hand with every subtask done, the epic is plain work again: ready and claimable
      status(api, epic, "{\"status\": \"not_started\"}");
      status(api, prerequisite, "{\"status\": \"completed\"}");
      assertThat(api.get("/api/tasks/" + epic + "/readiness").json().get("ready").asBoolean()).isTrue();
    });
  }

  @Test
  void a_claimed_task_that_was_blocked_returns_to_the_queue_when_unblocked() {
    api(api -> {
      long t = task(api, "t", 1, "Low", "X");
      api.post("/api/claim", "{\"worker\": \"w\", \"lease_seconds\": 600}");
      api.post("/api/tasks/" + t + "/comments", "{\"comment\": \"no key\", \"comment_type\": \"blocker\"}");
      api.post("/api/tasks/" + t + "/comments", "{\"comment\": \"got it\", \"comment_type\": \"solution\"}");
      JsonNode after = api.get("/api/tasks/" + t).json();
      assertThat(after.get("status").asText()).isEqualTo("not_started");
      assertThat(api.get("/api/ready").json().findValuesAsText("id")).contains(String.valueOf(t));
      ApiClient.Reply never = api.post("/api/tasks/" + t + "/status", "{\"status\": \"completed\", \"claim_token\": 9}");
      assertThat(never.status()).isEqualTo(409);
      assertThat(never.json().get("detail").asText()).contains("never given");
    });
  }

  @Test
  void a_blocked_task_says_since_when_and_why() {
    api(api -> {
      long t = task(api, "stuck", 1, "Low", "X");
      api.post("/api/tasks/" + t + "/comments", "{\"comment\": \"waiting for the vendor's key\", \"comment_type\": \"blocker\"}");
      JsonNode reason = api.get("/api/tasks/" + t + "/readiness").json().get("reasons").get(0);
      assertThat(reason.get("kind").asText()).isEqualTo("blocked");
      assertThat(reason.get("comment").asText()).isEqualTo("waiting for the vendor's key");
      assertThat(reason.get("since").asText()).isEqualTo(api.get("/api/tasks/" + t).json().get("blocked_since").asText());
      assertThat(api.get("/api/tasks/999999/readiness").status()).isEqualTo(404);
    });
  }

  @Test
  void the_ready_queue_puts_the_critical_path_first_then_slack_then_priority() {
    api(api -> {
      long urgent = task(api, "urgent but short", 1, "Critical", "X");
      long start = task(api, "start of the long chain", 5, "Low", "X");
      long end = task(api, "end of the long chain", 5, "Low", "X");
      long sideLow = task(api, "side low", 1, "Low", "X");
      depends(api, end, start, "blocks");

      assertThat(api.get("/api/ready").json().findValuesAsText("id")).containsExactly(
          String.valueOf(start), String.valueOf(urgent), String.valueOf(sideLow));
      assertThat(api.post("/api/claim", "{\"worker\": \"w\"}").json().get("id").asLong()).isEqualTo(start);
    });
  }

  @Test
  void a_worker_whose_lease_ran_out_cannot_overwrite_the_next_holder() throws Exception {
    api(api -> {
      long t = task(api, "contended", 1, "Low", "X");
      JsonNode first = api.post("/api/claim", "{\"worker\": \"slow\", \"lease_seconds\": 1}").json();
      long stale = first.get("claim_token").asLong();
      pause(Duration.ofMillis(1200)); // the slow worker stalls past its lease
      ApiClient.Reply claimed = api.post("/api/claim", "{\"worker\": \"fast\", \"lease_seconds\": 600}");
      for (int i = 0; i < 40 && claimed.status() == 204; i++) { // the sweep returns it within a second
        pause(Duration.ofMillis(100));
        claimed = api.post("/api/claim", "{\"worker\": \"fast\", \"lease_seconds\": 600}");
      }
      JsonNode second = claimed.json();
      assertThat(second.get("id").asLong()).isEqualTo(t);
      long current = second.get("claim_token").asLong();
      assertThat(current).isGreaterThan(stale);

      for (String[] write : new String[][] {
          {"/status", "{\"status\": \"completed\", \"claim_token\": " + stale + "}"},
          {"/progress", "{\"progress_percentage\": 90, \"claim_token\": " + stale + "}"},
          {"/comments", "{\"comment\": \"done\", \"claim_token\": " + stale + "}"},
          {"/heartbeat", "{\"worker\": \"slow\", \"claim_token\": " + stale + "}"}}) {
        ApiClient.Reply refused = api.post("/api/tasks/" + t + write[0], write[1]);
        assertThat(refused.status()).as(write[0]).isEqualTo(409);
        assertThat(refused.json().get("detail").asText()).contains("fast", second.get("lease_expires_at").asText());
      }
      JsonNode after = api.get("/api/tasks/" + t).json();
      assertThat(after.get("status").asText()).isEqualTo("in_progress");
      assertThat(after.get("claimed_by").asText()).isEqualTo("fast");
      assertThat(after.get("progress_percentage").asInt()).isZero();
      assertThat(api.get("/api/tasks/" + t + "/comments").json()).isEmpty();
      JsonNode history = api.get("/api/tasks/" + t + "/history").json();
      assertThat(history.findValuesAsText("action")).contains("lease_expired", "stale_write_refused");
      for (JsonNode entry : history) {
        JsonNode changes = entry.get("changes");
        switch (entry.get("action").asText()) {
          case "lease_expired" -> {
            assertThat(changes.get("claimed_by").get("from").asText()).isEqualTo("slow");
            assertThat(changes.get("claim_token").get("to").asLong()).isEqualTo(stale);
          }
          case "stale_write_refused" -> assertThat(changes.get("claim_token").get("to").asLong()).isEqualTo(stale);
          default -> { }
        }
      }

      assertThat(api.post("/api/tasks/" + t + "/heartbeat", "{\"worker\": \"fast\", \"claim_token\": " + current + "}")
          .status()).isEqualTo(200);
      JsonNode done = status(api, t, "{\"status\": \"completed\", \"claim_token\": " + current + "}");
      assertThat(done.get("status").asText()).isEqualTo("completed");
      assertThat(api.post("/api/tasks/" + t + "/status", "{\"status\": \"completed\", \"claim_token\": 0}").status())
          .isEqualTo(422);
    });
  }

  @Test
  void the_server_sets_the_default_and_longest_lease() {
    tracker.plan().setLeasePolicy(new PlanService.LeasePolicy(60, 120));
    api(api -> {
      task(api, "a", 1, "Low", "X");
      task(api, "b", 1, "Low", "X");
      ApiClient.Reply tooLong = api.post("/api/claim", "{\"worker\": \"w\", \"lease_seconds\": 121}");
      assertThat(tooLong.status()).isEqualTo(422);
      assertThat(tooLong.text()).contains("at most 120");
      Instant before = Instant.now();
      JsonNode claimed = api.post("/api/claim", "{\"worker\": \"w\"}").json();
      Instant lease = Instant.parse(claimed.get("lease_expires_at").asText());
      assertThat(lease).isBetween(before.plusSeconds(59), Instant.now().plusSeconds(61));
      assertThat(api.post("/api/claim", "{\"worker\": \"w\", \"lease_seconds\": 120}").status()).isEqualTo(200);
    });
  }

  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
