package tracker.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import tracker.app.Tracker;
import tracker.core.FieldError;
import tracker.core.TrackerException;
import tracker.domain.Priority;
import tracker.domain.TaskStatus;
import tracker.support.TestDatabases;
import tracker.tasks.TaskRecords.CommentDraft;
import tracker.tasks.TaskRecords.DependencyResult;
import tracker.tasks.TaskRecords.ProgressDraft;
import tracker.tasks.TaskRecords.StatusChange;

@ParameterizedClass(name = "on {0}")
@ValueSource(strings = {TestDatabases.SQLITE, TestDatabases.POSTGRESQL})
class TaskServiceTest {

  @Parameter
  String database;


  @TempDir
  Path dir;
  Tracker tracker;
  TaskService tasks;
  TaskListing listing;

  @BeforeEach
  void open() {
    tracker = TestDatabases.open(database, dir);
    tasks = tracker.tasks();
    listing = tracker.listing();
  }

  @AfterEach
  void close() {
    tracker.close();
  }

  static TaskDraft draft(String title) {
    return new TaskDraft(title, null, "Database", 1, null, null, null, "plan.md", null, null, null);
  }

  static TaskDraft draft(String title, String area, String priority, double hours) {
    return new TaskDraft(title, "about " + title, area, 2, priority, "Medium", null, "plan.md", null, hours, null);
  }

  long count(String table) {
    return tracker.database().ebean().sqlQuery("select count(*) as n from " + table).findOne().getLong("n");
  }

  TrackerException refusal(Runnable action) {
    try {
      action.run();
    } catch (TrackerException e) {
      return e;
    }
    throw new AssertionError("expected a refusal");
  }

  // ---- create ----

  @Test
  void create_stores_the_task_with_defaults_and_a_first_progress_record() {
    TaskView task = tasks.create(draft("Design schema"));

    assertThat(task.id()).isPositive();
    assertThat(task.priority()).isEqualTo(Priority.MEDIUM);
    assertThat(task.status()).isEqualTo(TaskStatus.NOT_STARTED);
    assertThat(task.timeEstimateHours()).isEqualTo(1.0);
    assertThat(task.progressPercentage()).isZero();
    assertThat(task.createdAt()).isNotNull();
    assertThat(tasks.progress(task.id()))
        .extracting(p -> p.progressPercentage(), p -> p.notes(), p -> p.updatedBy())
        .containsExactly(tuple(0, "Task created", "system"));
  }

  @Test
  void create_with_broken_rules_names_every_field_and_stores_nothing() {
    TaskDraft bad = new TaskDraft("", "x".repeat(2001), "", 9, "Urgent", "Hard", "done", null, null, 500.0, 999L);

    TrackerException e = refusal(() -> tasks.create(bad));

    assertThat(e.status()).isEqualTo(422);
    assertThat(e.errors()).extracting(FieldError::field).containsExactlyInAnyOrder(
        "title", "description", "component_area", "phase", "priority", "complexity", "status",
        "source_document", "time_estimate_hours", "parent_task_id");
    assertThat(count("tasks")).isZero();
    assertThat(count("task_progress")).isZero();
  }

  @Test
  void limits_of_the_validation_table_are_inclusive() {
    TaskView task = tasks.create(new TaskDraft("t".repeat(500), "d".repeat(2000), "c".repeat(100), 4, "Low",
        "Expert", "blocked", "s".repeat(200), "k".repeat(1000), 200.0, null));
    assertThat(task.title()).hasSize(500);
    assertThat(tasks.create(new TaskDraft("x", null, "c", 1, null, null, null, "s", null, 0.1, null))
        .timeEstimateHours()).isEqualTo(0.1);
    assertThat(refusal(() -> tasks.create(new TaskDraft("x", null, "c", 0, null, null, null, "s", null, 0.09, null)))
        .errors()).extracting(FieldError::field).containsExactlyInAnyOrder("phase", "time_estimate_hours");
  }

  // ---- update ----

