package tracker.demo;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tracker.db.Transactions;
import tracker.tasks.TaskDraft;
import tracker.tasks.TaskRecords.CommentDraft;
import tracker.tasks.TaskRecords.ProgressDraft;
import tracker.tasks.TaskService;
import tracker.tasks.TaskView;

/**
 * The sample plan behind {@code serve --demo}: moving a raw-SQL task tracker onto an ORM,
 * kept in the jar as {@code demo/plan.json} and loaded through the task service.
 */
public final class DemoPlan {

  private DemoPlan() {}

  record Comment(String comment, String commentType) {}

  record DemoTask(String ref, String title, String description, String componentArea, int phase, String priority,
      String complexity, String status, String sourceDocument, String successCriteria, double timeEstimateHours,
      List<String> dependsOn, Integer progress, List<Comment> comments) {}

  record Plan(List<DemoTask> tasks) {}

  /** Loads the plan in one transaction when there are no tasks yet; answers how many tasks it loaded. */
  public static int loadIfEmpty(TaskService tasks, Transactions tx) {
    Plan plan = read();
    return tx.write(() -> {
      if (tasks.hasTasks()) {
        return 0;
      }
      Map<String, Long> ids = new HashMap<>();
      for (DemoTask t : plan.tasks()) {
        TaskView created = tasks.create(new TaskDraft(t.title(), t.description(), t.componentArea(), t.phase(),
            t.priority(), t.complexity(), t.status(), t.sourceDocument(), t.successCriteria(),
            t.timeEstimateHours(), null));
        ids.put(t.ref(), created.id());
        if (t.progress() != null) {
          tasks.addProgress(created.id(), new ProgressDraft(t.progress(), "Demo progress", "demo"));
        }
        for (Comment c : t.comments() == null ? List.<Comment>of() : t.comments()) {
          tasks.addComment(created.id(), new CommentDraft(c.comment(), c.commentType()));
        }
      }
      for (DemoTask t : plan.tasks()) {
        for (String prerequisite : t.dependsOn()) {
          tasks.addDependency(ids.get(t.ref()), ids.get(prerequisite), "blocks");
        }
      }
      return plan.tasks().size();
    });
  }

  private static Plan read() {
    ObjectMapper mapper = new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    try (InputStream in = DemoPlan.class.getResourceAsStream("/demo/plan.json")) {
      return mapper.readValue(in, Plan.class);
    } catch (IOException e) {
      throw new UncheckedIOException("the demo plan in the jar cannot be read", e);
    }
  }
}
