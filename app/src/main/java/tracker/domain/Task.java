package tracker.domain;

import io.ebean.annotation.DbForeignKey;
import io.ebean.annotation.Formula;
import io.ebean.annotation.Index;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A unit of planned work (legacy table `tasks`). */
@Entity
@Table(name = "tasks")
// by status, then area: also covers the statistics, which read every task's status, area, hours
// and blocked time from this index alone (one ordered scan, no table lookups); a status change
// still updates one index with the status in it
@Index(name = "ix_tasks_status_area", columnNames = {"status", "component_area", "time_estimate_hours", "blocked_since"})
@Index(columnNames = "phase")
@Index(columnNames = "component_area")
@Index(columnNames = "parent_task_id")
@Index(columnNames = "priority")
@Index(columnNames = "assignee")
// the lease sweep (every second, and before each ready or claim) seeks the expired leases here
// instead of reading every in-progress task; partial, so that a write to a task without a lease
// (every status change sets the column) leaves the index untouched
@Index(name = "ix_tasks_lease_expires_at", columnNames = "lease_expires_at",
    definition = "create index ix_tasks_lease_expires_at on tasks (lease_expires_at) where lease_expires_at is not null")
public class Task extends VersionedEntity {

  /** How deep subtasks may nest (a deeper chain could not even be deleted: SQLite cascades 1,000 levels at most). */
  public static final int MAX_SUBTASK_DEPTH = 100;


  @Column(nullable = false, length = 500, columnDefinition = "varchar(500) check (length(title) >= 1)")
  private String title;

  @Column(length = 2000)
  private String description;

  @Column(nullable = false, length = 100,
      columnDefinition = "varchar(100) check (length(component_area) >= 1)")
  private String componentArea;

  @Column(nullable = false, columnDefinition = "integer check (phase between 1 and 4)")
  private int phase;

  @Column(nullable = false)
  private Priority priority = Priority.MEDIUM;

  @Column(nullable = false)
  private Complexity complexity = Complexity.MEDIUM;

  @Column(nullable = false)
  private TaskStatus status = TaskStatus.NOT_STARTED;

  @Column(nullable = false, length = 200,
      columnDefinition = "varchar(200) check (length(source_document) >= 1)")
  private String sourceDocument;

  @Column(length = 1000)
  private String successCriteria;

  @Column(nullable = false,
      columnDefinition = "double precision check (time_estimate_hours between 0.1 and 200)")
  private double timeEstimateHours = 1.0;

  @ManyToOne
  @JoinColumn(name = "parent_task_id")
  @DbForeignKey(onDelete = io.ebean.annotation.ConstraintMode.CASCADE)
  private Task parent;

  /** The fewest hours the task could take (a forecast's range); null: from its complexity. */
  private Double optimisticHours;

  /** The most hours the task could take (a forecast's range); null: from its complexity. */
  private Double pessimisticHours;

  /** The identity the task is assigned to, by name (identities are never renamed or deleted). */
  @Column(length = 50)
  private String assignee;

  /** Free-text labels, sorted, between commas: ",backend,urgent," (null: none), so one LIKE finds a label. */
  @Column(length = 1100)
  private String labels;

  /** The worker holding the task after a claim, while it is in progress. */
  @Column(length = 100)
  private String claimedBy;

  /** When the claim's lease runs out unless the worker sends a heartbeat; null without a lease. */
  private java.time.Instant leaseExpiresAt;

  /** The lease length a heartbeat extends by. */
  private Integer leaseSeconds;

  /**
   * The fencing token of the latest claim: every claim of the task takes a larger one, and it is
   * never reset, so a worker whose claim was taken over holds a smaller one than the new holder.
   */
  @Column(nullable = false)
  @io.ebean.annotation.DbDefault("0")
  private long claimToken;

  /** Since when the task is blocked; null when it is not. */
  private java.time.Instant blockedSince;

  /** The status a solution restores when the task leaves "blocked". */
  @Column(length = 20)
  private TaskStatus statusBeforeBlocked;