  @Test
  void update_changes_only_the_given_fields_and_bumps_the_version() {
    TaskView task = tasks.create(draft("Old"));
    TaskView updated = tasks.update(task.id(), new TaskDraft("New", null, null, null, "High", null, null, null,
        null, null, null), Set.of("title", "priority"), task.version());

    assertThat(updated.title()).isEqualTo("New");
    assertThat(updated.priority()).isEqualTo(Priority.HIGH);
    assertThat(updated.componentArea()).isEqualTo("Database");
    assertThat(updated.version()).isGreaterThan(task.version());
  }

  @Test
  void update_with_a_stale_version_is_412_and_changes_nothing() {
    TaskView task = tasks.create(draft("Old"));
    tasks.update(task.id(), draft("Newer"), Set.of("title"), null);

    TrackerException e = refusal(() -> tasks.update(task.id(), draft("Lost"), Set.of("title"), task.version()));

    assertThat(e.status()).isEqualTo(412);
    assertThat(tasks.get(task.id()).title()).isEqualTo("Newer");
  }

  @Test
  void a_parent_must_exist_and_must_not_be_the_task_or_below_it() {
    TaskView root = tasks.create(draft("Root"));
    TaskView child = tasks.create(new TaskDraft("Child", null, "A", 1, null, null, null, "s", null, null, root.id()));
    TaskDraft toChild = new TaskDraft(null, null, null, null, null, null, null, null, null, null, child.id());

    assertThat(refusal(() -> tasks.update(root.id(), toChild, Set.of("parent_task_id"), null)).errors())
        .extracting(FieldError::field).containsExactly("parent_task_id");
    assertThat(refusal(() -> tasks.create(new TaskDraft("X", null, "A", 1, null, null, null, "s", null, null, 4242L)))
        .status()).isEqualTo(422);
    assertThat(tasks.get(root.id()).parentTaskId()).isNull();
    assertThat(tasks.detail(root.id()).subtaskIds()).containsExactly(child.id());
  }

  @Test
  void update_of_a_missing_task_is_404() {
    assertThat(refusal(() -> tasks.update(77, draft("x"), Set.of("title"), null)).status()).isEqualTo(404);
  }

  // ---- status ----

  @Test
  void status_change_with_progress_and_comment_is_stored_together() {
    TaskView task = tasks.create(draft("Work"));

    TaskView changed = tasks.updateStatus(task.id(),
        new StatusChange("in_progress", 40, "Half way", "Chose WAL", "decision", "alice"));

    assertThat(changed.status()).isEqualTo(TaskStatus.IN_PROGRESS);
    assertThat(changed.progressPercentage()).isEqualTo(40);
    assertThat(tasks.progress(task.id())).first()
        .satisfies(p -> {
          assertThat(p.notes()).isEqualTo("Half way");
          assertThat(p.updatedBy()).isEqualTo("alice");
        });
    assertThat(tasks.comments(task.id())).extracting(c -> c.comment(), c -> c.commentType().value())
        .containsExactly(tuple("Chose WAL", "decision"));
  }

  @Test
  void status_change_with_one_bad_part_changes_nothing() {
    TaskView task = tasks.create(draft("Work"));

    TrackerException e = refusal(() -> tasks.updateStatus(task.id(),
        new StatusChange("completed", 101, null, "ok", "rant", null)));

    assertThat(e.errors()).extracting(FieldError::field)
        .containsExactlyInAnyOrder("progress_percentage", "comment_type");
    assertThat(tasks.get(task.id()).status()).isEqualTo(TaskStatus.NOT_STARTED);
    assertThat(count("task_progress")).isEqualTo(1);
    assertThat(count("task_comments")).isZero();
  }

  @Test
  void status_must_be_given_and_known() {
    TaskView task = tasks.create(draft("Work"));
    assertThat(refusal(() -> tasks.updateStatus(task.id(), new StatusChange(null, null, null, null, null, null)))
        .errors()).extracting(FieldError::field).containsExactly("status");
    assertThat(refusal(() -> tasks.updateStatus(task.id(), new StatusChange("done", null, null, null, null, null)))
        .errors().get(0).message()).contains("not_started, in_progress, completed, blocked");
  }

