package tracker.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tracker.api.ApiClient;
import tracker.api.ApiClient.Reply;
import tracker.app.Tracker;
import tracker.app.WebApp;
import tracker.support.DatabaseSnapshot;
import tracker.support.TestDatabases;

/**
 * What-if scenarios: drafts that change nothing live, compared with the live plan under the same
 * runs and seed; every broken change refused by name, with nothing stored.
 */
class ScenarioApiTest {

  @TempDir
  Path dir;

  private static long create(ApiClient api, String title, double hours) {
    Reply reply = api.post("/api/tasks", "{\"title\":\"" + title + "\",\"component_area\":\"core\",\"phase\":1,"
        + "\"source_document\":\"s\",\"time_estimate_hours\":" + hours + ",\"optimistic_hours\":" + hours
        + ",\"pessimistic_hours\":" + hours + "}");
    assertThat(reply.status()).as(reply.text()).isEqualTo(201);
    return reply.json().get("id").asLong();
  }

  /** schema 8 h → api 16 h → docs 4 h (28 h), and a side task of 20 h beside them; no spread, so every run is alike. */
  private record Plan(long schema, long api, long docs, long side) {}

  private static Plan plan(ApiClient api) {
    Plan plan = new Plan(create(api, "schema", 8), create(api, "api", 16), create(api, "docs", 4),
        create(api, "side", 20));
    api.post("/api/tasks/" + plan.api() + "/dependencies", "{\"depends_on_task_id\":" + plan.schema() + "}");
    api.post("/api/tasks/" + plan.docs() + "/dependencies", "{\"depends_on_task_id\":" + plan.api() + "}");
    api.patch("/api/calendar", "{\"start_date\":\"2099-01-05\",\"hours_per_day\":8,\"days_per_week\":5}");
    return plan;
  }

  private static long scenario(ApiClient api, String body) {
    Reply reply = api.post("/api/scenarios", body);
    assertThat(reply.status()).as(reply.text()).isEqualTo(201);
    return reply.json().get("id").asLong();
  }

  private static List<Long> ids(JsonNode figures) {
    List<Long> ids = new ArrayList<>();
    figures.forEach(f -> ids.add(f.get("task_id").asLong()));
    return ids;
  }

