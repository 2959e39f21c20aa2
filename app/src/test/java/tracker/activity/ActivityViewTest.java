package tracker.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The history in words, as the pages show it. */
class ActivityViewTest {

  private static Map<String, Object> change(Object from, Object to) {
    Map<String, Object> change = new LinkedHashMap<>();
    change.put("from", from);
    change.put("to", to);
    return change;
  }

  @Test
  void changes_read_as_words_not_as_column_names() {
    Map<String, Map<String, Object>> changes = new LinkedHashMap<>();
    changes.put("status", change("not_started", "in_progress"));
    changes.put("depends_on_task_id", change(null, 2));
    changes.put("time_estimate_hours", change(2.0, 3.5));
    changes.put("progress_percentage", change(30, 60));
    changes.put("parent_task_id", change(4, null));
    changes.put("title", change("old_name", "Design the importer"));
    ActivityView entry = new ActivityView(1, Instant.EPOCH, "alice", "task", 5L, 5L, null, "status_changed", changes);
    assertThat(entry.actionText()).isEqualTo("status changed");
    assertThat(entry.changeLines()).containsExactly("status: not started → in progress", "now depends on #2",
        "estimate: 2.0 h → 3.5 h", "progress: 30 % → 60 %", "part of: #4 (removed)",
        "title: old_name → Design the importer");
    changes.clear();
    changes.put("depends_on_task_id", change(7, null));
    assertThat(entry.changeLines()).containsExactly("no longer depends on #7");
    assertThat(entry.changeLines(java.util.Map.of(7L, "Design the importer")))
        .containsExactly("no longer depends on #7 Design the importer");
    assertThat(ActivityView.dependedOn(java.util.List.of(entry))).containsExactly(7L);
  }
}
