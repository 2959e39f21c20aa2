package tracker.domain;

import io.ebean.annotation.ConstraintMode;
import io.ebean.annotation.DbForeignKey;
import io.ebean.annotation.Index;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A typed comment on a task (legacy table `task_comments`). */
@Index(columnNames = "task_id")
@Entity
@Table(name = "task_comments")
public class TaskComment extends BaseEntity {

  @ManyToOne(optional = false)
  @DbForeignKey(onDelete = ConstraintMode.CASCADE)
  private Task task;

  @Column(nullable = false, length = 2000,
      columnDefinition = "varchar(2000) check (length(comment) >= 1)")
  private String comment;

  @Column(nullable = false)
  private CommentType commentType = CommentType.NOTE;

  /** Who wrote it: the identity (and its label) or the name the request gave; null in older rows. */
  @Column(length = 100)
  private String author;

  public Task getTask() {
    return task;
  }

  public void setTask(Task task) {
    this.task = task;
  }

  public String getComment() {
    return comment;
  }

  public void setComment(String comment) {
    this.comment = comment;
  }

  public String getAuthor() {
    return author;
  }

  public void setAuthor(String author) {
    this.author = author;
  }

  public CommentType getCommentType() {
    return commentType;
  }

  public void setCommentType(CommentType commentType) {
    this.commentType = commentType;
  }
}
