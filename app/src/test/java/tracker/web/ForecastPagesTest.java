package tracker.web;

import static org.assertj.core.api.Assertions.assertThat;
import static tracker.web.PagesTest.form;
import static tracker.web.PagesTest.formWith;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tracker.api.ApiClient.Reply;
import tracker.support.ApiTests;
import tracker.tasks.TaskDraft;
import tracker.tasks.TaskView;

/** The forecast where people look: the Plan page's Gantt and calendar, the dashboard's panel, the Scenarios page. */
class ForecastPagesTest extends ApiTests {

  private static final String[] HTMX = {"HX-Request", "true"};

  private TaskView task(String title, double hours, Double optimistic, Double pessimistic) {
    return tracker.tasks().create(new TaskDraft(title, "about " + title, "Core", 1, "High", null, null, "plan.md", null,
        hours, null, null, null, optimistic, pessimistic));
  }

  /** The x positions at which the Gantt's bars start, in the order drawn. */
  private static java.util.List<Double> barStarts(String page) {
    Matcher m = Pattern.compile("<rect class=\"task\" x=\"([0-9.]+)\"").matcher(page);
    java.util.List<Double> starts = new java.util.ArrayList<>();
    while (m.find()) {
      starts.add(Double.parseDouble(m.group(1)));
    }
    return starts;
  }

  @Test
  void the_gantt_follows_tasks_at_once_and_draws_the_p85_whiskers() {
    TaskView schema = task("Schema", 2, 1.0, 6.0);
    task("Docs", 3, null, null);
    TaskView tests = task("Tests", 4, null, null);
    api(client -> {
      String chained = client.get("/plan").text();
      assertThat(chained).contains("class=\"today\"").doesNotContain("class=\"dependency\"");
      tracker.tasks().addDependency(tests.id(), schema.id(), "blocks");
      String arrows = client.get("/plan?zoom=2").text();
      assertThat(arrows).contains("class=\"dependency\"", "#" + tests.id() + " waits for #" + schema.id(),
          "width=\"1300\"");
      tracker.tasks().removeDependency(tests.id(), schema.id());
      String parallel = client.get("/plan").text();
      assertThat(parallel).contains("id=\"plan-view\"", "Gantt of 3 tasks with 5 at once", "class=\"whisker\"",
          "85 % of runs by", "id=\"plan-forecast\"", "id=\"plan-calendar\"");
      assertThat(barStarts(parallel)).as("all three start at once").containsOnly(barStarts(parallel).get(0));
      String alone = client.get("/plan?max_parallel=1").text();
      assertThat(alone).contains("Gantt of 3 tasks with 1 at once", "9.0 h</span> to finish with 1 at once");
      assertThat(barStarts(alone)).as("one after the other").doesNotHaveDuplicates().isSorted();
      Reply partial = client.get("/plan?max_parallel=1", HTMX);
      assertThat(partial.text().strip()).startsWith("<section id=\"plan-view\"").contains("with 1 at once");
    });
  }

  @Test
  void the_calendar_form_sets_the_dates_and_refuses_bad_values_in_place() {
    task("Schema", 16, null, null);
    api(client -> {
      Reply saved = form(client, "/plan/calendar", "start_date", "2099-03-02", "hours_per_day", "8", "days_per_week",
          "5");
      assertThat(saved.status()).isEqualTo(303);
      assertThat(tracker.forecast().calendar().startDate()).hasToString("2099-03-02");
      assertThat(client.get("/plan").text()).contains("value=\"2099-03-02\"", "2099-03-03");
      Reply refused = formWith(client, "/plan/calendar", HTMX, "days_per_week", "9", "hours_per_day", "x");
      assertThat(refused.status()).isEqualTo(422);
      assertThat(refused.text().strip()).startsWith("<form id=\"plan-calendar\"");
      assertThat(refused.text()).contains("aria-invalid=\"true\"", "must be a number");
      assertThat(tracker.forecast().calendar().daysPerWeek()).as("nothing saved").isEqualTo(5);
      Reply htmx = formWith(client, "/plan/calendar", HTMX, "hours_per_day", "4");
      assertThat(htmx.status()).isEqualTo(200);
      assertThat(htmx.header("HX-Trigger")).isEqualTo("calendar-changed");
      assertThat(tracker.forecast().calendar().hoursPerDay()).isEqualTo(4.0);

      assertThat(client.get("/plan").text()).contains("id=\"plan-spread\"", "value=\"2.5\"");
      Reply badRange = formWith(client, "/plan/spread", HTMX, "expert.pessimistic", "0.5");
      assertThat(badRange.status()).isEqualTo(422);
      assertThat(badRange.text().strip()).startsWith("<form id=\"plan-spread\"");
      assertThat(badRange.text()).contains("must be between 1.0 and 10.0");
      assertThat(form(client, "/plan/spread", "expert.pessimistic", "4").status()).isEqualTo(303);
      assertThat(tracker.forecast().spread().expert().pessimistic()).isEqualTo(4.0);
    });
  }

