package tracker.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tracker.support.TestDatabases;
import tracker.tasks.TaskDraft;

/** The live stream, as its subscribers see it. */
class ActivityStreamTest {

  @Test
  void a_subscriber_that_leaves_while_it_is_served_costs_the_others_nothing(@TempDir Path dir) throws Exception {
    try (Tracker tracker = TestDatabases.sqlite(dir)) {
      List<Long> seen = new CopyOnWriteArrayList<>();
      tracker.activityStream().subscribe(entry -> seen.add(entry.id()), 0L);
      for (int round = 0; round < 3; round++) {
        // as the web server does when a write to a closed connection fails: the subscriber's
        // close handler unsubscribes it on the stream's own thread, then the write answers false
        Runnable[] leave = new Runnable[1];
        leave[0] = tracker.activityStream().subscribe(entry -> {
          leave[0].run();
          return false;
        }, null);
        Thread.sleep(50); // subscribed on the stream's thread
        tracker.tasks().create(new TaskDraft("t" + round, null, "core", 1, null, null, null, "spec", null, 1.0, null));
        tracker.tasks().create(new TaskDraft("u" + round, null, "core", 1, null, null, null, "spec", null, 1.0, null));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (seen.size() < 6 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(600); // more than two polls: a repeat would have arrived
      assertThat(seen).hasSize(6).doesNotHaveDuplicates().isSorted();
      assertThat(tracker.activityStream().subscribers()).isEqualTo(1);
    }
  }
}
