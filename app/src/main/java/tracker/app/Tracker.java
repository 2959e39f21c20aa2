package tracker.app;

import tracker.activity.ActivityLog;
import tracker.activity.ActivityStream;
import tracker.core.ChangeFeed;
import tracker.db.TrackerDatabase;
import tracker.groups.GroupService;
import tracker.legacy.LegacyImporter;
import tracker.plan.ForecastService;
import tracker.plan.ScenarioService;
import tracker.plan.PlanService;
import tracker.retries.IdempotencyService;
import tracker.team.SessionService;
import tracker.team.TeamService;
import tracker.tasks.BulkService;
import tracker.tasks.TaskService;
import tracker.tasks.SavedViews;
import tracker.tasks.TaskListing;
import tracker.tasks.TaskTrash;
import tracker.tasks.TaskStatistics;
import tracker.transfer.DataTransfer;


/** The assembled application: the database and the services every front end (API, pages, CLI) shares. */
public final class Tracker implements AutoCloseable {

  /** The release, as the CLI, /health and the MCP server name it. */
  public static final String VERSION = "0.1.0";

  private final TrackerDatabase database;
  private final ActivityLog activity;
  private final ActivityStream activityStream;
  private final TaskService tasks;
  private final TaskListing listing;
  private final TaskStatistics statistics;
  private final BulkService bulk;
  private final PlanService plan;
  private final GroupService groups;
  private final LegacyImporter legacy;
  private final SessionService sessions;
  private final IdempotencyService idempotency;
  private final TeamService team;
  private final TaskTrash trash;
  private final ForecastService forecast;
  private final ScenarioService scenarios;
  private final SavedViews views;

  private Tracker(TrackerDatabase database) {
    this.database = database;
    ChangeFeed changes = new ChangeFeed();
    this.activity = new ActivityLog(database.transactions(), database.kind(), changes);
    this.activityStream = new ActivityStream(activity, changes,
        database.kind().hasSingleWriter() ? null : database::dedicatedConnection);
    this.tasks = new TaskService(database.ebean(), database.transactions(), activity);
    this.listing = new TaskListing(database.ebean(), database.kind());
    this.statistics = new TaskStatistics(database.ebean(), database.transactions(), database.kind(), activity);
    this.bulk = new BulkService(database.ebean(), database.transactions(), tasks, activity);
    this.plan = new PlanService(database.ebean(), database.transactions(), database.kind(), tasks, listing,
        activity);
    this.groups = new GroupService(database.ebean(), database.transactions(), tasks, plan, activity);
    this.sessions = new SessionService(database.ebean(), database.transactions());
    this.idempotency = new IdempotencyService(database.ebean());
    this.team = new TeamService(database.ebean(), database.transactions(), activity);
    this.forecast = new ForecastService(database.ebean(), database.transactions(), plan);
    this.scenarios = new ScenarioService(database.ebean(), database.transactions(), forecast);
    this.views = new SavedViews(database.ebean(), database.transactions(), listing);
    this.trash = new TaskTrash(database.ebean(), database.transactions(), database.kind(), activity, tasks);
    this.legacy = new LegacyImporter(database.ebean(), database.transactions(), tasks, activity,
        database.kind());
  }

  public LegacyImporter legacy() {
    return legacy;
  }

  /** The answers kept for retried writes (Idempotency-Key). */
  public IdempotencyService idempotency() {
    return idempotency;
  }

  /** The calendar and the Monte Carlo forecast. */
  public ForecastService forecast() {
    return forecast;
  }

  /** What-if drafts, compared with the live plan. */
  public ScenarioService scenarios() {
    return scenarios;
  }

  /** Deleted tasks, restorable until purged. */
  /** The team's named task lists. */
  public SavedViews views() {
    return views;
  }

  public TaskTrash trash() {
    return trash;
  }

  /** The identities and their tokens. */
  public TeamService team() {
    return team;
  }

  /** The browsers' sign-ins. */
  public SessionService sessions() {
    return sessions;
  }

  /** Export and import of the whole database as JSON. */
  public DataTransfer transfer() {
    return new DataTransfer(database, activity);
  }

  public GroupService groups() {
    return groups;
  }

  /** Opens the database at a JDBC URL (applying pending migrations) and builds the services. */
  public static Tracker open(String jdbcUrl) {
    return new Tracker(TrackerDatabase.open(jdbcUrl, System.getenv("DB_USER"), System.getenv("DB_PASSWORD")));
  }

  public TrackerDatabase database() {
    return database;
  }

  /** The append-only history of every change. */
  public ActivityLog activity() {
    return activity;
  }

  /** The history delivered live (the /events stream); started by the server. */
  public ActivityStream activityStream() {
    return activityStream;
  }

  public TaskService tasks() {
    return tasks;
  }

  /** The plan in numbers: statistics, overview, areas in use. */
  /** Tasks read in bulk: the listing, search and titles. */
  public TaskListing listing() {
    return listing;
  }

  public TaskStatistics statistics() {
    return statistics;
  }

  public BulkService bulk() {
    return bulk;
  }

  public PlanService plan() {
    return plan;
  }

  @Override
  public void close() {
    activityStream.close();
    plan.close();
    database.close();
  }
}