  // ---- progress and comments ----

  @Test
  void progress_is_newest_first_and_comments_oldest_first() {
    TaskView task = tasks.create(draft("Work"));
    tasks.addProgress(task.id(), new ProgressDraft(10, "a", null));
    tasks.addProgress(task.id(), new ProgressDraft(30, "b", "bob"));
    tasks.addComment(task.id(), new CommentDraft("first", null));
    tasks.addComment(task.id(), new CommentDraft("second", "blocker"));

    assertThat(tasks.progress(task.id())).extracting(p -> p.progressPercentage()).containsExactly(30, 10, 0);
    assertThat(tasks.comments(task.id())).extracting(c -> c.comment(), c -> c.commentType().value())
        .containsExactly(tuple("first", "note"), tuple("second", "blocker"));
    assertThat(tasks.get(task.id()).progressPercentage()).isEqualTo(30);
  }

  @Test
  void bad_progress_and_comments_are_refused() {
    TaskView task = tasks.create(draft("Work"));
    assertThat(refusal(() -> tasks.addProgress(task.id(), new ProgressDraft(null, "n".repeat(1001), null)))
        .errors()).extracting(FieldError::field).containsExactlyInAnyOrder("progress_percentage", "notes");
    assertThat(refusal(() -> tasks.addComment(task.id(), new CommentDraft("", null))).status()).isEqualTo(422);
    assertThat(refusal(() -> tasks.addComment(task.id(), new CommentDraft("c".repeat(2001), null))).status())
        .isEqualTo(422);
    assertThat(refusal(() -> tasks.addComment(404, new CommentDraft("hi", null))).status()).isEqualTo(404);
    assertThat(count("task_comments")).isZero();
    assertThat(count("task_progress")).isEqualTo(1);
  }

  // ---- dependencies ----

  @Test
  void a_dependency_is_added_once_and_an_existing_pair_is_returned() {
    TaskView a = tasks.create(draft("A"));
    TaskView b = tasks.create(draft("B"));

    DependencyResult first = tasks.addDependency(b.id(), a.id(), null);
    DependencyResult again = tasks.addDependency(b.id(), a.id(), "enhances");

    assertThat(first.created()).isTrue();
    assertThat(first.dependency().dependencyType().value()).isEqualTo("blocks");
    assertThat(again.created()).isFalse();
    assertThat(again.dependency().dependencyType().value()).isEqualTo("blocks");
    assertThat(count("task_dependencies")).isEqualTo(1);
    TaskDetail detailB = tasks.detail(b.id());
    assertThat(detailB.dependencies()).extracting(TaskDetail.Dependency::dependsOnTaskId, TaskDetail.Dependency::title)
        .containsExactly(tuple(a.id(), "A"));
    assertThat(tasks.detail(a.id()).dependents()).extracting(TaskDetail.Dependent::taskId).containsExactly(b.id());
  }

  @Test
  void a_dependency_that_closes_a_cycle_is_refused_naming_the_cycle() {
    TaskView a = tasks.create(draft("A"));
    TaskView b = tasks.create(draft("B"));
    TaskView c = tasks.create(draft("C"));
    tasks.addDependency(b.id(), a.id(), "blocks");
    tasks.addDependency(c.id(), b.id(), "enhances");

    TrackerException e = refusal(() -> tasks.addDependency(a.id(), c.id(), "requires"));

    assertThat(e.status()).isEqualTo(422);
    assertThat(e.getMessage()).contains(a.id() + " → " + c.id() + " → " + b.id() + " → " + a.id());
    assertThat(count("task_dependencies")).isEqualTo(2);
  }

