package tracker.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tracker.api.ApiClient;
import tracker.api.ApiClient.Reply;
import tracker.support.ApiTests;

/** An id once given (a task, a group, a scenario, a trash entry) is never given again, whatever was deleted since. */
class IdsNeverReusedTest extends ApiTests {

  private static long post(ApiClient api, String path, String body) {
    Reply reply = api.post(path, body);
    assertThat(reply.status()).as(reply.text()).isEqualTo(201);
    var created = reply.json();
    return (created.isArray() ? created.get(0) : created).get("id").asLong(); // bulk answers a list
  }

  private static long task(ApiClient api, String title) {
    return post(api, "/api/tasks", "{\"title\":\"" + title + "\",\"component_area\":\"c\",\"phase\":1,"
        + "\"source_document\":\"s\",\"time_estimate_hours\":1}");
  }

  @Test
  void deleting_the_newest_task_group_scenario_or_trash_entry_never_hands_its_id_to_the_next() {
    api(api -> {
      task(api, "first");
      long newest = task(api, "newest");
      assertThat(api.delete("/api/tasks/" + newest).status()).isEqualTo(204);
      long next = task(api, "next");
      assertThat(next).isGreaterThan(newest);
      assertThat(api.get("/api/tasks/" + newest).status()).isEqualTo(404);
      assertThat(api.get("/api/activity?task_id=" + next).json().get(0).get("action").asText())
          .as("the new task's history is its own").isEqualTo("created");
      assertThat(api.get("/api/activity?task_id=" + next).json()).hasSize(1);

      long group = post(api, "/api/groups", "{\"name\":\"g\",\"task_ids\":[" + next + "]}");
      assertThat(api.delete("/api/groups/" + group).status()).isEqualTo(204);
      assertThat(post(api, "/api/groups", "{\"name\":\"h\",\"task_ids\":[" + next + "]}")).isGreaterThan(group);

      long scenario = post(api, "/api/scenarios", "{\"name\":\"s\",\"max_parallel\":2}");
      assertThat(api.delete("/api/scenarios/" + scenario).status()).isEqualTo(204);
      assertThat(post(api, "/api/scenarios", "{\"name\":\"s\",\"max_parallel\":2}")).isGreaterThan(scenario);

      long bulk = post(api, "/api/tasks/bulk", "{\"tasks\":[{\"title\":\"b\",\"component_area\":\"c\",\"phase\":1,"
          + "\"source_document\":\"s\"},{\"title\":\"c\",\"component_area\":\"c\",\"phase\":1,"
          + "\"source_document\":\"s\"}]}");
      assertThat(bulk).isGreaterThan(next);

      // a trash entry's id is what restore and purge name: a client holding an old one must not
      // reach a later deletion
      assertThat(api.delete("/api/tasks/" + bulk).status()).isEqualTo(204);
      long trashed = api.get("/api/trash").json().get(0).get("id").asLong();
      assertThat(api.post("/api/trash/" + trashed + "/restore", null).status()).isEqualTo(200);
      assertThat(api.delete("/api/tasks/" + bulk).status()).isEqualTo(204);
      assertThat(api.get("/api/trash").json().get(0).get("id").asLong()).isGreaterThan(trashed);
      assertThat(api.post("/api/trash/" + trashed + "/restore", null).status()).isEqualTo(404);
    });
  }
}
