package tracker.core;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A task's labels: free text, one line each, at most {@link #MAX_PER_TASK} per task, without
 * commas; stored sorted between commas (",backend,urgent,") so that one LIKE finds a label.
 */
public final class Labels {

  public static final int MAX_PER_TASK = 20;

  private Labels() {}

  /** The labels as given in {@code field}, checked, trimmed, without duplicates and sorted; problems go to {@code rules}. */
  public static List<String> checked(Rules rules, String field, List<String> given) {
    if (given == null) {
      return List.of();
    }
    TreeSet<String> labels = new TreeSet<>();
    for (int i = 0; i < given.size(); i++) {
      String label = given.get(i) == null ? "" : given.get(i).strip();
      String item = field + "[" + i + "]";
      if (label.isEmpty()) {
        rules.add(item, "must not be empty");
      } else if (label.contains(",")) {
        rules.add(item, "must not contain a comma, not " + Rules.quote(label));
      } else if (rules.text(TextField.LABEL, label, item)) {
        labels.add(label);
      }
    }
    if (labels.size() > MAX_PER_TASK) {
      rules.add(field, "a task holds at most " + MAX_PER_TASK + " labels, not " + labels.size());
    }
    return List.copyOf(labels);
  }

  /** The stored form: null for none. */
  public static String stored(List<String> labels) {
    return labels.isEmpty() ? null : "," + String.join(",", new TreeSet<>(labels)) + ",";
  }

  /** The labels of a stored value. */
  public static List<String> of(String stored) {
    if (stored == null || stored.length() < 2) {
      return List.of();
    }
    return List.of(stored.substring(1, stored.length() - 1).split(","));
  }

  /**
   * What a search of the stored labels looks for: the label between its commas, held exactly and
   * case-sensitively (a LIKE would need escaping, and ignores case on SQLite).
   */
  public static String needle(String label) {
    return "," + label + ",";
  }

  /** The stored labels with {@code add} added and {@code remove} taken away. */
  public static List<String> changed(String stored, List<String> add, List<String> remove) {
    TreeSet<String> labels = new TreeSet<>(of(stored));
    labels.addAll(add);
    remove.forEach(labels::remove);
    return new ArrayList<>(labels);
  }
}