  @Test
  void the_dashboard_shows_the_forecast_with_a_target_and_warns_of_blocked_tasks() {
    tracker.tasks().create(new TaskDraft("Stuck", "waits on a vendor", "Core", 1, "High", null, "blocked", "plan.md",
        null, 4.0, null));
    task("Open", 4, null, null);
    api(client -> {
      String dashboard = client.get("/").text();
      assertThat(dashboard).contains("id=\"plan-forecast\"", "Done by", "The tasks that decide the date",
          "1 task is blocked and forecast as if unblocked", "at the earliest");
      Reply chance = client.get("/plan/forecast?target=2999-01-01", HTMX);
      assertThat(chance.status()).isEqualTo(200);
      assertThat(chance.text()).contains("<strong>100 %</strong> chance of being done by 2999-01-01");
      Reply never = client.get("/plan/forecast?target=never", HTMX);
      assertThat(never.status()).isEqualTo(422);
      assertThat(never.text()).contains("target must be a date like", "showing the forecast without it");
      Reply page = client.get("/plan?target=2026-02-30");
      assertThat(page.status()).isEqualTo(422);
      assertThat(page.text()).contains("id=\"plan-view\"", "target must be a date like");
    });
  }

  @Test
  void scenarios_are_made_compared_and_deleted_from_their_page() {
    TaskView schema = task("Schema", 8, 8.0, 8.0);
    TaskView docs = task("Docs", 4, 4.0, 4.0);
    api(client -> {
      assertThat(client.get("/scenarios").text()).contains("id=\"scenario-comparison\"", "Live plan",
          "No scenarios yet", "id=\"scenario-form\"");
      Reply refused = formWith(client, "/scenarios", HTMX, "name", "Broken", "changes[0].type", "",
          "changes[1].type", "delay", "changes[1].task_id", "999", "changes[1].delay_hours", "2");
      assertThat(refused.status()).isEqualTo(422);
      assertThat(refused.text().strip()).startsWith("<form id=\"scenario-form\"");
      assertThat(refused.text()).contains("there is no task 999", "id=\"scenario1-changes[1].task_id\"");
      assertThat(rows("scenarios")).isZero();
      Reply made = form(client, "/scenarios", "name", "Schema slips", "max_parallel", "1", "changes[0].type", "delay",
          "changes[0].task_id", String.valueOf(schema.id()), "changes[0].delay_hours", "16");
      assertThat(made.status()).isEqualTo(303);
      String page = client.get("/scenarios").text();
      assertThat(page).contains("Schema slips", "#" + schema.id() + " takes 16 h longer", "28.0 h", "8.0 h");
      Reply partial = client.get("/scenarios/compare", HTMX);
      assertThat(partial.text().strip()).startsWith("<section id=\"scenario-comparison\"");
      long id = tracker.scenarios().list().get(0).id();

      Reply cycle = formWith(client, "/scenarios", HTMX, "name", "Loop", "changes[0].type", "add_dependency",
          "changes[0].task_id", String.valueOf(schema.id()), "changes[0].depends_on_task_id", String.valueOf(docs.id()),
          "changes[1].type", "add_dependency", "changes[1].task_id", String.valueOf(docs.id()),
          "changes[1].depends_on_task_id", String.valueOf(schema.id()));
      assertThat(cycle.status()).isEqualTo(422);
      assertThat(cycle.text()).as("an error of a whole change is shown on its row").contains("would close a cycle");
      Reply tooMany = formWith(client, "/scenarios", HTMX, "name", "Extra", "changes[3].type", "delay",
          "changes[3].task_id", String.valueOf(schema.id()), "changes[3].delay_hours", "3");
      assertThat(tooMany.status()).isEqualTo(422);
      assertThat(tooMany.text()).contains("the form has 3 change rows");
      Reply untyped = formWith(client, "/scenarios", HTMX, "name", "Untyped", "changes[2].type", "",
          "changes[2].task_id", String.valueOf(schema.id()), "changes[2].delay_hours", "3");
      assertThat(untyped.status()).as("a row's values without its kind are refused, not dropped").isEqualTo(422);
      assertThat(untyped.text()).contains("is required when the row has values");
      assertThat(rows("scenarios")).isEqualTo(1);

      long second = tracker.scenarios().create(new tracker.plan.ScenarioService.ScenarioDraft("Two at once", 2,
          java.util.List.of())).id();
      String chosen = client.get("/scenarios?ids=" + second).text();
      assertThat(chosen).contains("All scenarios", "Two at once", "Schema slips");
      assertThat(chosen.substring(chosen.indexOf("id=\"scenario-comparison\""), chosen.indexOf("All scenarios")))
          .contains("Two at once").doesNotContain("Schema slips");
      Reply wrong = client.get("/scenarios?ids=999");
      assertThat(wrong.status()).isEqualTo(422);
      assertThat(wrong.text()).contains("Scenario 999 does not exist");

      assertThat(form(client, "/scenarios/" + id + "/delete").status()).isEqualTo(303);
      assertThat(rows("scenarios")).isEqualTo(1);
    });
  }

