package tracker.tasks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tracker.core.TrackerException;
import tracker.domain.TaskStatus;

/**
 * The board: a column per status, the first cards of each (by priority, then id) and how many
 * there are, optionally split into swimlanes by component or phase. Read through the task
 * listing, so each column is one indexed page however big the plan.
 */
public final class TaskBoard {

  /** Cards shown per column; the rest are a link to the filtered list. */
  public static final int CARDS = 50;
  public static final List<String> LANES = List.of("none", "component", "phase");
  /** The columns, in the order work moves through them. */
  static final List<TaskStatus> ORDER = List.of(TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.BLOCKED,
      TaskStatus.COMPLETED);

  public record Column(TaskStatus status, List<TaskView> cards, long total) {

    /** The column's cards in one lane. */
    public List<TaskView> in(String lane, String laneBy) {
      return cards.stream().filter(card -> laneOf(card, laneBy).equals(lane)).toList();
    }
  }

  /** The board as shown: its columns, its lanes (one, "", without swimlanes), and how lanes are chosen. */
  public record Board(List<Column> columns, List<String> lanes, String laneBy) {}

  private final TaskListing tasks;

  public TaskBoard(TaskListing tasks) {
    this.tasks = tasks;
  }

  public Board board(String laneBy) {
    String by = laneBy == null || laneBy.isBlank() ? "none" : laneBy;
    if (!LANES.contains(by)) {
      throw TrackerException.badRequest("lane must be one of " + String.join(", ", LANES),
          List.of(new tracker.core.FieldError("lane", "must be one of " + String.join(", ", LANES))));
    }
    List<Column> columns = new ArrayList<>();
    Map<String, Boolean> lanes = new LinkedHashMap<>();
    for (TaskStatus status : ORDER) {
      TaskRecords.Page<TaskView> page = tasks.list(new TaskQuery(status.value(), null, null, null, null, null, null,
          "priority",
          String.valueOf(CARDS), null));
      columns.add(new Column(status, page.items(), page.total()));
      page.items().forEach(card -> lanes.put(laneOf(card, by), true));
    }
    List<String> laneNames = new ArrayList<>(lanes.keySet());
    laneNames.sort(null);
    return new Board(columns, laneNames.isEmpty() ? List.of("") : laneNames, by);
  }

  static String laneOf(TaskView card, String laneBy) {
    return switch (laneBy) {
      case "component" -> card.componentArea();
      case "phase" -> "Phase " + card.phase();
      default -> "";
    };
  }
}
