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
import tracker.support.TestDatabases;

/** The forecast through the API: ranges kept by the rules, dates from the calendar, the same answer on both databases. */
class ForecastApiTest {

  @TempDir
  Path dir;

  private static long create(ApiClient api, String title, String extra) {
    Reply reply = api.post("/api/tasks", "{\"title\":\"" + title + "\",\"component_area\":\"core\",\"phase\":1,"
        + "\"source_document\":\"s\"" + extra + "}");
    assertThat(reply.status()).as(reply.text()).isEqualTo(201);
    return reply.json().get("id").asLong();
  }

  /** A small plan with ranges of its own and by complexity, a dependency chain and a finished task. */
  private static void plan(ApiClient api) {
    long a = create(api, "schema", ",\"time_estimate_hours\":8,\"optimistic_hours\":6,\"pessimistic_hours\":20");
    long b = create(api, "api", ",\"time_estimate_hours\":16,\"complexity\":\"Complex\"");
    long c = create(api, "docs", ",\"time_estimate_hours\":4,\"complexity\":\"Simple\"");
    long done = create(api, "done", ",\"time_estimate_hours\":40");
    api.post("/api/tasks/" + b + "/dependencies", "{\"depends_on_task_id\":" + a + "}");
    api.post("/api/tasks/" + c + "/dependencies", "{\"depends_on_task_id\":" + b + "}");
    api.post("/api/tasks/" + done + "/status", "{\"status\":\"completed\"}");
    api.patch("/api/calendar", "{\"start_date\":\"2099-01-05\",\"hours_per_day\":8,\"days_per_week\":5}");
  }

  private JsonNode forecastOn(Tracker tracker) {
    List<JsonNode> answer = new ArrayList<>();
    JavalinTest.test(WebApp.create(tracker), (server, http) -> {
      ApiClient api = new ApiClient(server.port());
      plan(api);
      Reply reply = api.get("/api/forecast?runs=4000&seed=9&max_parallel=2&target=2099-01-09");
      assertThat(reply.status()).as(reply.text()).isEqualTo(200);
      answer.add(reply.json());
    });
    return answer.get(0);
  }

  @Test
  void the_same_seed_gives_the_same_forecast_on_sqlite_and_postgresql() {
    JsonNode onSqlite;
    JsonNode onPostgres;
    try (Tracker sqlite = TestDatabases.sqlite(dir)) {
      onSqlite = forecastOn(sqlite);
    }
    try (Tracker postgres = Tracker.open(TestDatabases.migratedPostgresUrl())) {
      onPostgres = forecastOn(postgres);
    }
    assertThat(onPostgres).isEqualTo(onSqlite);
    JsonNode f = onSqlite;
    assertThat(f.get("deterministic_hours").asDouble()).isEqualTo(28.0);
    assertThat(f.get("deterministic_date").asText()).isEqualTo("2099-01-08"); // 28 h from Monday at 8 h a day
    List<Double> hours = new ArrayList<>();
    f.get("percentiles").forEach(p -> hours.add(p.get("hours").asDouble()));
    assertThat(hours).isSorted();
    assertThat(hours.get(1)).as("P50 above the likely path: the ranges lean late").isGreaterThan(28.0);
    assertThat(f.get("target").get("hours").asDouble()).isEqualTo(40.0);
    assertThat(f.get("target").get("probability").asDouble()).isBetween(0.0, 1.0);
    assertThat(f.get("ranged_tasks").asInt()).isEqualTo(1);
    assertThat(f.get("tasks_ranged_by_complexity").asInt()).isEqualTo(2);
    assertThat(f.get("criticality").get(0).get("value").asDouble()).isEqualTo(1.0);
    int inBins = 0;
    for (JsonNode bin : f.get("histogram")) {
      inBins += bin.get("runs").asInt();
    }
    assertThat(inBins).isEqualTo(4000);
  }