  @Test
  void scenarios_are_compared_with_the_live_plan_and_change_nothing_live() {
    try (Tracker tracker = TestDatabases.sqlite(dir)) {
      JavalinTest.test(WebApp.create(tracker), (server, http) -> {
        ApiClient api = new ApiClient(server.port());
        Plan p = plan(api);
        String before = api.get("/api/critical-path").text();
        String tasksBefore = api.get("/api/tasks?limit=100").text();
        long slip = scenario(api, "{\"name\":\"Schema slips\",\"changes\":[{\"type\":\"delay\",\"task_id\":" + p.schema()
            + ",\"delay_hours\":40}]}");
        long waits = scenario(api, "{\"name\":\"Side first\",\"changes\":[{\"type\":\"add_dependency\",\"task_id\":"
            + p.schema() + ",\"depends_on_task_id\":" + p.side() + "}]}");
        long alone = scenario(api, "{\"name\":\"One person\",\"max_parallel\":1}");
        long dropped = scenario(api, "{\"name\":\"Docs early\",\"changes\":[{\"type\":\"remove_dependency\",\"task_id\":"
            + p.docs() + ",\"depends_on_task_id\":" + p.api() + "},{\"type\":\"estimate\",\"task_id\":" + p.api()
            + ",\"optimistic_hours\":10,\"time_estimate_hours\":10,\"pessimistic_hours\":10}]}");

        Reply compared = api.get("/api/scenarios/compare?runs=500&seed=3&target=2099-01-08");
        assertThat(compared.status()).as(compared.text()).isEqualTo(200);
        JsonNode c = compared.json();
        assertThat(c.get("live").get("deterministic_hours").asDouble()).isEqualTo(28.0);
        assertThat(c.get("live").get("p50_hours").asDouble()).isEqualTo(28.0);
        assertThat(c.get("live").get("deterministic_date").asText()).isEqualTo("2099-01-08");
        assertThat(c.get("live").get("target_probability").asDouble()).isEqualTo(1.0);
        assertThat(ids(c.get("live").get("critical"))).containsExactlyInAnyOrder(p.schema(), p.api(), p.docs());
        JsonNode[] side = new JsonNode[4];
        c.get("scenarios").forEach(s -> {
          long id = s.get("scenario_id").asLong();
          side[id == slip ? 0 : id == waits ? 1 : id == alone ? 2 : 3] = s;
        });
        assertThat(side[0].get("deterministic_hours").asDouble()).isEqualTo(68.0);
        assertThat(side[0].get("p85_hours").asDouble()).isEqualTo(68.0);
        assertThat(side[0].get("target_probability").asDouble()).isEqualTo(0.0);
        assertThat(side[1].get("deterministic_hours").asDouble()).as("side → schema → api → docs").isEqualTo(48.0);
        assertThat(ids(side[1].get("became_critical"))).containsExactly(p.side());
        assertThat(side[2].get("max_parallel").asInt()).isEqualTo(1);
        assertThat(side[2].get("deterministic_hours").asDouble()).as("every task in turn").isEqualTo(48.0);
        assertThat(side[3].get("deterministic_hours").asDouble()).as("the side task now ends last").isEqualTo(20.0);
        assertThat(ids(side[3].get("no_longer_critical"))).contains(p.schema(), p.api(), p.docs());
        assertThat(ids(side[3].get("became_critical"))).containsExactly(p.side());
        assertThat(side[3].get("changes")).hasSize(2);
        assertThat(side[3].get("skipped")).isEmpty();

        assertThat(api.get("/api/scenarios/compare?runs=500&seed=3&target=2099-01-08").json())
            .as("the same seed, the same comparison").isEqualTo(c);
        assertThat(api.get("/api/critical-path").text()).as("nothing live moved").isEqualTo(before);
        assertThat(api.get("/api/tasks?limit=100").text()).isEqualTo(tasksBefore);

        JsonNode two = api.get("/api/scenarios/compare?ids=" + waits + "," + slip + "&runs=200").json();
        assertThat(two.get("scenarios")).hasSize(2);
        assertThat(two.get("scenarios").get(0).get("scenario_id").asLong()).isEqualTo(slip);

        // the live plan moves on: a scenario's change that no longer applies is left out, named
        api.post("/api/tasks/" + p.schema() + "/status", "{\"status\":\"completed\"}");
        JsonNode later = api.get("/api/scenarios/compare?ids=" + slip + "&runs=200").json();
        assertThat(later.get("scenarios").get(0).get("skipped").get(0).get("reason").asText()).contains("completed");
        assertThat(later.get("scenarios").get(0).get("deterministic_hours").asDouble()).isEqualTo(20.0);

        assertThat(api.get("/api/scenarios").json()).hasSize(4);
        assertThat(api.get("/api/scenarios/" + slip).json().get("changes").get(0).get("delay_hours").asDouble())
            .isEqualTo(40.0);
        assertThat(api.delete("/api/scenarios/" + slip).status()).isEqualTo(204);
        assertThat(api.get("/api/scenarios/" + slip).status()).isEqualTo(404);
        assertThat(api.get("/api/scenarios/compare?ids=" + slip).status()).isEqualTo(404);
      });
    }
  }

