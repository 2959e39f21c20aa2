package tracker.cli;

import io.javalin.Javalin;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import tracker.plan.PlanService;
import tracker.tasks.TaskTrash;
import tracker.web.BundledFiles;
import tracker.web.RequestLog;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tracker.app.Tracker;
import tracker.demo.DemoPlan;
import tracker.app.WebApp;

/** {@code serve}: apply pending migrations, then serve the pages and the API. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Apply pending migrations, then serve the UI at / and the API at /api.")
public final class ServeCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--port", defaultValue = "${env:TRACKER_PORT:-7070}", paramLabel = "PORT",
      description = "Port to listen on (env TRACKER_PORT, default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", defaultValue = "${env:TRACKER_HOST:-127.0.0.1}", paramLabel = "HOST",
      description = "Address to bind (env TRACKER_HOST, default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--token", defaultValue = "${env:TRACKER_TOKEN}", paramLabel = "TOKEN",
      description = "A shared bearer token that acts as an admin (env TRACKER_TOKEN); with it, changes need a"
          + " token and reads stay open. Tokens per person and agent: see the token command.")
  String token;

  @Option(names = "--read-open", defaultValue = "${env:TRACKER_READ_OPEN:-false}", paramLabel = "BOOL", arity = "0..1",
      fallbackValue = "true", description = "On a server with identities, let callers without a token read"
          + " (env TRACKER_READ_OPEN, default ${DEFAULT-VALUE}).")
  boolean readOpen;

  @Option(names = "--allowed-hosts", defaultValue = "${env:TRACKER_ALLOWED_HOSTS}", paramLabel = "NAMES", split = ",",
      description = "Host names a loopback server answers to besides localhost, 127.0.0.1 and [::1], comma-separated"
          + " (env TRACKER_ALLOWED_HOSTS), e.g. the name a reverse proxy on this machine forwards.")
  List<String> allowedHosts = new ArrayList<>();

  @Option(names = "--lease-default", defaultValue = "${env:TRACKER_LEASE_DEFAULT_SECONDS}", paramLabel = "SECONDS",
      description = "Lease of a claim that names no lease_seconds (env TRACKER_LEASE_DEFAULT_SECONDS; default: none,"
          + " the claim holds until the task leaves in progress).")
  Integer leaseDefault;

  @Option(names = "--lease-max", defaultValue = "${env:TRACKER_LEASE_MAX_SECONDS:-604800}", paramLabel = "SECONDS",
      description = "Longest lease a claim may ask for (env TRACKER_LEASE_MAX_SECONDS, default ${DEFAULT-VALUE}).")
  int leaseMax;

  @Option(names = "--log-format", defaultValue = "${env:TRACKER_LOG_FORMAT:-plain}", paramLabel = "FORMAT",
      description = "The request log's lines: plain or json (env TRACKER_LOG_FORMAT, default ${DEFAULT-VALUE}).")
  String logFormat;

  @Option(names = "--trash-days", defaultValue = "${env:TRACKER_TRASH_DAYS:-30}", paramLabel = "DAYS",
      description = "How long deleted tasks stay restorable in the trash (env TRACKER_TRASH_DAYS, default ${DEFAULT-VALUE}).")
  int trashDays;

  @Option(names = "--bulk-delete-confirm", defaultValue = "${env:TRACKER_BULK_DELETE_CONFIRM:-20}", paramLabel = "N",
      description = "Bulk deletions of more tasks need the confirm of a dry run (env TRACKER_BULK_DELETE_CONFIRM,"
          + " default ${DEFAULT-VALUE}).")
  int bulkDeleteConfirm;

  @Option(names = "--demo", description = "Load the sample plan when the database has no tasks.")
  boolean demo;

  @Mixin
  DatabaseOptions database;

  private ParameterException openToTheNetwork() {
    return new ParameterException(spec.commandLine(), "refusing to bind " + host + " without a token: anyone on"
        + " the network could change the plan; make a first admin (token create --name NAME --role admin) or set"
        + " --token or TRACKER_TOKEN");
  }

  @Override
  public Integer call() throws Exception {
    if (port < 1 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port (TRACKER_PORT) must be between 1 and 65535, not " + port);
    }
    RequestLog.Format format = switch (logFormat == null ? "" : logFormat.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "plain" -> RequestLog.Format.PLAIN;
      case "json" -> RequestLog.Format.JSON;
      default -> throw new ParameterException(spec.commandLine(), "--log-format (TRACKER_LOG_FORMAT) must be plain or json,"
          + " not " + logFormat);
    };
    ServerLauncher.stopWithTheLauncher();
    refuseBusyPort();
    giveMemoryBackWhenIdle();
    PlanService.LeasePolicy leases;
    try {
      leases = new PlanService.LeasePolicy(leaseDefault, leaseMax);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--lease-default/--lease-max: " + e.getMessage());
    }
    TaskTrash.Policy trashPolicy;
    if (trashDays < 1 || trashDays > 3650) {
      throw new ParameterException(spec.commandLine(), "--trash-days must be between 1 and 3650, not " + trashDays);
    }
    try {
      trashPolicy = new TaskTrash.Policy(java.time.Duration.ofDays(trashDays), bulkDeleteConfirm);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--bulk-delete-confirm: " + e.getMessage());
    }
    boolean exposed = !isLoopback(host) && (token == null || token.isBlank());
    if (exposed && database.isNewSqliteFile()) {
      throw openToTheNetwork(); // before the file is made: a new database has no identities
    }
    // the web layer's classes load on the second core while the database opens (start-up: ~0.3-0.5 s)
    Thread warmUp = new Thread(WebApp::warmUp, "warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
    Tracker tracker = Tracker.open(database.jdbcUrl());
    tracker.trash().setPolicy(trashPolicy);
    if (exposed && !tracker.team().hasIdentities()) {
      tracker.close();
      throw openToTheNetwork();
    }
    tracker.plan().setLeasePolicy(leases);
    if (demo) {
      int loaded = DemoPlan.loadIfEmpty(tracker.tasks(), tracker.database().transactions());
      if (loaded > 0) {
        System.out.println("Loaded the demo plan: " + loaded + " tasks.");
      }
    }
    Javalin app = WebApp.create(tracker, token, allowedHosts(), format, readOpen).start(host, port);
    System.out.printf("Implementation Tracker on http://%s:%d (%s, schema %s)%n", host, app.port(),
        tracker.database().kind().label(), tracker.database().schemaVersion());
    tracker.plan().readInTheBackground();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        app.stop(); // stops accepting, ends event streams, lets requests under way finish (5 s at most)
      } finally {
        tracker.close(); // background work, then the database (SQLite checkpoints its WAL)
        BundledFiles.deleteCopies();
      }
      stopped.countDown();
      System.out.flush();
      // a stop asked for by SIGTERM or Ctrl-C that went as planned is a success, not signal 143
      Runtime.getRuntime().halt(0);
    }));
    stopped.await();
    return 0;
  }

  /**
   * A local tool should hand back the memory a burst of work took. G1's defaults, sized for a
   * server of its own, keep a heap grown under load for ever; on G1 (the JVM's default collector,
   * which a server started with {@code TRACKER_ONE_PROCESS} or an operator's options gets), unless
   * the operator chose otherwise, the heap keeps at most 30 % free after a collection, and once the
   * server is idle for 5 s a collection runs to return the rest (JDK 17 lets these three be set
   * while running; a maximum heap it does not). The serial collector the launcher chooses keeps
   * its own ratios: at 10 % free its old generation filled again within a second or two.
   */
  private static void giveMemoryBackWhenIdle() {
    com.sun.management.HotSpotDiagnosticMXBean hotspot = java.lang.management.ManagementFactory.getPlatformMXBean(
        com.sun.management.HotSpotDiagnosticMXBean.class);
    if (!"true".equals(hotspot.getVMOption("UseG1GC").getValue())) {
      return;
    }
    // the minimum first: the maximum may never fall below it
    for (String[] option : new String[][] {{"MinHeapFreeRatio", "10"}, {"MaxHeapFreeRatio", "30"},
        {"G1PeriodicGCInterval", "5000"}}) {
      if (hotspot.getVMOption(option[0]).getOrigin() == com.sun.management.VMOption.Origin.DEFAULT) {
        hotspot.setVMOption(option[0], option[1]);
      }
    }
  }

  /** A port another process holds is a usage error named with its number, before any file is created. */
  private void refuseBusyPort() {
    try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new java.net.InetSocketAddress(host, port));
    } catch (java.io.IOException e) {
      throw new ParameterException(spec.commandLine(), "port " + port + " on " + host
          + " is in use (or not ours to bind): stop what holds it, or choose another with --port / TRACKER_PORT");
    }
  }

  private Set<String> allowedHosts() {
    Set<String> names = new LinkedHashSet<>();
    for (String name : allowedHosts == null ? List.<String>of() : allowedHosts) {
      String trimmed = name.trim();
      if (!trimmed.isEmpty()) {
        if (!trimmed.matches("[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+]")) {
          throw new ParameterException(spec.commandLine(), "--allowed-hosts (TRACKER_ALLOWED_HOSTS): '" + trimmed
              + "' is not a host name (give names without scheme or port)");
        }
        names.add(trimmed);
      }
    }
    return names;
  }

  private boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new ParameterException(spec.commandLine(), "--host (TRACKER_HOST): unknown host '" + address + "'");
    }
  }
}