  @Test
  void ranges_follow_the_rules_and_bad_parameters_are_refused() {
    try (Tracker tracker = TestDatabases.sqlite(dir)) {
      JavalinTest.test(WebApp.create(tracker), (server, http) -> {
        ApiClient api = new ApiClient(server.port());
        long id = create(api, "t", ",\"time_estimate_hours\":5,\"optimistic_hours\":4,\"pessimistic_hours\":9");
        Reply inverted = api.post("/api/tasks", "{\"title\":\"x\",\"component_area\":\"c\",\"phase\":1,"
            + "\"source_document\":\"s\",\"time_estimate_hours\":5,\"optimistic_hours\":6}");
        assertThat(inverted.status()).isEqualTo(422);
        assertThat(inverted.text()).contains("optimistic_hours", "at most time_estimate_hours");
        Reply estimateBelow = api.patch("/api/tasks/" + id, "{\"time_estimate_hours\":12}");
        assertThat(estimateBelow.status()).as("the range must still hold the estimate").isEqualTo(422);
        assertThat(estimateBelow.text()).contains("pessimistic_hours");
        assertThat(api.patch("/api/tasks/" + id, "{\"time_estimate_hours\":12,\"pessimistic_hours\":null}").status())
            .isEqualTo(200);
        Reply bulk = api.post("/api/tasks/bulk", "{\"tasks\":[{\"title\":\"b\",\"component_area\":\"c\","
            + "\"phase\":1,\"source_document\":\"s\",\"time_estimate_hours\":3,\"optimistic_hours\":2,"
            + "\"pessimistic_hours\":8,\"labels\":[\"x\"]}]}");
        assertThat(bulk.status()).as(bulk.text()).isEqualTo(201);
        assertThat(bulk.text()).contains("\"pessimistic_hours\":8.0", "\"labels\":[\"x\"]");
        assertThat(api.post("/api/tasks/bulk", "{\"tasks\":[{\"title\":\"b\",\"component_area\":\"c\","
            + "\"phase\":1,\"source_document\":\"s\",\"time_estimate_hours\":3,\"pessimistic_hours\":2}]}")
            .status()).as("bulk keeps the range rule").isEqualTo(422);
        assertThat(api.get("/api/forecast?runs=100&seed=9223372036854775807").status()).isEqualTo(200);
        assertThat(api.get("/api/forecast?runs=100&seed=-9223372036854775808").status()).isEqualTo(200);
        for (String bad : List.of("runs=5", "runs=x", "max_parallel=0", "target=tomorrow", "seed=1.5",
            "seed=9223372036854775808", "seed=+1", "seed=")) {
          assertThat(api.get("/api/forecast?" + bad).status()).as(bad).isEqualTo(400);
        }
        assertThat(api.patch("/api/calendar", "{\"days_per_week\":8}").status()).isEqualTo(422);
        assertThat(api.patch("/api/calendar", "{\"start_date\":\"soon\"}").status()).isEqualTo(422);
        assertThat(api.get("/api/calendar").json().get("days_per_week").asInt()).isEqualTo(5);
        assertThat(api.patch("/api/calendar", "{\"start_date\":\"2099-02-02\"}").json().get("start_date").asText())
            .isEqualTo("2099-02-02");
        JsonNode cleared = api.patch("/api/calendar", "{\"start_date\":null,\"hours_per_day\":6}").json();
        assertThat(cleared.get("start_date").isNull()).as("back to today").isTrue();
        assertThat(cleared.get("hours_per_day").asDouble()).isEqualTo(6.0);

        JsonNode spread = api.get("/api/forecast/spread").json();
        assertThat(spread.get("complex").get("pessimistic").asDouble()).isEqualTo(2.0);
        for (String bad : List.of("{\"simple\":{\"optimistic\":1.5}}", "{\"expert\":{\"pessimistic\":0.5}}",
            "{\"medium\":{\"optimistic\":0}}", "{\"medium\":{\"pessimistic\":11}}")) {
          Reply refused = api.patch("/api/forecast/spread", bad);
          assertThat(refused.status()).as(bad).isEqualTo(422);
        }
        assertThat(api.patch("/api/forecast/spread", "{\"huge\":{}}").status()).isEqualTo(400);
        assertThat(api.get("/api/forecast/spread").json()).as("nothing changed").isEqualTo(spread);
        double before = api.get("/api/forecast?runs=1000").json().get("percentiles").get(2).get("hours").asDouble();
        Reply changed = api.patch("/api/forecast/spread", "{\"medium\":{\"pessimistic\":6}}");
        assertThat(changed.status()).as(changed.text()).isEqualTo(200);
        assertThat(changed.json().get("medium").get("pessimistic").asDouble()).isEqualTo(6.0);
        assertThat(changed.json().get("medium").get("optimistic").asDouble()).as("kept").isEqualTo(0.7);
        assertThat(api.get("/api/forecast?runs=1000").json().get("percentiles").get(2).get("hours").asDouble())
            .as("a wider range by complexity moves P85 of the tasks without their own").isGreaterThan(before);
      });
    }
  }

  @Test
  void the_history_switch_scales_a_component_by_how_long_its_tasks_really_took() {
    try (Tracker tracker = TestDatabases.sqlite(dir)) {
      JavalinTest.test(WebApp.create(tracker), (server, http) -> {
        ApiClient api = new ApiClient(server.port());
        api.patch("/api/calendar", "{\"hours_per_day\":8,\"days_per_week\":7}");
        create(api, "left", ",\"time_estimate_hours\":10,\"optimistic_hours\":10,\"pessimistic_hours\":10");
        List<Long> done = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          long id = create(api, "done " + i, ",\"time_estimate_hours\":4");
          api.post("/api/tasks/" + id + "/status", "{\"status\":\"in_progress\"}");
          api.post("/api/tasks/" + id + "/status", "{\"status\":\"completed\"}");
          done.add(id);
          if (i == 1) {
            JsonNode tooFew = api.get("/api/forecast?runs=200&learn=true").json();
            assertThat(tooFew.get("learning").get("components")).as("two tasks are not a history yet").isEmpty();
          }
        }
        // the work really took two full working days each: 16 hours against 4 estimated
        for (long id : done) {
          tracker.database().ebean().sqlUpdate("update activity set created_at = ? where task_id = ? and action ="
              + " 'status_changed' and changes like '%\"to\":\"in_progress\"%'").setParameter(
                  java.sql.Timestamp.from(java.time.Instant.now().minus(java.time.Duration.ofDays(2))))
              .setParameter(id).execute();
        }
        JsonNode plain = api.get("/api/forecast?runs=200").json();
        JsonNode learnt = api.get("/api/forecast?runs=200&learn=true").json();
        assertThat(plain.get("learning").isNull()).isTrue();
        assertThat(plain.get("percentiles").get(1).get("hours").asDouble()).isEqualTo(10.0);
        assertThat(learnt.get("learning").get("tasks").asInt()).isEqualTo(3);
        assertThat(learnt.get("learning").get("components").get(0).get("ratio").asDouble()).isEqualTo(4.0);
        assertThat(learnt.get("percentiles").get(1).get("hours").asDouble()).as("capped at 4x").isEqualTo(40.0);
        assertThat(api.get("/api/forecast?learn=maybe").status()).isEqualTo(400);
      });
    }
  }
}
