package tracker.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tracker.graph.PlanGraph.Edge;
import tracker.graph.PlanGraph.Node;
import tracker.graph.PlanGraph.Status;

/** A plan read again keeps each task's place when it holds the same tasks, whatever else changed. */
class PlanGraphTest {

  private static Node task(long id, Status status) {
    return new Node(id, 1, status, 2);
  }

  @Test
  void the_same_tasks_read_again_are_in_the_same_places() {
    PlanGraph first = new PlanGraph(List.of(task(1, Status.NOT_STARTED), task(2, Status.NOT_STARTED)), List.of());
    PlanGraph again = new PlanGraph(List.of(task(1, Status.COMPLETED), task(2, Status.NOT_STARTED)),
        List.of(new Edge(2, 1)));
    assertThat(first.samePlacesAs(again)).isTrue();
    assertThat(first.samePlacesAs(first.withStatuses(Map.of(2L, Status.IN_PROGRESS)))).isTrue();
    PlanGraph added = new PlanGraph(List.of(task(1, Status.NOT_STARTED), task(2, Status.NOT_STARTED),
        task(3, Status.NOT_STARTED)), List.of());
    assertThat(first.samePlacesAs(added)).isFalse();
    PlanGraph replaced = new PlanGraph(List.of(task(1, Status.NOT_STARTED), task(3, Status.NOT_STARTED)), List.of());
    assertThat(first.samePlacesAs(replaced)).isFalse();
  }
}