  @Test
  void a_comparison_that_takes_long_loads_after_the_page_and_is_kept_until_something_changes() {
    StringBuilder plan = new StringBuilder("{\"tasks\": [");
    for (int i = 0; i < 300; i++) { // 300 tasks × 2,000 runs × 2 columns: over what a page computes before answering
      plan.append(i == 0 ? "" : ",").append("{\"title\": \"T").append(i).append("\", \"component_area\": \"Core\","
          + " \"phase\": 1, \"source_document\": \"plan.md\", \"time_estimate_hours\": 2}");
    }
    api(client -> {
      assertThat(client.post("/api/tasks/bulk", plan.append("]}").toString()).status()).isEqualTo(201);
      long first = client.get("/api/tasks?limit=1").json().get("items").get(0).get("id").asLong();
      assertThat(client.post("/api/scenarios", "{\"name\": \"Slip\", \"changes\": [{\"type\": \"delay\", \"task_id\": "
          + first + ", \"delay_hours\": 30}]}").status()).isEqualTo(201);

      String pending = client.get("/scenarios").text();
      assertThat(pending).contains("id=\"scenario-comparison\"", "aria-busy=\"true\"", "hx-trigger=\"load, ",
          "the comparison appears here when it is done", "Slip").doesNotContain("Live plan");
      Reply partial = client.get("/scenarios/compare", HTMX);
      assertThat(partial.text().strip()).startsWith("<section id=\"scenario-comparison\"");
      assertThat(partial.text()).contains("aria-busy=\"false\"", "Live plan", "Slip").doesNotContain("hx-trigger=\"load");
      assertThat(client.get("/scenarios").text()).as("kept: the page shows it at once")
          .contains("Live plan", "aria-busy=\"false\"");
      assertThat(client.get("/api/scenarios/compare").status()).isEqualTo(200);

      task("One more", 3, null, null);
      assertThat(client.get("/scenarios").text()).as("a change makes it stale").contains("aria-busy=\"true\"")
          .doesNotContain("Live plan");
    });
  }
}