  /** A task's newest progress figure in SQL, null when it has none; ${ta} is the task table's alias. */
  private static final String LATEST_PROGRESS = "(select p.progress_percentage from task_progress p"
      + " where p.task_id = ${ta}.id order by p.id desc limit 1)";
  private static final String PROGRESS = "coalesce(" + LATEST_PROGRESS + ", 0)";

  /** A task's progress in SQL (its newest record's figure, 0 when it has none), the task table aliased {@code alias}. */
  public static String progressOf(String alias) {
    return PROGRESS.replace("${ta}", alias);
  }

  /** As {@link #progressOf}, but null when the task has no progress record. */
  public static String latestProgressOf(String alias) {
    return LATEST_PROGRESS.replace("${ta}", alias);
  }

  /** Progress of the latest progress record, 0 when there is none. */
  @Formula(select = PROGRESS)
  private int progressPercentage;

  /** Priority by meaning (Critical 0 .. Low 3), for ordering. */
  @Formula(select = "(case ${ta}.priority when 'Critical' then 0 when 'High' then 1"
      + " when 'Medium' then 2 else 3 end)")
  private int priorityRank;

  public String getTitle() {
    return title;
  }

  public void setTitle(String title) {
    this.title = title;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public String getComponentArea() {
    return componentArea;
  }

  public void setComponentArea(String componentArea) {
    this.componentArea = componentArea;
  }

  public int getPhase() {
    return phase;
  }

  public void setPhase(int phase) {
    this.phase = phase;
  }

  public Priority getPriority() {
    return priority;
  }

  public void setPriority(Priority priority) {
    this.priority = priority;
  }

  public Complexity getComplexity() {
    return complexity;
  }

  public void setComplexity(Complexity complexity) {
    this.complexity = complexity;
  }

  public TaskStatus getStatus() {
    return status;
  }

  public void setStatus(TaskStatus status) {
    this.status = status;
  }

  public String getSourceDocument() {
    return sourceDocument;
  }

  public void setSourceDocument(String sourceDocument) {
    this.sourceDocument = sourceDocument;
  }

  public String getSuccessCriteria() {
    return successCriteria;
  }

  public void setSuccessCriteria(String successCriteria) {
    this.successCriteria = successCriteria;
  }

  public double getTimeEstimateHours() {
    return timeEstimateHours;
  }

  public void setTimeEstimateHours(double timeEstimateHours) {
    this.timeEstimateHours = timeEstimateHours;
  }

  public Task getParent() {
    return parent;
  }

  public void setParent(Task parent) {
    this.parent = parent;
  }

  public String getClaimedBy() {
    return claimedBy;
  }

  public java.time.Instant getLeaseExpiresAt() {
    return leaseExpiresAt;
  }

  public Integer getLeaseSeconds() {
    return leaseSeconds;
  }

  public long getClaimToken() {
    return claimToken;
  }

  public java.time.Instant getBlockedSince() {
    return blockedSince;
  }

  public TaskStatus getStatusBeforeBlocked() {
    return statusBeforeBlocked;
  }

  /** Set only by the state rules (TaskService.startIn); later changes go through TaskTransitions. */
  public void setBlocked(java.time.Instant since, TaskStatus before) {
    this.blockedSince = since;
    this.statusBeforeBlocked = before;
  }

  public int getPriorityRank() {
    return priorityRank;
  }

  public int getProgressPercentage() {
    return progressPercentage;
  }

  public String getAssignee() {
    return assignee;
  }

  public void setAssignee(String assignee) {
    this.assignee = assignee;
  }

  public String getLabels() {
    return labels;
  }

  public void setLabels(String labels) {
    this.labels = labels;
  }

  public Double getOptimisticHours() {
    return optimisticHours;
  }

  public void setOptimisticHours(Double optimisticHours) {
    this.optimisticHours = optimisticHours;
  }

  public Double getPessimisticHours() {
    return pessimisticHours;
  }

  public void setPessimisticHours(Double pessimisticHours) {
    this.pessimisticHours = pessimisticHours;
  }
}
