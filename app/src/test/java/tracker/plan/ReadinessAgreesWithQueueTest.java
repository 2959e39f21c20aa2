package tracker.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tracker.core.TrackerException;
import tracker.graph.Planner;
import tracker.tasks.TaskDraft;
import tracker.tasks.TaskRecords.StatusChange;
import tracker.tasks.TaskService;
import tracker.support.ApiTests;

/**
 * The ready queue (from the plan graph) and a task's readiness (read from the database) follow
 * one rule: on random plans with subtasks, dependencies and every status, a task is in the queue
 * exactly when its readiness says ready.
 */
class ReadinessAgreesWithQueueTest extends ApiTests {

  private static final String[] STATUSES = {"not_started", "not_started", "in_progress", "completed", "blocked"};
  private static final String[] TYPES = {"blocks", "requires", "enhances"};

  @Test
  void the_queue_holds_exactly_the_tasks_whose_readiness_says_ready() {
    TaskService tasks = tracker.tasks();
    for (int plan = 0; plan < 4; plan++) {
      Random random = new Random(1000 + plan);
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        Long parent = i > 0 && random.nextInt(3) == 0 ? ids.get(random.nextInt(ids.size())) : null;
        ids.add(tasks.create(new TaskDraft("t" + plan + "-" + i, null, "A", 1, "Medium", "Medium", null, "s", null,
            1.0 + random.nextInt(8), parent)).id());
      }
      for (int e = 0; e < 35; e++) {
        long task = ids.get(random.nextInt(ids.size()));
        long prerequisite = ids.get(random.nextInt(ids.size()));
        try {
          tasks.addDependency(task, prerequisite, TYPES[random.nextInt(TYPES.length)]);
        } catch (TrackerException cycleOrSelf) {
          // refused as it should be; the plan stays acyclic
        }
      }
      for (long id : ids) {
        String status = STATUSES[random.nextInt(STATUSES.length)];
        tasks.updateStatus(id, new StatusChange(status, null, null, null, null, "test", true, null));
      }
      Set<Long> queued = new HashSet<>();
      tracker.plan().readyQueue(null).stream().map(Planner.ReadyTask::id).forEach(queued::add);
      assertThat(queued).as("plan %d has ready tasks and others", plan).isNotEmpty().hasSizeLessThan(ids.size());
      for (long id : ids) {
        assertThat(tasks.readiness(id).ready()).as("plan %d task %d: %s", plan, id, tasks.readiness(id).reasons())
            .isEqualTo(queued.contains(id));
      }
    }
  }
}
