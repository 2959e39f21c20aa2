package tracker.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.testtools.JavalinTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tracker.plan.ForecastService;
import tracker.app.WebApp;
import tracker.api.ApiClient;
import tracker.api.ApiClient.Reply;
import tracker.groups.GroupRecords.GroupDraft;
import tracker.app.Tracker;
import tracker.support.ApiTests;
import tracker.support.TestDatabases;
import tracker.tasks.TaskDraft;
import tracker.tasks.TaskRecords.CommentDraft;
import tracker.tasks.TaskView;

/** Every page and partial over HTTP: status, the key HTML, form errors in place, and the security rules. */
class PagesTest extends ApiTests {

  static final String HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>";

  private TaskView task(String title, String area) {
    return tracker.tasks().create(new TaskDraft(title, "about " + title, area, 1, "High", null, null, "plan.md", null,
        3.0, null));
  }

  static Reply form(ApiClient client, String path, String... fieldsAndValues) {
    return formWith(client, path, new String[0], fieldsAndValues);
  }

  static Reply formWith(ApiClient client, String path, String[] headers, String... fieldsAndValues) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      body.append(i == 0 ? "" : "&").append(fieldsAndValues[i]).append('=')
          .append(URLEncoder.encode(fieldsAndValues[i + 1], StandardCharsets.UTF_8));
    }
    String[] all = new String[headers.length + 2];
    System.arraycopy(headers, 0, all, 0, headers.length);
    all[headers.length] = "Content-Type";
    all[headers.length + 1] = "application/x-www-form-urlencoded";
    return client.send("POST", path, body.toString(), all);
  }

  @Test
  void without_javascript_a_refused_form_on_the_task_page_says_why_at_that_form() {
    TaskView task = task("Plain", "Core");
    api(client -> {
      Reply progress = form(client, "/tasks/" + task.id() + "/progress", "view", "progress", "progress_percentage", "101");
      assertThat(progress.status()).isEqualTo(422);
      assertThat(progress.text()).contains("must be between 0 and 100, not 101", "value=\"101\"");
      Reply comment = form(client, "/tasks/" + task.id() + "/comments", "comment", "x", "comment_type", "rant");
      assertThat(comment.status()).isEqualTo(422);
      assertThat(comment.text()).contains("must be one of", "rant");
      Reply dependency = form(client, "/tasks/" + task.id() + "/dependencies", "depends_on_task_id",
          String.valueOf(task.id()), "dependency_type", "blocks");
      assertThat(dependency.status()).isEqualTo(422);
      assertThat(dependency.text()).contains("cannot depend on itself");
      Reply status = form(client, "/tasks/" + task.id() + "/status", "status", "in_progress", "notes", "a\u0001b");
      assertThat(status.status()).isEqualTo(422);
      assertThat(status.text()).contains("control character");
      Reply label = form(client, "/tasks", "title", "lab", "component_area", "X", "phase", "1", "source_document", "d",
          "labels", "a\u0001");
      assertThat(label.status()).isEqualTo(422);
      assertThat(label.text()).contains("labels[0]");
      Reply spaced = form(client, "/tasks", "title", "sp", "component_area", "X", "phase", " 1", "source_document", "d");
      assertThat(spaced.status()).as("a number as sent: ' 1' is none").isEqualTo(422);
      Reply board = form(client, "/tasks/" + task.id() + "/status", "view", "board", "lane", "none", "status", "paused");
      assertThat(board.status()).isEqualTo(422);
      assertThat(board.text()).contains("stays where it was");
      Reply graph = client.get("/tasks/graph?phase=5");
      assertThat(graph.status()).isEqualTo(400);
      assertThat(graph.text()).contains("phase");
      Reply missing = form(client, "/tasks/" + task.id() + "/comments", "comment_type", "note");
      assertThat(missing.status()).as("a field the form did not send is said in the message").isEqualTo(422);
      assertThat(missing.text()).contains("comment is required");
    });
  }

  @Test
  void a_field_our_forms_send_once_is_refused_when_given_twice_and_nothing_changes() {
    TaskView task = task("Once", "Core");
    api(client -> {
      Reply created = form(client, "/tasks", "title", "A", "title", "B", "component_area", "Core", "phase", "1",
          "source_document", "s");
      assertThat(created.status()).isEqualTo(422);
      assertThat(created.text()).contains("is given 2 times; give it once");
      Reply status = formWith(client, "/tasks/" + task.id() + "/status", new String[] {"HX-Request", "true"},
          "status", "in_progress", "status", "completed");
      assertThat(status.status()).isEqualTo(422);
      Reply comment = form(client, "/tasks/" + task.id() + "/comments", "comment", "one", "comment", "two");
      assertThat(comment.status()).isEqualTo(422);
      Reply plan = client.get("/plan?max_parallel=2&max_parallel=3");
      assertThat(plan.status()).isIn(400, 422);
      for (String query : List.of("/tasks?limit=5&limit=6", "/tasks?sort=id&sort=-id", "/tasks.csv?q=a&q=b",
          "/tasks/graph?offset=1&offset=2", "/groups?offset=0&offset=50", "/board?lane=phase&lane=component")) {
        assertThat(client.get(query).status()).as(query).isEqualTo(400);
      }
      assertThat(client.get("/tasks?status=not_started&status=blocked").status()).as("a filter of several").isEqualTo(200);
      Reply labelledJson = client.send("POST", "/tasks", "title=ct&component_area=X&phase=1&source_document=d",
          "Content-Type", "application/json");
      assertThat(labelledJson.status()).as("a page reads a form only").isEqualTo(415);
      assertThat(rows("tasks")).isEqualTo(1);
      assertThat(tracker.tasks().get(task.id()).status().value()).isEqualTo("not_started");
      assertThat(tracker.tasks().comments(task.id())).isEmpty();
    });
  }

  @Test
  void health_names_the_database_and_schema() {
    api(client -> assertThat(client.get("/health").text())
        .isEqualTo("{\"status\":\"ok\",\"version\":\"" + Tracker.VERSION + "\",\"database\":\"" + database + "\",\"schema_version\":\"" + TestDatabases.SCHEMA_VERSION + "\"}"));
  }

  @Test
  void every_page_renders_its_parts_with_htmx_from_static() {
    TaskView design = task("Design schema", "Database");
    TaskView build = task("Build schema", "Database");
    tracker.tasks().addDependency(build.id(), design.id(), "blocks");
    tracker.tasks().addComment(design.id(), new CommentDraft("Looks right", "decision"));
    long group = tracker.groups().create(new GroupDraft("First wave", 2, List.of(design.id()), null)).id();
    api(client -> {
      Reply dashboard = client.get("/");
      assertThat(dashboard.status()).isEqualTo(200);
      assertThat(dashboard.header("Content-Type")).startsWith("text/html");
      assertThat(dashboard.text()).contains("<script src=\"/static/htmx-2.0.11.min.js\"", "id=\"stats\"", "6.0 h",
          "Completion by phase", "Completion by component", "id=\"front\"", "Critical path", "#1 Design schema",
          "Ready to start", "id=\"running-groups\"", "data-since=\"",
          "id=\"recent-activity\"", "dependency added");
      assertThat(dashboard.text()).doesNotContain("://unpkg", "cdn.");

      assertThat(client.get("/tasks").text()).contains("id=\"filters\"", "id=\"task-table\"", "id=\"task-row-1\"",
          "id=\"task-row-2\"", "1–2 of 2");
      assertThat(client.get("/tasks?q=build").text()).contains("id=\"task-row-2\"").doesNotContain("id=\"task-row-1\"");
      assertThat(client.get("/tasks?sort=-title").text()).contains("aria-sort=\"descending\"");
      assertThat(client.get("/tasks?limit=1&offset=1").text()).contains("2–2 of 2", "rel=\"prev\"");
      assertThat(client.get("/tasks/new").text()).contains("id=\"task-form\"", "Create task", "Required, 1 to 4.");

      String page = client.get("/tasks/" + build.id()).text();
      assertThat(page).contains("id=\"task-summary\"", "id=\"task-form\"", "id=\"task-dependencies\"",
          "#1 Design schema", "id=\"task-progress-history\"", "<polyline", "id=\"task-comments\"", "Move to trash",
          "id=\"task-history\"", "now depends on #1 Design schema", "UTC</time>", "id=\"task-readiness\"", "Not ready:",
          "waits for #1 Design schema (blocks, not_started)");
      assertThat(client.get("/tasks/" + design.id()).text()).contains("Needed by", "#2 Build schema", "Looks right",
          "decisions");

      String board = client.get("/board").text();
      assertThat(board).contains("id=\"board\"", "data-status=\"not_started\"", "data-status=\"blocked\"",
          "id=\"card-" + design.id() + "\"", "Move to");
      assertThat(client.get("/board?lane=component").text()).contains("<h2 class=\"lane\">");
      assertThat(client.get("/board?lane=phase").text()).contains("Phase 1");
      assertThat(client.get("/board?lane=colour").status()).isEqualTo(400);
      assertThat(client.get("/board", "HX-Request", "true").text().strip()).startsWith("<section id=\"board\"");
      assertThat(client.get("/plan").text()).contains("id=\"plan-view\"", "6.0 h", "class=\"bar critical\"", "Wave 1");
      assertThat(client.get("/groups").text()).contains("id=\"group-list\"", "First wave");
      assertThat(client.get("/groups/" + group).text()).contains("id=\"group-panel\"", "id=\"group-log\"", "Start",
          "#1 Design schema");
      assertThat(client.get("/static/htmx-2.0.11.min.js").text()).contains("htmx");
    });
  }

  @Test
  void the_dashboard_shows_each_change_at_once_though_it_keeps_what_it_read_between_changes() {
    TaskView first = task("First step", "Database");
    api(client -> {
      String before = client.get("/").text();
      assertThat(before).contains("#" + first.id() + " First step", "<span class=\"n\">1</span> tasks")
          .doesNotContain("Second step");
      assertThat(client.get("/").text()).contains("#" + first.id() + " First step");
      TaskView second = task("Second step", "Database");
      tracker.tasks().addDependency(second.id(), first.id(), "blocks");
      String after = client.get("/").text();
      assertThat(after).contains("#" + second.id() + " Second step", "<span class=\"n\">2</span> tasks");
      client.send("POST", "/api/tasks/" + first.id() + "/status", "{\"status\": \"completed\"}",
          "Content-Type", "application/json");
      task("Elsewhere", "API");
      // completion by component and by phase, each summed over the statuses it holds
      assertThat(client.get("/dashboard/stats").text()).contains("<span class=\"n\">1</span> completed",
          "<title>Database: 1 of 2 tasks (50.0 %), 3.0 of 6.0 h</title>", "<title>API: 0 of 1 tasks (0.0 %), 0.0 of 3.0 h",
          "<title>Phase 1: 1 of 3 tasks (33.3 %), 3.0 of 9.0 h</title>");
      assertThat(client.get("/dashboard/activity").text()).contains("completed");
    });
  }

  @Test
  void a_view_downloads_as_csv_filters_by_readiness_and_changes_the_chosen_tasks_at_once() {
    TaskView first = task("=SUM(A1) first, with a comma", "Core");
    TaskView second = task("Second \"quoted\"", "Core");
    TaskView third = task("Third", "Docs");
    tracker.tasks().addDependency(second.id(), first.id(), "blocks");
    api(client -> {
      Reply csv = client.get("/tasks.csv?component_area=Core&sort=-id");
      assertThat(csv.header("Content-Type")).startsWith("text/csv");
      assertThat(csv.header("Content-Disposition")).contains("attachment");
      assertThat(csv.text()).startsWith("id,title,status,").contains("\"'=SUM(A1) first, with a comma\"",
          "\"Second \"\"quoted\"\"\"").doesNotContain("Third");
      assertThat(csv.text().indexOf("Second")).as("in the view's order").isLessThan(csv.text().indexOf("SUM"));
      assertThat(client.get("/tasks?readiness=ready").text()).contains("id=\"task-row-" + first.id() + "\"")
          .doesNotContain("id=\"task-row-" + second.id() + "\"");
      assertThat(client.get("/tasks?readiness=waiting").text()).contains("id=\"task-row-" + second.id() + "\"")
          .doesNotContain("id=\"task-row-" + first.id() + "\"");
      Reply several = client.get("/tasks?component_area=Core&component_area=Docs&status=not_started");
      assertThat(several.text()).contains("id=\"task-row-" + first.id() + "\"", "id=\"task-row-" + third.id() + "\"")
          .contains("value=\"Core\" checked", "value=\"Docs\" checked", "Component: <span class=\"chosen\">Core, Docs")
          .contains("/tasks.csv?status=not_started&amp;component_area=Core&amp;component_area=Docs");
      assertThat(client.get("/api/tasks?readiness=ready").json().get("total").asInt()).isEqualTo(2);
      assertThat(client.get("/api/tasks?readiness=soon").status()).isEqualTo(400);

      String[] hx = {"HX-Request", "true"};
      Reply refused = formWith(client, "/tasks/bulk-change", hx, "task_ids", String.valueOf(third.id()), "task_ids",
          String.valueOf(second.id()), "set_status", "completed");
      assertThat(refused.status()).as("the second waits for the first: all or nothing").isEqualTo(422);
      assertThat(refused.text()).contains("Nothing changed");
      assertThat(tracker.tasks().get(third.id()).status().value()).isEqualTo("not_started");
      Reply moved = formWith(client, "/tasks/bulk-change", hx, "task_ids", String.valueOf(first.id()), "task_ids",
          String.valueOf(third.id()), "set_status", "in_progress", "component_area", "Core");
      assertThat(moved.status()).isEqualTo(200);
      assertThat(moved.text().strip()).startsWith("<div id=\"task-table\"").doesNotContain("task-row-" + third.id());
      assertThat(tracker.tasks().get(third.id()).status().value()).isEqualTo("in_progress");
      assertThat(formWith(client, "/tasks/bulk-change", hx, "set_status", "completed").status()).isEqualTo(422);
      Reply fields = formWith(client, "/tasks/bulk-change", hx, "task_ids", String.valueOf(first.id()), "task_ids",
          String.valueOf(third.id()), "set_priority", "Critical", "set_phase", "4", "set_component_area", "Moved",
          "set_status", "");
      assertThat(fields.status()).isEqualTo(200);
      assertThat(tracker.tasks().get(third.id()).priority().value()).isEqualTo("Critical");
      assertThat(tracker.tasks().get(first.id()).componentArea()).isEqualTo("Moved");
      assertThat(tracker.tasks().get(first.id()).phase()).isEqualTo(4);
      assertThat(tracker.tasks().get(first.id()).status().value()).as("a blank status keeps it").isEqualTo("in_progress");
      Reply wrongPhase = formWith(client, "/tasks/bulk-change", hx, "task_ids", String.valueOf(first.id()),
          "set_phase", "9", "set_priority", "Low");
      assertThat(wrongPhase.status()).isEqualTo(422);
      assertThat(wrongPhase.text()).contains("Nothing changed", "phase");
      assertThat(tracker.tasks().get(first.id()).priority().value()).isEqualTo("Critical");
      assertThat(formWith(client, "/tasks/bulk-change", hx, "task_ids", String.valueOf(first.id())).status())
          .as("nothing to change").isEqualTo(422);
      for (String bad : List.of("abc", "1.5", "99999999999999999999", "", "0")) {
        Reply badId = formWith(client, "/tasks/bulk-change", hx, "task_ids", String.valueOf(first.id()), "task_ids",
            bad, "set_priority", "Low");
        assertThat(badId.status()).as(bad).isEqualTo(422);
        assertThat(badId.text()).contains("Nothing changed", "task_ids");
        assertThat(tracker.tasks().get(first.id()).priority().value()).as(bad).isEqualTo("Critical");
      }
      Reply twice = formWith(client, "/tasks/bulk-change", hx, "task_ids", String.valueOf(first.id()),
          "set_priority", "Low", "set_priority", "High");
      assertThat(twice.status()).isEqualTo(422);
      assertThat(twice.text()).contains("set_priority is given 2 times; give it once");
      assertThat(tracker.tasks().get(first.id()).priority().value()).isEqualTo("Critical");
    });
  }

  @Test
  void the_list_saves_its_filters_as_a_named_view_that_every_list_then_offers() {
    TaskView core = task("In core", "Core");
    task("In docs", "Docs");
    api(client -> {
      Reply page = client.get("/tasks?component_area=Core&sort=-id&offset=0");
      assertThat(page.text()).contains("action=\"/views\"", "name=\"component_area\" value=\"Core\"",
          "name=\"sort\" value=\"-id\"").doesNotContain("name=\"offset\" value=\"0\"");
      Reply saved = form(client, "/views", "component_area", "Core", "sort", "-id", "view_name", "Core work");
      assertThat(saved.status()).isEqualTo(303);
      assertThat(saved.header("Location")).isEqualTo("/tasks?component_area=Core&sort=-id");
      long id = tracker.views().list().get(0).id();
      Reply list = client.get("/tasks");
      assertThat(list.text()).contains("href=\"/views/" + id + "\"", ">Core work</a>");
      assertThat(client.get("/tasks?component_area=Core&sort=-id").text()).contains("aria-current=\"page\">Core work");
      assertThat(client.get("/views/" + id).header("Location")).isEqualTo("/tasks?component_area=Core&sort=-id");

      Reply twice = form(client, "/views", "view_name", "core WORK");
      assertThat(twice.status()).isEqualTo(409);
      assertThat(twice.text()).contains("The view was not saved", "already a view named Core work");
      assertThat(form(client, "/views", "view_name", "Wrong", "status", "doing").text())
          .as("the filters themselves are wrong").contains("These filters are not valid: status");
      Reply unknown = form(client, "/views", "view_name", "Odd", "colour", "red");
      assertThat(unknown.status()).isEqualTo(422);
      assertThat(unknown.text()).contains("colour", "is not a filter of the task list");
      assertThat(form(client, "/views", "view_name", "Odd", "view_name", "Even").status()).isEqualTo(422);
      assertThat(tracker.views().list()).hasSize(1);

      assertThat(form(client, "/views/" + id + "/delete").status()).isEqualTo(303);
      assertThat(tracker.views().list()).isEmpty();
      assertThat(tracker.tasks().get(core.id()).title()).as("the tasks stay").isEqualTo("In core");
    });
  }

  @Test
  void a_big_plans_pages_draw_at_once_and_load_their_forecast_after() throws Exception {
    try (java.sql.Connection c = tracker.database().ebean().dataSource().getConnection();
        java.sql.PreparedStatement insert = c.prepareStatement("insert into tasks (created_at, updated_at, title,"
            + " component_area, phase, priority, complexity, status, source_document, time_estimate_hours, version)"
            + " values (?, ?, ?, 'Big', 1, 'High', 'Medium', 'not_started', 's', 2, 1)")) {
      java.sql.Timestamp now = java.sql.Timestamp.from(java.time.Instant.now());
      for (int i = 0; i <= ForecastService.PAGE_FORECAST_TASKS; i++) {
        insert.setTimestamp(1, now);
        insert.setTimestamp(2, now);
        insert.setString(3, "Task " + i);
        insert.addBatch();
      }
      insert.executeBatch();
      c.commit();
    }
    api(client -> {
      String plan = client.get("/plan?max_parallel=3").text();
      assertThat(plan).contains("hx-get=\"/plan/forecast?max_parallel=3\"", "Working out the forecast",
          "whiskers to the P85 finish are drawn on plans of up to", "<g class=\"bar").doesNotContain("<h2>Forecast</h2><dl");
      assertThat(client.get("/").text()).contains("hx-get=\"/plan/forecast\"");
    });
  }

  @Test
  void a_phone_card_names_each_value_and_a_finished_task_says_it_is_done() {
    TaskView done = task("Finished", "Core");
    tracker.tasks().updateStatus(done.id(), new tracker.tasks.TaskRecords.StatusChange("completed", null, null, null,
        null, null));
    api(client -> {
      assertThat(client.get("/tasks").text()).contains("<td data-label=\"Phase\">", "<td data-label=\"Component\">Core");
      assertThat(client.get("/tasks/" + done.id()).text()).contains("Done: this task is completed.")
          .doesNotContain("Not ready:");
    });
  }

  @Test
  void a_refused_edit_keeps_what_the_form_was_loaded_with_so_the_next_save_overwrites_nothing_unseen() {
    TaskView t = task("Loaded title", "Core");
    api(client -> {
      assertThat(client.patch("/api/tasks/" + t.id(), "{\"title\":\"Changed by a script\"}").status()).isEqualTo(200);
      Reply refused = formWith(client, "/tasks/" + t.id(), new String[] {"HX-Request", "true"}, "version",
          String.valueOf(t.version()), "was.title", "Loaded title", "title", "Loaded title", "was.phase", "1",
          "phase", "9", "was.description", "about Loaded title", "description", "mine");
      assertThat(refused.status()).isEqualTo(422);
      assertThat(refused.text()).contains("name=\"was.title\" value=\"Loaded title\"",
          "name=\"version\" value=\"" + t.version() + "\"");
      Reply saved = formWith(client, "/tasks/" + t.id(), new String[] {"HX-Request", "true"}, "version",
          String.valueOf(t.version()), "was.title", "Loaded title", "title", "Loaded title", "was.phase", "1",
          "phase", "2", "was.description", "about Loaded title", "description", "mine");
      assertThat(saved.status()).isEqualTo(200);
      TaskView now = tracker.tasks().get(t.id());
      assertThat(now.title()).as("the script's change survives").isEqualTo("Changed by a script");
      assertThat(now.description()).isEqualTo("mine");
      assertThat(now.phase()).isEqualTo(2);
      Reply unversioned = form(client, "/tasks/" + t.id(), "was.title", "Loaded title", "title", "mine");
      assertThat(unversioned.status()).as("no version: nothing overwritten unseen").isEqualTo(422);
      assertThat(unversioned.text()).contains("Version is missing");
      assertThat(tracker.tasks().get(t.id()).title()).isEqualTo("Changed by a script");
    });
  }

  @Test
  void charts_carry_axes_dates_and_numbers() {
    TaskView done = task("Done one", "Core");
    task("Open one", "Core");
    tracker.tasks().addProgress(done.id(), new tracker.tasks.TaskRecords.ProgressDraft(100, "finished", "me", null));
    String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    api(client -> {
      String dashboard = client.get("/").text();
      assertThat(dashboard).contains("class=\"tick\"", today, "0 h</text>", "3 of 6 h (50.0 %)", "50.0 % · 1/2");
      String page = client.get("/tasks/" + done.id()).text();
      assertThat(page).contains("100 %</text>", "0 %</text>", today + "</text>");
    });
  }

  @Test
  void a_task_is_deleted_from_its_page_after_confirmation() {
    TaskView kept = task("Keep me", "Core");
    TaskView doomed = task("Delete me", "Core");
    TaskView other = task("Delete me too", "Core");
    api(client -> {
      assertThat(client.get("/tasks/" + doomed.id()).text()).contains("hx-confirm=\"Move task #" + doomed.id());
      Reply stale = formWith(client, "/tasks/" + doomed.id() + "/delete", new String[] {"HX-Request", "true"},
          "version", "99", "confirmed", "true");
      assertThat(stale.status()).isEqualTo(412);
      Reply malformed = formWith(client, "/tasks/" + doomed.id() + "/delete", new String[] {"HX-Request", "true"},
          "version", "abc", "confirmed", "true");
      assertThat(malformed.status()).as("a version that is no number guards nothing: refused").isEqualTo(422);
      assertThat(malformed.text()).contains("must be a whole number");
      assertThat(rows("tasks")).isEqualTo(3);
      Reply hx = formWith(client, "/tasks/" + doomed.id() + "/delete", new String[] {"HX-Request", "true"},
          "version", String.valueOf(doomed.version()), "confirmed", "true");
      assertThat(hx.status()).isEqualTo(204);
      assertThat(hx.header("HX-Redirect")).isEqualTo("/tasks");
      // without script nothing asked: the answer is a page that asks, and nothing moved yet
      Reply asks = form(client, "/tasks/" + other.id() + "/delete");
      assertThat(asks.status()).isEqualTo(200);
      assertThat(asks.text()).contains("Move task #" + other.id() + " to the trash?", "name=\"confirmed\"");
      assertThat(rows("tasks")).isEqualTo(2);
      Reply plain = form(client, "/tasks/" + other.id() + "/delete", "confirmed", "true");
      assertThat(plain.status()).isEqualTo(303);
      assertThat(plain.header("Location")).isEqualTo("/tasks");
      assertThat(rows("tasks")).isOne();
      assertThat(client.get("/tasks/" + doomed.id()).status()).isEqualTo(404);
      assertThat(client.get("/tasks/" + kept.id()).status()).isEqualTo(200);
    });
  }

  @Test
  void filters_sorting_and_paging_swap_the_table_and_push_a_bookmarkable_url() {
    task("Design schema", "Database");
    api(client -> {
      String list = client.get("/tasks").text();
      assertThat(list).containsPattern("<form id=\"filters\"[^>]*action=\"/tasks\" method=\"get\"")
          .containsPattern("id=\"filters\"[^>]*hx-target=\"#task-table\"[^>]*hx-push-url=\"true\"")
          .containsPattern("<a href=\"/tasks\\?sort=title\" hx-get=\"/tasks\\?sort=title\"\\s+hx-target=\"#task-table\""
              + " hx-swap=\"outerHTML\" hx-push-url=\"true\"");
      // the pushed URL opened afresh gives the same view as a whole page
      assertThat(client.get("/tasks?q=schema&sort=-title").text()).contains("<html", "value=\"schema\"",
          "aria-sort=\"descending\"", "Design schema");
    });
  }

  @Test
  void a_task_page_lists_its_subtasks_with_their_titles_and_statuses() {
    TaskView parent = task("Ship the release", "Release");
    tracker.tasks().create(new TaskDraft("Write the notes", null, "Release", 1, null, null, "in_progress", "plan.md",
        null, 1.0, parent.id()));
    api(client -> assertThat(client.get("/tasks/" + parent.id()).text())
        .contains("Subtasks", "#2 Write the notes", "class=\"status in_progress\">in progress"));
  }

  @Test
  void an_htmx_request_gets_only_the_swap_target() {
    TaskView t = task("Design schema", "Database");
    TaskView next = task("Build on it", "Database");
    tracker.tasks().addDependency(next.id(), t.id(), "blocks");
    api(client -> {
      String hx = "HX-Request";
      assertThat(client.get("/tasks?status=not_started", hx, "true").text().strip())
          .startsWith("<div id=\"task-table\"").doesNotContain("<html");
      assertThat(client.get("/tasks/" + t.id() + "/row", hx, "true").text()).contains("<tr id=\"task-row-1\"");
      String live = client.get("/tasks/" + t.id() + "/live", hx, "true").text().strip();
      assertThat(live).as("one request refreshes a task page's live parts").startsWith("<section id=\"task-summary\"")
          .contains("<div id=\"task-progress-list\" hx-swap-oob=\"true\"", "<div id=\"task-comments-list\" hx-swap-oob=\"true\"",
              "<div id=\"task-dependency-list\" hx-swap-oob=\"true\"", "<section id=\"task-history\"",
              "title: Design schema");
      assertThat(client.get("/tasks/" + t.id() + "/readiness", hx, "true").text().strip())
          .startsWith("<section id=\"task-readiness\"").contains("Ready: a worker may take it now.");
      assertThat(client.get("/tasks/" + t.id() + "/picker?q=schema", hx, "true").text()).contains("<div id=\"dep-picker\"");
      String graph = client.get("/tasks/" + next.id() + "/graph?levels=3").text();
      assertThat(graph).contains("class=\"node centre", "#1 Design schema", "class=\"dependency\"", "#" + next.id() + " blocks #" + t.id());
      assertThat(client.get("/tasks/" + next.id() + "/graph?levels=9").status()).isEqualTo(400);
      assertThat(client.get("/tasks/99/graph").status()).isEqualTo(404);
      String listGraph = client.get("/tasks/graph?component_area=Database&sort=-id").text();
      assertThat(listGraph).contains("How the tasks of this list depend", "#" + next.id() + " blocks #" + t.id(),
          "href=\"/tasks?component_area=Database&amp;sort=-id\"").doesNotContain("class=\"node centre");
      assertThat(listGraph.indexOf("<rect x=\"10.0\"")).as("the prerequisite in the first column").isPositive();
      assertThat(listGraph).contains("<rect x=\"200.0\"");
      assertThat(client.get("/tasks/graph?status=nothing").status()).isEqualTo(400);
      assertThat(client.get("/tasks/graph?component_area=Nowhere").text()).contains("No task matches these filters");
      assertThat(client.get("/tasks?component_area=Database").text())
          .contains("href=\"/tasks/graph?component_area=Database\"");
      assertThat(client.get("/plan?max_parallel=2", hx, "true").text().strip()).startsWith("<section id=\"plan-view\"");
      assertThat(client.get("/dashboard/stats", hx, "true").text().strip()).startsWith("<section id=\"stats\"");
      assertThat(client.get("/dashboard/front", hx, "true").text().strip()).startsWith("<section id=\"front\"");
      assertThat(client.get("/dashboard/groups", hx, "true").text().strip()).startsWith("<section id=\"running-groups\"");
      assertThat(client.get("/dashboard/activity", hx, "true").text().strip()).startsWith("<section id=\"recent-activity\"");
      assertThat(client.get("/groups", hx, "true").text().strip()).startsWith("<section id=\"group-list\"");
      // history restore asks for the whole page
      assertThat(client.get("/tasks", hx, "true", "HX-History-Restore-Request", "true").text()).contains("<html");
    });
  }

  @Test
  void a_refused_new_task_shows_each_rule_beside_its_field_and_stores_nothing() {
    api(client -> {
      Reply refused = form(client, "/tasks", "title", "", "component_area", "Database", "phase", "7",
          "time_estimate_hours", "lots", "source_document", "plan.md", "priority", "Medium");
      assertThat(refused.status()).isEqualTo(422);
      assertThat(refused.text()).contains("<html", "id=\"task-form\"", "Please correct");
      assertThat(refused.text()).containsPattern("task-time_estimate_hours-hint.*must be a number");
      assertThat(refused.text()).contains("value=\"lots\"", "value=\"Database\"");
      assertThat(rows("tasks")).isZero();

      Reply rules = form(client, "/tasks", "title", "", "component_area", "Database", "phase", "7",
          "source_document", "plan.md");
      assertThat(rules.status()).isEqualTo(422);
      assertThat(rules.text()).containsPattern("task-title-hint\"[^>]*><span class=\"error\">[^<]*required");
      assertThat(rules.text()).containsPattern("task-phase-hint\"[^>]*><span class=\"error\">[^<]*4");
      assertThat(rows("tasks")).isZero();

      Reply partial = formWith(client, "/tasks", new String[] {"HX-Request", "true"}, "title", "");
      assertThat(partial.status()).isEqualTo(422);
      assertThat(partial.text().strip()).startsWith("<form id=\"task-form\"").doesNotContain("<html");
      assertThat(rows("tasks")).isZero();
    });
  }

  @Test
  void a_valid_new_task_is_created_and_the_browser_sent_to_it() {
    api(client -> {
      Reply plain = form(client, "/tasks", "title", "Write docs", "component_area", "Docs", "phase", "2",
          "source_document", "plan.md", "time_estimate_hours", "2.5", "priority", "Low", "complexity", "Simple",
          "status", "not_started");
      assertThat(plain.status()).isEqualTo(303);
      assertThat(plain.header("Location")).isEqualTo("/tasks/1");
      assertThat(tracker.tasks().get(1).timeEstimateHours()).isEqualTo(2.5);

      Reply hx = formWith(client, "/tasks", new String[] {"HX-Request", "true"}, "title", "More docs",
          "component_area", "Docs", "phase", "2", "source_document", "plan.md");
      assertThat(hx.status()).isEqualTo(204);
      assertThat(hx.header("HX-Redirect")).isEqualTo("/tasks/2");
    });
  }

  @Test
  void inline_status_and_progress_answer_the_row_and_refusals_change_nothing() {
    TaskView t = task("Design schema", "Database");
    String[] hx = {"HX-Request", "true"};
    api(client -> {
      Reply row = formWith(client, "/tasks/1/status", hx, "view", "row", "status", "in_progress");
      assertThat(row.status()).isEqualTo(200);
      assertThat(row.text().strip()).startsWith("<tr id=\"task-row-1\"").contains("value=\"in_progress\" selected");
      assertThat(tracker.tasks().get(t.id()).status().value()).isEqualTo("in_progress");

      Reply bad = formWith(client, "/tasks/1/status", hx, "view", "row", "status", "done");
      assertThat(bad.status()).isEqualTo(422);
      assertThat(bad.text()).contains("status must be one of");
      Reply badProgress = formWith(client, "/tasks/1/progress", hx, "view", "row", "progress_percentage", "140");
      assertThat(badProgress.status()).isEqualTo(422);
      assertThat(badProgress.text()).contains("progress percentage");
      assertThat(rows("task_progress")).isEqualTo(1);

      Reply rowProgress = formWith(client, "/tasks/1/progress", hx, "view", "row", "progress_percentage", "25");
      assertThat(rowProgress.status()).isEqualTo(200);
      assertThat(rowProgress.text().strip()).startsWith("<tr id=\"task-row-1\"").contains("<progress value=\"25\"");
      assertThat(tracker.tasks().get(t.id()).progressPercentage()).isEqualTo(25);

      Reply progress = formWith(client, "/tasks/1/progress", hx, "view", "progress", "progress_percentage", "40",
          "notes", "halfway-ish");
      assertThat(progress.text().strip()).startsWith("<section id=\"task-progress-history\"").contains("40 %", "halfway-ish");
      assertThat(tracker.tasks().get(t.id()).progressPercentage()).isEqualTo(40);

      Reply summary = formWith(client, "/tasks/1/status", hx, "view", "summary", "status", "completed");
      assertThat(summary.text().strip()).startsWith("<section id=\"task-summary\"").contains(">completed</span>");

      Reply plain = form(client, "/tasks/1/status", "view", "row", "status", "blocked");
      assertThat(plain.status()).isEqualTo(303);
      assertThat(plain.header("Location")).isEqualTo("/tasks");
    });
  }

  @Test
  void a_cycle_is_explained_in_place_and_not_stored() {
    TaskView a = task("A", "Core");
    TaskView b = task("B", "Core");
    tracker.tasks().addDependency(b.id(), a.id(), "blocks");
    api(client -> {
      Reply refused = formWith(client, "/tasks/" + a.id() + "/dependencies", new String[] {"HX-Request", "true"},
          "depends_on_task_id", String.valueOf(b.id()), "dependency_type", "requires");
      assertThat(refused.status()).isEqualTo(422);
      assertThat(refused.text().strip()).startsWith("<section id=\"task-dependencies\"").contains("would close a dependency cycle");
      assertThat(rows("task_dependencies")).isEqualTo(1);

      Reply removed = formWith(client, "/tasks/" + b.id() + "/dependencies/" + a.id() + "/delete",
          new String[] {"HX-Request", "true"});
      assertThat(removed.status()).isEqualTo(200);
      assertThat(rows("task_dependencies")).isZero();
      Reply added = formWith(client, "/tasks/" + a.id() + "/dependencies", new String[] {"HX-Request", "true"},
          "depends_on_task_id", "#" + b.id(), "dependency_type", "enhances");
      assertThat(added.text()).contains("#2 B", "enhances");
      assertThat(rows("task_dependencies")).isEqualTo(1);
      Reply disagree = formWith(client, "/tasks/" + b.id() + "/dependencies", new String[] {"HX-Request", "true"},
          "picked_task_id", String.valueOf(a.id()), "depends_on_task_id", "999", "dependency_type", "blocks");
      assertThat(disagree.status()).as("a picked task and another typed id").isEqualTo(422);
      assertThat(disagree.text()).contains("choose one");
      assertThat(rows("task_dependencies")).isEqualTo(1);
    });
  }

  @Test
  void an_edit_made_meanwhile_is_not_overwritten_unseen() {
    TaskView t = task("Design schema", "Database");
    tracker.tasks().updateStatus(t.id(), new tracker.tasks.TaskRecords.StatusChange("in_progress", null, null, null,
        null, "someone"));
    api(client -> {
      String[] hx = {"HX-Request", "true"};
      Reply stale = formWith(client, "/tasks/1", hx, "version", String.valueOf(t.version()), "title", "Mine");
      assertThat(stale.status()).isEqualTo(422);
      assertThat(stale.text()).contains("changed since you opened it", "value=\"Mine\"");
      assertThat(tracker.tasks().get(1).title()).isEqualTo("Design schema");

      String current = String.valueOf(tracker.tasks().get(1).version());
      assertThat(stale.text()).contains("name=\"version\" value=\"" + current + "\"");
      Reply saved = formWith(client, "/tasks/1", hx, "version", current, "title", "Mine");
      assertThat(saved.status()).isEqualTo(200);
      assertThat(tracker.tasks().get(1).title()).isEqualTo("Mine");
    });
  }

  @Test
  void a_cross_site_post_is_forbidden_and_changes_nothing() {
    api(client -> {
      String[] fields = {"title", "Forged", "component_area", "X", "phase", "1", "source_document", "x"};
      Reply crossSite = formWith(client, "/tasks", new String[] {"Sec-Fetch-Site", "cross-site"}, fields);
      assertThat(crossSite.status()).isEqualTo(403);
      Reply otherOrigin = formWith(client, "/tasks", new String[] {"Origin", "http://evil.example"}, fields);
      assertThat(otherOrigin.status()).isEqualTo(403);
      Reply nullOrigin = formWith(client, "/tasks", new String[] {"Origin", "null"}, fields);
      assertThat(nullOrigin.status()).isEqualTo(403);
      Reply api = client.post("/api/tasks", "{\"title\":\"Forged\",\"component_area\":\"X\",\"phase\":1,"
          + "\"source_document\":\"x\"}", "Sec-Fetch-Site", "same-site");
      assertThat(api.status()).isEqualTo(403);
      assertThat(rows("tasks")).isZero();

      Reply sameOrigin = formWith(client, "/tasks", new String[] {"Sec-Fetch-Site", "same-origin",
          "Origin", client.baseUrl()}, fields);
      assertThat(sameOrigin.status()).isEqualTo(303);
      // behind a proxy that rewrites Host, the browser's Sec-Fetch-Site still says same-origin
      Reply proxied = formWith(client, "/tasks", new String[] {"Sec-Fetch-Site", "same-origin",
          "Origin", "https://tracker.example"}, fields);
      assertThat(proxied.status()).isEqualTo(303);
      assertThat(rows("tasks")).isEqualTo(2);
    });
  }

  @Test
  void with_a_server_token_the_browser_signs_in_before_it_may_change_anything() {
    JavalinTest.test(WebApp.create(tracker, "s3cret"), (server, http) -> {
      ApiClient client = new ApiClient(server.port());
      String[] fields = {"title", "Mine", "component_area", "X", "phase", "1", "source_document", "x"};
      assertThat(client.get("/tasks").status()).isEqualTo(200); // reading needs no sign-in
      Reply anonymous = form(client, "/tasks", fields);
      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(anonymous.text()).contains("sign in at /login");
      assertThat(rows("tasks")).isZero();

      Reply wrong = form(client, "/login", "token", "guess", "next", "/tasks");
      assertThat(wrong.status()).isEqualTo(401);
      assertThat(wrong.text()).contains("is not a live token of this server");
      assertThat(wrong.header("Set-Cookie")).isNull();

      Reply right = form(client, "/login", "token", "s3cret", "next", "//evil.example/");
      assertThat(right.status()).isEqualTo(303);
      assertThat(right.header("Location")).isEqualTo("/");
      String cookie = right.header("Set-Cookie");
      assertThat(cookie).contains("HttpOnly", "SameSite=Strict").doesNotContain("s3cret");

      Reply signedIn = formWith(client, "/tasks", new String[] {"Cookie", cookie.split(";")[0]}, fields);
      assertThat(signedIn.status()).isEqualTo(303);
      assertThat(rows("tasks")).isOne();
    });
  }

  @Test
  void control_characters_in_a_form_are_refused_inline_and_nothing_is_stored() {
    api(client -> {
      Reply refused = form(client, "/tasks", "title", "\u0000Null first", "component_area", "A\u0007B", "phase", "1",
          "source_document", "x", "description", "tabs\tand\nlines are fine");
      assertThat(refused.status()).isEqualTo(422);
      assertThat(refused.text()).contains("must be one line without control characters (U+0000 at position 1)",
          "(U+0007 at position 2)");
      assertThat(rows("tasks")).isZero();
      Reply fine = form(client, "/tasks", "title", "Fine", "component_area", "A", "phase", "1",
          "source_document", "x", "description", "tabs\tand\nlines are fine");
      assertThat(fine.status()).isEqualTo(303);
      assertThat(rows("tasks")).isOne();
    });
  }

  @Test
  void a_hostile_title_renders_as_text_on_every_page() {
    TaskView t = task(HOSTILE, HOSTILE);
    tracker.tasks().addComment(t.id(), new CommentDraft(HOSTILE, "note"));
    long group = tracker.groups().create(new GroupDraft(HOSTILE, 2, List.of(t.id()), null)).id();
    api(client -> {
      for (String path : List.of("/", "/tasks", "/tasks/" + t.id(), "/plan", "/groups", "/groups/" + group,
          "/tasks/" + t.id() + "/picker?q=script", "/tasks?q=" + URLEncoder.encode(HOSTILE, StandardCharsets.UTF_8))) {
        String html = client.get(path).text();
        assertThat(html).as(path).doesNotContain("<script>alert", "<img src=x");
      }
      assertThat(client.get("/tasks/" + t.id()).text()).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    });
  }

  @Test
  void pages_carry_security_headers_and_no_inline_script() {
    task("Design schema", "Database");
    Pattern inlineScript = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>");
    Pattern handlerAttribute = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
    api(client -> {
      for (String path : List.of("/", "/tasks", "/tasks/1", "/tasks/new", "/plan", "/groups", "/nope")) {
        Reply page = client.get(path);
        assertThat(page.header("Content-Security-Policy")).as(path)
            .contains("script-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe-inline'; ");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("Referrer-Policy")).isEqualTo("same-origin");
        assertThat(inlineScript.matcher(page.text()).find()).as(path).isFalse();
        assertThat(handlerAttribute.matcher(page.text()).find()).as(path).isFalse();
      }
    });
  }

  @Test
  void missing_things_are_html_error_pages() {
    api(client -> {
      Reply missing = client.get("/tasks/99");
      assertThat(missing.status()).isEqualTo(404);
      assertThat(missing.text()).contains("<html", "Task 99 does not exist");
      assertThat(client.get("/no/such/page").text()).contains("<html", "there is no page /no/such/page");
      assertThat(client.get("/tasks/abc").status()).isEqualTo(404);
      Reply badFilter = client.get("/tasks?phase=9");
      assertThat(badFilter.status()).isEqualTo(400);
      assertThat(badFilter.text()).contains("These filters are not valid", "phase");
      Reply badPlan = client.get("/plan?max_parallel=99");
      assertThat(badPlan.status()).as("refused like a form, so htmx shows the message").isEqualTo(422);
      assertThat(badPlan.text()).contains("Tasks at once", "showing the default plan");
      Reply badPartial = client.get("/plan?max_parallel=0", "HX-Request", "true");
      assertThat(badPartial.status()).isEqualTo(422);
      assertThat(badPartial.text().strip()).startsWith("<section id=\"plan-view\"").contains("showing the default plan");
    });
  }

  @Test
  void groups_move_through_their_statuses_and_a_refused_move_is_explained() {
    TaskView a = task("A", "Core");
    TaskView b = task("B", "Core");
    long group = tracker.groups().create(new GroupDraft("Wave", 2, List.of(a.id(), b.id()), null)).id();
    String[] hx = {"HX-Request", "true"};
    api(client -> {
      Reply refused = formWith(client, "/groups/" + group + "/status", hx, "status", "completed");
      assertThat(refused.status()).isEqualTo(422);
      assertThat(refused.text()).contains("cannot go from pending to completed");
      Reply bogus = form(client, "/groups/" + group + "/status", "status", "bogus");
      assertThat(bogus.status()).as("without JavaScript").isEqualTo(422);
      assertThat(bogus.text()).contains("Status must be one of");
      Reply running = formWith(client, "/groups/" + group + "/tasks/" + a.id() + "/status", hx, "status", "running");
      assertThat(running.text()).contains("id=\"group-status\">running<");
      assertThat(tracker.tasks().get(a.id()).status().value()).isEqualTo("in_progress");
      formWith(client, "/groups/" + group + "/tasks/" + a.id() + "/status", hx, "status", "completed");
      Reply done = formWith(client, "/groups/" + group + "/tasks/" + b.id() + "/status", hx, "status", "completed");
      assertThat(done.text()).contains("id=\"group-status\">completed<");
      assertThat(client.get("/groups/" + group + "/log", "HX-Request", "true").text()).contains("running → completed");

      Reply log = formWith(client, "/groups/" + group + "/logs", hx, "level", "warning", "message", "");
      assertThat(log.status()).isEqualTo(422);
      assertThat(log.text()).contains("id=\"group-log-form\"", "required");

      long before = rows("execution_groups");
      assertThat(form(client, "/groups/from-plan", "max_parallel_tasks", "0").status())
          .as("nothing to confirm that could not be made").isEqualTo(422);
      Reply asks = form(client, "/groups/from-plan", "max_parallel_tasks", "2");
      assertThat(asks.text()).as("without script a page asks first").contains("Create groups from the plan?",
          "name=\"confirmed\"");
      assertThat(rows("execution_groups")).isEqualTo(before);
      Reply fromPlan = formWith(client, "/groups/from-plan", hx, "max_parallel_tasks", "2", "confirmed", "true");
      assertThat(fromPlan.header("HX-Redirect")).startsWith("/groups?made=");
      assertThat(client.get(fromPlan.header("HX-Redirect")).text()).contains("from the plan, one per wave");
      Reply deleted = form(client, "/groups/" + group + "/delete");
      assertThat(deleted.status()).isEqualTo(303);
      assertThat(client.get("/groups/" + group).status()).isEqualTo(404);
    });
  }
}