  @Test
  void self_missing_and_unknown_type_dependencies_are_refused() {
    TaskView a = tasks.create(draft("A"));
    assertThat(refusal(() -> tasks.addDependency(a.id(), a.id(), null)).status()).isEqualTo(422);
    assertThat(refusal(() -> tasks.addDependency(a.id(), 999L, null)).status()).isEqualTo(404);
    assertThat(refusal(() -> tasks.addDependency(999, a.id(), null)).status()).isEqualTo(404);
    assertThat(refusal(() -> tasks.addDependency(a.id(), 999L, "needs")).status()).isEqualTo(422);
    assertThat(count("task_dependencies")).isZero();
  }

  @Test
  void removing_a_dependency_that_is_not_there_is_404() {
    TaskView a = tasks.create(draft("A"));
    TaskView b = tasks.create(draft("B"));
    tasks.addDependency(b.id(), a.id(), null);

    tasks.removeDependency(b.id(), a.id());

    assertThat(count("task_dependencies")).isZero();
    assertThat(refusal(() -> tasks.removeDependency(b.id(), a.id())).status()).isEqualTo(404);
  }

  @Test
  void deleting_a_task_removes_its_dependencies_progress_comments_and_subtasks() {
    TaskView a = tasks.create(draft("A"));
    TaskView b = tasks.create(draft("B"));
    TaskView c = tasks.create(draft("C"));
    TaskView sub = tasks.create(new TaskDraft("Sub", null, "A", 1, null, null, null, "s", null, null, b.id()));
    TaskView subsub = tasks.create(new TaskDraft("SubSub", null, "A", 1, null, null, null, "s", null, null, sub.id()));
    tasks.addDependency(b.id(), a.id(), null);
    tasks.addDependency(c.id(), b.id(), null);
    tasks.addComment(b.id(), new CommentDraft("note", null));

    tracker.trash().delete(b.id(), null, true);

    assertThat(listing.list(TaskQuery.all()).items()).extracting(TaskView::id).containsExactly(a.id(), c.id());
    assertThat(count("task_dependencies")).isZero();
    assertThat(count("task_comments")).isZero();
    assertThat(count("task_progress")).isEqualTo(2);
    assertThat(refusal(() -> tasks.get(subsub.id())).status()).isEqualTo(404);
    assertThat(refusal(() -> tracker.trash().delete(b.id(), null, true)).status()).isEqualTo(404);
  }

  // ---- queries ----

  @Test
  void tasks_by_component_are_critical_first_then_oldest_first() {
    tasks.create(draft("low", "UI", "Low", 1));
    tasks.create(draft("high", "UI", "High", 1));
    tasks.create(draft("critical", "UI", "Critical", 1));
    tasks.create(draft("medium", "UI", "Medium", 1));
    tasks.create(draft("critical 2", "UI", "Critical", 1));
    tasks.create(draft("other", "DB", "Critical", 1));

    assertThat(listing.tasksByComponent("UI")).extracting(TaskView::title)
        .containsExactly("critical", "critical 2", "high", "medium", "low");
  }

  @Test
  void listing_filters_sorts_by_meaning_and_pages() {
    tasks.create(draft("low", "UI", "Low", 1));
    tasks.create(draft("high", "UI", "High", 1));
    tasks.create(draft("critical", "DB", "Critical", 1));
    tasks.create(draft("medium search me", "UI", "Medium", 1));

    assertThat(listing.list(new TaskQuery(null, null, null, null, null, null, null, "priority", null, null)).items())
        .extracting(TaskView::title).containsExactly("critical", "high", "medium search me", "low");
    assertThat(listing.list(new TaskQuery(null, null, null, null, null, null, null, "-priority", "2", "1")))
        .satisfies(page -> {
          assertThat(page.total()).isEqualTo(4);
          assertThat(page.limit()).isEqualTo(2);
          assertThat(page.offset()).isEqualTo(1);
          assertThat(page.items()).extracting(TaskView::title).containsExactly("medium search me", "high");
        });
    assertThat(listing.list(new TaskQuery(null, "2", "UI", "High", null, null, null, null, null, null)).items())
        .extracting(TaskView::title).containsExactly("high");
    assertThat(listing.list(new TaskQuery(null, null, null, null, null, null, "SEARCH", null, null, null)).items())
        .extracting(TaskView::title).containsExactly("medium search me");
    assertThat(listing.list(new TaskQuery("completed", null, null, null, null, null, null, null, null, null)).total())
        .isZero();
  }

