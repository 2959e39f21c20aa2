package tracker.tasks;

import tracker.web.FormState;

import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tracker.activity.ActivityView;
import tracker.tasks.TaskRecords.CommentView;
import tracker.tasks.TaskRecords.Page;
import tracker.tasks.TaskRecords.ProgressView;
import tracker.web.Charts;

/** The typed view models of the task pages. */
public final class TaskScreens {

  private TaskScreens() {}

  /** The task list: the filters as typed, one page of tasks, and links that keep the filters. */
  public record ListScreen(TaskQuery query, Page<TaskView> page, List<String> components,
      List<SavedViews.View> views, String error) {

    /** The columns the list can be sorted by, as the sort parameter and the header text. */
    public static final List<SortColumn> SORTABLE = List.of(new SortColumn("id", "#"),
        new SortColumn("title", "Title"), new SortColumn("phase", "Phase"), new SortColumn("priority", "Priority"),
        new SortColumn("component_area", "Component"), new SortColumn("time_estimate_hours", "Hours"),
        new SortColumn("status", "Status"), new SortColumn("progress_percentage", "Progress"));

    /** The current filters with one parameter changed; any change but paging starts at the first page. */
    public String link(String param, String value) {
      Map<String, List<String>> params = new LinkedHashMap<>(query.parameters());
      if (!param.equals("offset")) {
        params.remove("offset");
      }
      params.put(param, value == null ? List.of() : List.of(value));
      String query = TaskQuery.queryString(params);
      return query.isEmpty() ? "/tasks" : "/tasks?" + query;
    }

    /** Whether the filter {@code name} holds {@code value} (a chosen box of the filter form). */
    public boolean chosen(String name, String value) {
      return TaskQuery.each(query.parameters().get(name), !name.equals("component_area")).contains(value);
    }

    /** The chosen values of a filter for its summary ("blocked, in progress"), or "any". */
    public String chosenText(String name) {
      List<String> values = TaskQuery.each(query.parameters().get(name), !name.equals("component_area"));
      return values.isEmpty() ? "any" : String.join(", ", values).replace('_', ' ');
    }

    /** A filter's values as one text box shows them ("alice, me"). */
    public String typed(String name) {
      return String.join(", ", TaskQuery.each(query.parameters().get(name), true));
    }

    /** Whether the saved view shows exactly this list. */
    public boolean showing(SavedViews.View view) {
      return view.query().equals(TaskQuery.queryString(query.filtersAndOrder()));
    }

    /** This view (its filters and order, every page) as a CSV file. */
    public String csvLink() {
      return link("offset", null).replaceFirst("^/tasks", "/tasks.csv");
    }

    /** This view's tasks (its first page of 150) drawn with the dependencies among them. */
    public String graphLink() {
      return link("offset", null).replaceFirst("^/tasks", "/tasks/graph");
    }

    /** Sorting by a column; a second click on the sorted column reverses it. */
    public String sortLink(String column) {
      return link("sort", column.equals(query.sort()) ? "-" + column : column);
    }

    /** The column's sort direction for {@code aria-sort}, or null. */
    public String sortState(String column) {
      String sort = query.sort() == null ? "id" : query.sort();
      return sort.equals(column) ? "ascending" : sort.equals("-" + column) ? "descending" : null;
    }

    public boolean hasPrevious() {
      return page.offset() > 0;
    }

    public boolean hasNext() {
      return page.offset() + page.items().size() < page.total();
    }

    public String previousLink() {
      return link("offset", String.valueOf(Math.max(0, page.offset() - page.limit())));
    }

    public String nextLink() {
      return link("offset", String.valueOf(page.offset() + page.limit()));
    }

    public String range() {
      if (page.items().isEmpty()) {
        return "No tasks";
      }
      return (page.offset() + 1) + "–" + (page.offset() + page.items().size()) + " of " + page.total();
    }
  }

  public record SortColumn(String key, String label) {}

  /** The forms of a task's page. */
  public enum Section { SUMMARY, EDIT, DEPENDENCIES, PROGRESS, COMMENTS }

  /**
   * Which of the page's forms a refused post came from, with its messages and values: the whole
   * page (a browser without JavaScript) shows them at that form, the others empty.
   */
  public record Refusal(Section section, FormState state) {

    public static final Refusal NONE = new Refusal(Section.EDIT, FormState.EMPTY);

    public FormState at(Section form) {
      return form == section ? state : FormState.EMPTY;
    }
  }

  /** One task's page: the task with its relations, progress, comments and history. */
  public record TaskScreen(TaskDetail detail, List<ProgressView> progress, List<CommentView> comments,
      List<String> components, List<ActivityView> history, Map<Long, String> historyTitles, List<TaskView> subtasks,
      TaskReadiness.Readiness readiness) {

    public TaskView task() {
      return detail.task();
    }
  }

  /** The progress history (newest first, as the service gives it) as a line of percentages over time. */
  public static Charts.Line progressChart(List<ProgressView> progress) {
    int n = progress.size();
    double[] xs = new double[n];
    double[] ys = new double[n];
    String[] labels = new String[n];
    for (int i = 0; i < n; i++) {
      ProgressView p = progress.get(n - 1 - i);
      xs[i] = p.createdAt().getEpochSecond();
      ys[i] = p.progressPercentage();
      labels[i] = p.progressPercentage() + " % on " + p.createdAt().atOffset(ZoneOffset.UTC).toLocalDate();
    }
    return Charts.line(xs, ys, labels, 100, n == 0 ? 0 : xs[n - 1], 340, 130,
        second -> java.time.Instant.ofEpochSecond(Math.round(second)).atOffset(ZoneOffset.UTC).toLocalDate().toString(),
        percent -> Math.round(percent) + " %");
  }
}
