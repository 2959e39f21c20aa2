package tracker.core;

/**
 * Every numeric field a client can send, with its one range: the API's validation, the forms,
 * bulk, both imports and the OpenAPI document's minimum and maximum read these
 * (OpenApiLimitsTest checks the document).
 */
public enum NumberField {
  PHASE("phase", 1, 4),
  PROGRESS("progress_percentage", 0, 100),
  HOURS("time_estimate_hours", 0.1, 200),
  OPTIMISTIC_HOURS("optimistic_hours", 0.1, 200),
  PESSIMISTIC_HOURS("pessimistic_hours", 0.1, 1000),
  MAX_PARALLEL("max_parallel_tasks", 1, 50),
  LEASE_SECONDS("lease_seconds", 1, 7 * 24 * 3600),
  CLAIM_TOKEN("claim_token", 1, Long.MAX_VALUE),
  DELAY_HOURS("delay_hours", -200, 10_000);

  private final String field;
  private final double min;
  private final double max;

  NumberField(String field, double min, double max) {
    this.field = field;
    this.min = min;
    this.max = max;
  }

  public String field() {
    return field;
  }

  public double min() {
    return min;
  }

  public double max() {
    return max;
  }

  /** The bounds as whole numbers, for fields that take only those. */
  public int minWhole() {
    return (int) min;
  }

  public int maxWhole() {
    return (int) max;
  }
}
