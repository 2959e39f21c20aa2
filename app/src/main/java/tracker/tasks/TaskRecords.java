package tracker.tasks;

import java.time.Instant;
import java.util.List;
import tracker.domain.CommentType;
import tracker.domain.DependencyType;
import tracker.domain.TaskComment;
import tracker.domain.TaskProgress;

/** The small request and answer shapes of the task service. */
public final class TaskRecords {

  private TaskRecords() {}

  /**
   * A status change with an optional progress record and an optional typed comment; {@code force}
   * completes a task while its prerequisites are open. {@code claimToken}: sent by a worker as the
   * task's claimant, refused once another claim has replaced it.
   */
  public record StatusChange(
      String status, Integer progressPercentage, String notes, String comment, String commentType,
      String updatedBy, Boolean force, Long claimToken) {

    public StatusChange(String status, Integer progressPercentage, String notes, String comment, String commentType,
        String updatedBy) {
      this(status, progressPercentage, notes, comment, commentType, updatedBy, null, null);
    }
  }

  public record ProgressDraft(Integer progressPercentage, String notes, String updatedBy, Long claimToken) {

    public ProgressDraft(Integer progressPercentage, String notes, String updatedBy) {
      this(progressPercentage, notes, updatedBy, null);
    }
  }

  public record CommentDraft(String comment, String commentType, Long claimToken) {

    public CommentDraft(String comment, String commentType) {
      this(comment, commentType, null);
    }
  }

  public record DependencyDraft(Long dependsOnTaskId, String dependencyType) {}

  public record ProgressView(
      long id, long taskId, int progressPercentage, String notes, String updatedBy, Instant createdAt) {
    static ProgressView of(TaskProgress p) {
      return new ProgressView(p.getId(), p.getTask().getId(), p.getProgressPercentage(), p.getNotes(),
          p.getUpdatedBy(), p.getCreatedAt());
    }
  }

  /** A comment; {@code author} is null on comments older than identities. */
  public record CommentView(long id, long taskId, String comment, CommentType commentType, String author,
      Instant createdAt) {
    static CommentView of(TaskComment c) {
      return new CommentView(c.getId(), c.getTask().getId(), c.getComment(), c.getCommentType(), c.getAuthor(),
          c.getCreatedAt());
    }
  }

  /** A dependency as stored: {@code created} tells a new one from one that was already there. */
  public record DependencyView(long taskId, long dependsOnTaskId, DependencyType dependencyType, Instant createdAt) {}

  public record DependencyResult(boolean created, DependencyView dependency) {}

  /** One page of a listing. */
  public record Page<T>(List<T> items, long total, int limit, int offset) {}
}