  @Test
  void a_broken_scenario_is_refused_by_name_and_nothing_is_stored() {
    try (Tracker tracker = TestDatabases.sqlite(dir)) {
      JavalinTest.test(WebApp.create(tracker), (server, http) -> {
        ApiClient api = new ApiClient(server.port());
        Plan p = plan(api);
        scenario(api, "{\"name\":\"Taken\",\"max_parallel\":2}");
        scenario(api, "{\"name\":\"\u00d1and\u00fa\",\"max_parallel\":null,\"changes\":[" + "{\"type\":\"delay\","
            + "\"task_id\":" + p.api() + ",\"delay_hours\":1}]}");
        String stored = DatabaseSnapshot.of(tracker.database().ebean());
        record Case(String body, int status, String says) {}
        String delay = "{\"type\":\"delay\",\"task_id\":" + p.schema() + ",\"delay_hours\":4}";
        List<Case> cases = List.of(
            new Case("{\"name\":\"TAKEN\",\"max_parallel\":3}", 409, "already a scenario named Taken"),
            new Case("{\"name\":\"empty\"}", 422, "a scenario changes something"),
            new Case("{\"name\":\"\u00f1AND\u00da\",\"max_parallel\":3}", 409, "already a scenario named"),
            new Case("{\"name\":\"\u00a0taken\u200b\",\"max_parallel\":3}", 409, "already a scenario named Taken"),
            new Case("{\"name\":\"zero\",\"changes\":[{\"type\":\"delay\",\"task_id\":" + p.api()
                + ",\"delay_hours\":0}]}", 422, "must not be 0"),
            new Case("{\"name\":\"\",\"max_parallel\":2}", 422, "\"field\":\"name\""),
            new Case("{\"name\":\"x\\u0007y\",\"max_parallel\":2}", 422, "\"field\":\"name\""),
            new Case("{\"name\":\"p\",\"max_parallel\":51}", 422, "max_parallel"),
            new Case("{\"name\":\"t\",\"changes\":[{\"type\":\"slip\",\"task_id\":1}]}", 422, "changes[0].type"),
            new Case("{\"name\":\"u\",\"changes\":[{\"type\":\"delay\",\"task_id\":999,\"delay_hours\":1}]}", 422,
                "there is no task 999"),
            new Case("{\"name\":\"h\",\"changes\":[" + delay + ",{\"type\":\"delay\",\"task_id\":" + p.api() + "}]}",
                422, "changes[1].delay_hours"),
            new Case("{\"name\":\"b\",\"changes\":[{\"type\":\"delay\",\"task_id\":" + p.api()
                + ",\"delay_hours\":99999}]}", 422, "changes[0].delay_hours"),
            new Case("{\"name\":\"f\",\"changes\":[{\"type\":\"delay\",\"task_id\":" + p.api()
                + ",\"delay_hours\":2,\"depends_on_task_id\":1}]}", 422, "does not go with"),
            new Case("{\"name\":\"c\",\"changes\":[{\"type\":\"add_dependency\",\"task_id\":" + p.schema()
                + ",\"depends_on_task_id\":" + p.docs() + "}]}", 422, "would close a cycle"),
            new Case("{\"name\":\"s\",\"changes\":[{\"type\":\"add_dependency\",\"task_id\":" + p.schema()
                + ",\"depends_on_task_id\":" + p.schema() + "}]}", 422, "cannot wait for itself"),
            new Case("{\"name\":\"r\",\"changes\":[{\"type\":\"remove_dependency\",\"task_id\":" + p.side()
                + ",\"depends_on_task_id\":" + p.schema() + "}]}", 422, "does not wait for task"),
            new Case("{\"name\":\"o\",\"changes\":[{\"type\":\"estimate\",\"task_id\":" + p.api()
                + ",\"optimistic_hours\":30}]}", 422, "out of order"),
            new Case("{\"name\":\"e\",\"changes\":[{\"type\":\"estimate\",\"task_id\":" + p.api() + "}]}", 422,
                "give at least one"),
            new Case("{\"name\":\"n\",\"changes\":[null]}", 400, "changes[0]"),
            new Case("{\"name\":\"many\",\"changes\":[" + String.join(",", java.util.Collections.nCopies(51, delay))
                + "]}", 422, "at most 50 changes"),
            new Case("{\"name\":\"k\",\"colour\":1}", 400, "colour"),
            new Case("{\"name\":\"k\",\"changes\":[{\"type\":\"delay\",\"task_id\":1,\"delay_hours\":1,\"x\":1}]}", 400,
                "x"),
            new Case("[1]", 400, ""),
            new Case("{\"name\":\"k\",\"max_parallel\":\"two\"}", 400, "max_parallel"));
        for (Case c : cases) {
          Reply reply = api.post("/api/scenarios", c.body());
          assertThat(reply.status()).as(c.body() + " → " + reply.text()).isEqualTo(c.status());
          assertThat(reply.text()).as(c.body()).contains(c.says());
        }
        assertThat(DatabaseSnapshot.of(tracker.database().ebean())).as("nothing stored").isEqualTo(stored);
        for (String bad : List.of("ids=x", "ids=1,,2", "ids=1,2,3,4,5,6,7,8,9,10,11", "runs=5", "max_parallel=0",
            "target=soon", "seed=x")) {
          assertThat(api.get("/api/scenarios/compare?" + bad).status()).as(bad).isEqualTo(400);
        }
        assertThat(api.get("/api/scenarios/compare?ids=77").status()).isEqualTo(404);
        assertThat(api.delete("/api/scenarios/77").status()).isEqualTo(404);
      });
    }
  }

  @Test
  void the_same_seed_compares_alike_on_sqlite_and_postgresql() {
    JsonNode onSqlite;
    JsonNode onPostgres;
    try (Tracker sqlite = TestDatabases.sqlite(dir)) {
      onSqlite = comparisonOn(sqlite);
    }
    try (Tracker postgres = Tracker.open(TestDatabases.migratedPostgresUrl())) {
      onPostgres = comparisonOn(postgres);
    }
    assertThat(onPostgres).isEqualTo(onSqlite);
  }

  private static JsonNode comparisonOn(Tracker tracker) {
    List<JsonNode> answer = new ArrayList<>();
    JavalinTest.test(WebApp.create(tracker), (server, http) -> {
      ApiClient api = new ApiClient(server.port());
      Plan p = plan(api);
      api.patch("/api/tasks/" + p.api(), "{\"optimistic_hours\":10,\"pessimistic_hours\":40}");
      scenario(api, "{\"name\":\"Slip\",\"changes\":[{\"type\":\"delay\",\"task_id\":" + p.schema()
          + ",\"delay_hours\":6}]}");
      JsonNode c = api.get("/api/scenarios/compare?runs=1000&seed=5").json();
      ((com.fasterxml.jackson.databind.node.ObjectNode) c.get("scenarios").get(0)).remove("scenario_id");
      answer.add(c);
    });
    return answer.get(0);
  }
}