  static TaskQuery search(String q) {
    return new TaskQuery(null, null, null, null, null, null, q, null, null, null);
  }

  @Test
  void text_search_finds_substrings_of_title_and_description_case_insensitively_and_follows_changes() {
    TaskView wal = tasks.create(new TaskDraft("Enable WAL journaling", "Readers never block the writer", "DB", 1,
        null, null, null, "s", null, null, null));
    TaskView quote = tasks.create(new TaskDraft("Parse \"quoted\" 100% names_x", null, "DB", 1, null, null, null, "s",
        null, null, null));
    tasks.create(draft("Unrelated"));

    assertThat(listing.list(search("wal jour")).items()).extracting(TaskView::id).containsExactly(wal.id());
    assertThat(listing.list(search("NEVER BLOCK")).items()).extracting(TaskView::id).containsExactly(wal.id());
    assertThat(listing.list(search("\"quoted\"")).items()).extracting(TaskView::id).containsExactly(quote.id());
    assertThat(listing.list(search("0%")).items()).extracting(TaskView::id).containsExactly(quote.id());
    assertThat(listing.list(search("s_")).items()).extracting(TaskView::id).containsExactly(quote.id());
    assertThat(listing.list(search("zzz")).total()).isZero();

    tasks.update(wal.id(), draft("Checkpoint policy"), Set.of("title"), null);
    assertThat(listing.list(search("journaling")).total()).isZero();
    assertThat(listing.list(search("checkpoint")).items()).extracting(TaskView::id).containsExactly(wal.id());
    tracker.trash().delete(wal.id(), null, false);
    assertThat(listing.list(search("checkpoint")).total()).isZero();
  }

  @Test
  void malformed_listing_parameters_are_a_400_naming_each() {
    TrackerException e = refusal(() -> listing.list(
        new TaskQuery("done", "five", null, "Urgent", null, null, null, "colour", "501", "-1")));
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.errors()).extracting(FieldError::field)
        .containsExactlyInAnyOrder("status", "phase", "priority", "sort", "limit", "offset");
  }

  @Test
  void statistics_count_and_round_to_one_decimal() {
    assertThat(tracker.statistics().stats()).isEqualTo(new TaskStats(0, 0, 0, 0, 0.0, List.of(), List.of(), 0.0, 0.0, 0.0, List.of()));
    TaskView a = tasks.create(draft("a", "UI", "Low", 1));
    TaskView b = tasks.create(draft("b", "UI", "Low", 2));
    tasks.create(draft("c", "DB", "Low", 4));
    tasks.updateStatus(a.id(), new StatusChange("completed", null, null, null, null, null));
    tasks.updateStatus(b.id(), new StatusChange("blocked", null, null, null, null, null));

    TaskStats stats = tracker.statistics().stats();

    assertThat(stats.totalTasks()).isEqualTo(3);
    assertThat(stats.completedTasks()).isEqualTo(1);
    assertThat(stats.blockedTasks()).isEqualTo(1);
    assertThat(stats.inProgressTasks()).isZero();
    assertThat(stats.completionPercentage()).isEqualTo(33.3);
    assertThat(stats.totalEstimatedHours()).isEqualTo(7.0);
    assertThat(stats.completedHours()).isEqualTo(1.0);
    assertThat(stats.progressPercentage()).isEqualTo(14.3);
    assertThat(stats.phaseBreakdown()).containsExactly(new TaskStats.PhaseCount(2, 3));
    assertThat(stats.componentBreakdown()).containsExactly(
        new TaskStats.AreaCount("DB", 1), new TaskStats.AreaCount("UI", 2));
  }
}
